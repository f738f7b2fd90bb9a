import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TheoremSchema, type Theorem } from '../../../src/shared/compare';
import type { Progress } from '../../../src/shared/progress';
import { float64VectorNpy } from '../../../src/engine/formats/npy-vector';
import { computeTheorem } from '../../../src/workbench/theorem/run-theorem';
import { runTraining } from '../../../src/workbench/runs/train-run';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

function writeVector(file: string, values: number[]): void {
  writeFileSync(file, Buffer.concat([...float64VectorNpy(Float64Array.from(values))]));
}

describe('computeTheorem on tiny runs of one project', () => {
  /** A ~50,000-token slice of text8; a 16-d SGNS run and a 12-d SPPMI-SVD run side by side in one runs folder. */
  async function trainBoth(): Promise<{ runs: string; sgns: string; sppmiSvd: string; singularValues: number[]; cacheFolder: string }> {
    const work = tempFolder();
    const corpusFile = writeCorpusSlice(work, 300_000);
    const cacheFolder = join(work, 'cache');
    const runs = join(work, 'runs');
    const common = { corpusFile, cacheFolder, backend: 'cpu' as const, threads: 1, corpus: { minCount: 5 } };
    const sgns = join(runs, 'sgns');
    await runTraining({ model: 'sgns', ...common, out: sgns, settings: { dimensions: 16, window: 3, epochs: 3, negative: 5, seed: 3 } });
    const sppmiSvd = join(runs, 'sppmi-svd');
    const record = await runTraining({ model: 'sppmi-svd', ...common, out: sppmiSvd, settings: { dimensions: 12, window: 2, cds: 0.75, shiftK: 2, eig: 0 } });
    return { runs, sgns, sppmiSvd, singularValues: record.results.topSingularValues as number[], cacheFolder };
  }

  function expectWellFormed(theorem: Theorem): void {
    expect(TheoremSchema.parse(theorem)).toEqual(theorem);
    expect(theorem.density.counts).toHaveLength(theorem.density.bins ** 2);
    expect(theorem.density.counts.reduce((a, b) => a + b, 0) + theorem.density.outside).toBe(theorem.cells);
    expect(theorem.bands.reduce((sum, band) => sum + band.cells, 0)).toBe(theorem.cells);
    expect(theorem.weights.cells.reduce((a, b) => a + b, 0)).toBe(theorem.cells);
    expect(theorem.median.x.length).toBeGreaterThan(5);
    theorem.median.x.forEach((_, index) => {
      expect(theorem.median.q25[index]).toBeLessThanOrEqual(theorem.median.median[index]);
      expect(theorem.median.median[index]).toBeLessThanOrEqual(theorem.median.q75[index]);
    });
  }

  it('sets every observed cell against PMI_α − log k, and scores every run of the project on one SGNS objective', async () => {
    const { sgns, sppmiSvd, singularValues, cacheFolder } = await trainBoth();

    const reports: Progress[] = [];
    const theorem = await computeTheorem({ folder: sgns, cacheFolder, threads: 1, onProgress: (progress) => reports.push(progress) });
    expectWellFormed(theorem);
    expect(theorem).toMatchObject({ model: 'sgns', target: 'shifted-pmi', scoreLabel: 'w·c', negatives: 5, alpha: 0.75, window: 3, weighting: 'dyn', dimensions: 16 });
    const vocabulary = readFileSync(join(sgns, 'vocab.tsv'), 'utf8').trim().split('\n').length;
    expect(theorem.vocabulary).toBe(vocabulary);
    // Frequent cells follow the line better than rare ones: the point of the view.
    // (SGNS subsamples frequent words, t = 1e-4: on 50,000 tokens few cells reach N = 10.)
    const seen = theorem.bands.filter((band) => band.cells >= 100);
    const [rare, frequent] = [seen[0], seen[seen.length - 1]];
    expect(frequent.low).toBeGreaterThanOrEqual(2);
    expect(frequent.pearson!).toBeGreaterThan(rare.pearson!);
    expect(theorem.weightedPearson!).toBeGreaterThan(theorem.pearson!);
    expect(theorem.sentence).toContain('w·c = PMI − log k: for ');
    expect(reports.some((report) => report.phase === 'count')).toBe(true);
    expect(reports.some((report) => report.phase === 'loss of sgns')).toBe(true);

    // Both runs, on the same words and counts; SGNS fits its own objective better than SVD does.
    expect(theorem.loss.runs.map((run) => [run.id, run.current])).toEqual([
      ['sgns', true],
      ['sppmi-svd', false],
    ]);
    expect(theorem.loss.words).toBe(vocabulary);
    for (const run of theorem.loss.runs) expect(run.loss).toBeCloseTo(run.positive + run.negative, 3);
    expect(theorem.loss.runs[0].loss).toBeLessThan(theorem.loss.runs[1].loss);
    // A smaller shared vocabulary: the first N words.
    const small = await computeTheorem({ folder: sgns, cacheFolder, threads: 1, lossVocabulary: 200 });
    expect(small.loss.words).toBe(200);
    expect(small.loss.cells).toBe(40_000);

    // SPPMI-SVD saved with p = 0 (W = U): the view puts it back to U·Σ^½ and V·Σ^½, and keeps the spectrum.
    const svd = await computeTheorem({ folder: sppmiSvd, cacheFolder, threads: 1 });
    expectWellFormed(svd);
    expect(svd).toMatchObject({ model: 'sppmi-svd', target: 'shifted-pmi', negatives: 2, window: 2, weighting: 'flat', dimensions: 12 });
    expect(svd.spectrum!.singularValues.slice(0, 10)).toEqual(singularValues);
    expect(svd.spectrum!.energy).toBeGreaterThan(0);
    expect(svd.spectrum!.energy).toBeLessThanOrEqual(1);
    expect(svd.sentence).toContain('SVD');
    // The loss table is the same whichever run is viewed: SVD's view scores both runs on the SGNS run's objective.
    expect(svd.loss.objective).toEqual({ id: 'sgns', model: 'sgns', window: 3, weighting: 'dyn', k: 5, alpha: 0.75, negativeTerm: 'levy' });
    for (const run of theorem.loss.runs) expect(svd.loss.runs.find((other) => other.id === run.id)!.loss).toBeCloseTo(run.loss, 6);
    expect(svd.loss.runs.find((run) => run.current)!.id).toBe('sppmi-svd');
    // Rescaled to Σ^½, w·c of frequent SPPMI cells sits near PMI − log k.
    expect(svd.bands.find((band) => band.label === 'N ≥ 100')!.pearson!).toBeGreaterThan(0.5);
  }, 120_000);

  it('reads any model by its files and settings: a model it has never seen, and one with biases (GloVe)', async () => {
    const { runs, sgns, cacheFolder } = await trainBoth();
    const record = JSON.parse(readFileSync(join(sgns, 'run.json'), 'utf8'));

    // A model with the count-based family's settings (as MF-SGNS has): window, weighting, negative, cds.
    const other = join(runs, 'other');
    cpSync(sgns, other, { recursive: true });
    writeFileSync(join(other, 'run.json'), JSON.stringify({ ...record, model: 'new-model', settings: { ...record.settings, model: { window: 3, weighting: 'flat', negative: 3, cds: 0.5 } } }));
    const generic = await computeTheorem({ folder: other, cacheFolder, threads: 1, lossVocabulary: 300 });
    expect(generic).toMatchObject({ model: 'new-model', target: 'shifted-pmi', negatives: 3, alpha: 0.5, window: 3, weighting: 'flat' });
    expect(generic.loss.runs.map((run) => run.id).sort()).toEqual(['other', 'sgns', 'sppmi-svd']);

    // Biases (b, b̃) make it GloVe's family: w·c + b + b̃ against log N, with harmonic weights by default.
    const glove = join(runs, 'glove');
    cpSync(sgns, glove, { recursive: true });
    const V = generic.vocabulary;
    writeVector(join(glove, 'word-biases.npy'), Array.from({ length: V }, (_, index) => 0.001 * index));
    writeVector(join(glove, 'context-biases.npy'), Array.from({ length: V }, () => 0.5));
    writeFileSync(join(glove, 'run.json'), JSON.stringify({ ...record, model: 'glove', settings: { ...record.settings, model: { window: 4, xMax: 10 } } }));
    const biased = await computeTheorem({ folder: glove, cacheFolder, threads: 1, lossVocabulary: 300 });
    expect(biased).toMatchObject({ model: 'glove', target: 'log-count', targetLabel: 'log N', scoreLabel: 'w·c + b + b̃', window: 4, weighting: 'harmonic' });
    expect(biased.weightLabel).toContain('N/10');
    expect(biased.weights.xMax).toBe(10);
    expect(biased.sentence).toContain('GloVe');

    // A run trained on its most frequent words only (a vocabulary cap): the rest count as out of vocabulary.
    const capped = join(runs, 'capped');
    cpSync(sgns, capped, { recursive: true });
    const words = readFileSync(join(sgns, 'vocab.tsv'), 'utf8').trim().split('\n');
    writeFileSync(join(capped, 'vocab.tsv'), `${words.slice(0, 100).join('\n')}\n`);
    const { readNpyMatrix, npyChunks } = await import('../../../src/engine/formats/npy');
    for (const name of ['W.npy', 'C.npy']) {
      const matrix = await readNpyMatrix(join(sgns, name));
      writeFileSync(join(capped, name), Buffer.concat([...npyChunks(matrix.values.slice(0, 100 * matrix.columns), 100, matrix.columns)]));
    }
    const cappedTheorem = await computeTheorem({ folder: capped, cacheFolder, threads: 1 });
    expect(cappedTheorem.vocabulary).toBe(100);
    expect(cappedTheorem.loss.words).toBe(100);
  }, 120_000);

  it('names the file when run.json, W.npy or C.npy is missing', async () => {
    const folder = tempFolder();
    await expect(computeTheorem({ folder, cacheFolder: join(folder, 'cache') })).rejects.toMatchObject({ code: 'not-found', where: { file: join(folder, 'run.json') } });
    writeFileSync(join(folder, 'run.json'), JSON.stringify({ model: 'glove', corpus: { file: join(folder, 'corpus.txt') }, settings: {} }));
    await expect(computeTheorem({ folder, cacheFolder: join(folder, 'cache') })).rejects.toMatchObject({ code: 'not-found', where: { file: join(folder, 'W.npy') } });
    writeFileSync(join(folder, 'W.npy'), '');
    await expect(computeTheorem({ folder, cacheFolder: join(folder, 'cache') })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('has no context vectors (C.npy)'),
      where: { file: join(folder, 'C.npy') },
    });
    rmSync(join(folder, 'W.npy'));
  });
});
