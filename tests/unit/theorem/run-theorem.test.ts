import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TheoremSchema } from '../../../src/shared/compare';
import type { Progress } from '../../../src/shared/progress';
import { computeTheorem } from '../../../src/workbench/theorem/run-theorem';
import { runTraining } from '../../../src/workbench/runs/train-run';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

describe('computeTheorem on tiny runs', () => {
  /** A ~50,000-token slice of text8, a 16-d SGNS run and a 12-d SPPMI-SVD run trained on it. */
  async function trainBoth(): Promise<{ sgns: string; sppmiSvd: string; singularValues: number[]; cacheFolder: string }> {
    const work = tempFolder();
    const corpusFile = writeCorpusSlice(work, 300_000);
    const cacheFolder = join(work, 'cache');
    const common = { corpusFile, cacheFolder, backend: 'cpu' as const, threads: 1, corpus: { minCount: 5 } };
    const sgns = join(work, 'sgns');
    await runTraining({ model: 'sgns', ...common, out: sgns, settings: { dimensions: 16, window: 3, epochs: 3, negative: 5, seed: 3 } });
    const sppmiSvd = join(work, 'sppmi-svd');
    const record = await runTraining({ model: 'sppmi-svd', ...common, out: sppmiSvd, settings: { dimensions: 12, window: 2, cds: 0.75, shiftK: 2 } });
    return { sgns, sppmiSvd, singularValues: record.results.topSingularValues as number[], cacheFolder };
  }

  it('samples SGNS cells with PMI_α − log k next to w·c, and explains an SPPMI-SVD run\'s energy', async () => {
    const { sgns, sppmiSvd, singularValues, cacheFolder } = await trainBoth();

    const reports: Progress[] = [];
    const theorem = await computeTheorem({ folder: sgns, sample: 2000, seed: 1, cacheFolder, onProgress: (progress) => reports.push(progress) });
    expect(TheoremSchema.parse(theorem)).toEqual(theorem);
    if (theorem.model !== 'sgns') throw new Error('expected an sgns theorem');
    expect(theorem).toMatchObject({ negatives: 5, alpha: 0.75, window: 3 });
    expect(theorem.cells).toBeGreaterThan(2000);
    expect(theorem.sampled).toBe(2000);
    expect(theorem.sampled).toBeLessThanOrEqual(theorem.cells);
    for (const field of ['shiftedPmi', 'dot', 'count', 'words', 'contexts'] as const) expect(theorem[field]).toHaveLength(theorem.sampled);
    expect(theorem.shiftedPmi.every(Number.isFinite) && theorem.dot.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(theorem.pearson)).toBe(true);
    expect(theorem.pearson).toBeGreaterThan(0.2); // 0.54 on this slice
    expect(theorem.spearman).toBeGreaterThan(0);
    // The vocabulary is the run's: every sampled word is in its vocab.tsv.
    const vocabulary = new Set(readFileSync(join(sgns, 'vocab.tsv'), 'utf8').trim().split('\n').map((line) => line.split('\t')[0]));
    expect(theorem.words.every((word) => vocabulary.has(word)) && theorem.contexts.every((word) => vocabulary.has(word))).toBe(true);
    expect(reports.some((report) => report.phase === 'count')).toBe(true);
    // The same seed samples the same cells.
    const again = await computeTheorem({ folder: sgns, sample: 2000, seed: 1, cacheFolder });
    expect(again).toEqual(theorem);

    const svd = await computeTheorem({ folder: sppmiSvd, sample: 2000, seed: 1, cacheFolder });
    expect(TheoremSchema.parse(svd)).toEqual(svd);
    if (svd.model !== 'sppmi-svd') throw new Error('expected an sppmi-svd theorem');
    expect(svd.dimensions).toBe(12);
    expect(svd.singularValues).toHaveLength(12);
    expect(svd.singularValues.slice(0, 10)).toEqual(singularValues);
    expect(svd.frobeniusSquared).toBeGreaterThan(0);
    expect(svd.energy).toBeGreaterThan(0);
    expect(svd.energy).toBeLessThanOrEqual(1);
    expect(svd.energy).toBeCloseTo(svd.singularValues.reduce((sum, value) => sum + value * value, 0) / svd.frobeniusSquared, 12);

    // Without C.npy an SGNS run cannot be checked: the error names the file.
    rmSync(join(sgns, 'C.npy'));
    await expect(computeTheorem({ folder: sgns, sample: 2000, seed: 1, cacheFolder })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('has no context vectors (C.npy)'),
      where: { file: join(sgns, 'C.npy') },
    });
  });

  it('names run.json when it is missing or its model is unknown', async () => {
    const folder = tempFolder();
    await expect(computeTheorem({ folder, sample: 100, seed: 1, cacheFolder: join(folder, 'cache') })).rejects.toMatchObject({
      code: 'not-found',
      where: { file: join(folder, 'run.json') },
    });
    writeFileSync(join(folder, 'run.json'), JSON.stringify({ model: 'glove', corpus: { file: join(folder, 'corpus.txt') }, settings: {} }));
    await expect(computeTheorem({ folder, sample: 100, seed: 1, cacheFolder: join(folder, 'cache') })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('glove'),
      where: { file: join(folder, 'run.json'), field: 'model' },
    });
  });
});
