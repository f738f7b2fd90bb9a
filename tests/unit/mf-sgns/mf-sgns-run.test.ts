import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpyMatrix } from '../../../src/engine/formats/npy';
import { runTraining } from '../../../src/workbench/runs/train-run';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

describe('an MF-SGNS run through the service', () => {
  it('writes W, C, loss.json and a vocabulary cut to the cap; warm-starts from an SPPMI-SVD run and refuses a mismatched one', async () => {
    const work = tempFolder();
    const corpusFile = writeCorpusSlice(work, 400_000);
    const common = { corpusFile, cacheFolder: join(work, 'cache'), backend: 'cpu' as const, threads: 1, corpus: { minCount: 3 } };

    const svd = join(work, 'svd');
    await runTraining({ model: 'sppmi-svd', ...common, corpus: { minCount: 3, maxSize: 600 }, out: svd, settings: { dimensions: 16, window: 5, eig: 0 } });

    const out = join(work, 'mf');
    const record = await runTraining({ model: 'mf-sgns', ...common, out, settings: { maxSize: 600, dimensions: 16, steps: 25, window: 5, init: svd } });
    expect(record.vocabularySize).toBe(600);
    expect(readFileSync(join(out, 'vocab.tsv'), 'utf8').trim().split('\n')).toHaveLength(600);
    for (const name of ['W.npy', 'C.npy']) {
      const matrix = await readNpyMatrix(join(out, name));
      expect([matrix.rows, matrix.columns]).toEqual([600, 16]);
      expect(matrix.values.every(Number.isFinite)).toBe(true);
    }
    const loss = JSON.parse(readFileSync(join(out, 'loss.json'), 'utf8')) as { steps: Array<{ step: number; loss: number }> };
    expect(loss.steps).toHaveLength(26);
    expect(loss.steps.at(-1)!.loss).toBeLessThan(loss.steps[0].loss);
    expect(record.results.finalLoss).toBe(loss.steps.at(-1)!.loss);

    // Another vocabulary or dimension is refused, naming both.
    await expect(runTraining({ model: 'mf-sgns', ...common, out: join(work, 'bad1'), settings: { maxSize: 500, dimensions: 16, steps: 2, init: svd } })).rejects.toThrow(
      /has 600 words but this run has 500/,
    );
    await expect(runTraining({ model: 'mf-sgns', ...common, out: join(work, 'bad2'), settings: { maxSize: 600, dimensions: 8, steps: 2, init: svd } })).rejects.toThrow(
      /has 16 dimensions but this run asks for 8/,
    );

    // By the run's id among the project's runs (the folder beside the new run); run.json keeps the id.
    const byId = await runTraining({ model: 'mf-sgns', ...common, out: join(work, 'mf-by-id'), settings: { maxSize: 600, dimensions: 16, steps: 2, window: 5, init: 'svd' } });
    expect(byId.settings.model.init).toBe('svd');
    // Unknown, not SPPMI-SVD, another vocabulary: each error names the run (and lists the ones it could be).
    await expect(runTraining({ model: 'mf-sgns', ...common, out: join(work, 'bad3'), settings: { maxSize: 600, dimensions: 16, steps: 2, init: 'nope' } })).rejects.toThrow(
      /have no run "nope"; its SPPMI-SVD runs are "svd"/,
    );
    await expect(runTraining({ model: 'mf-sgns', ...common, out: join(work, 'bad4'), settings: { maxSize: 600, dimensions: 16, steps: 2, init: 'mf' } })).rejects.toThrow(
      /the run "mf" \(.*\) is a run of MF-SGNS; a warm start needs an SPPMI-SVD run/,
    );
    await expect(runTraining({ model: 'mf-sgns', ...common, out: join(work, 'bad5'), settings: { maxSize: 500, dimensions: 16, steps: 2, init: 'svd' } })).rejects.toThrow(
      /the SPPMI-SVD run "svd" \(.*\) has 600 words but this run has 500/,
    );
  });
});
