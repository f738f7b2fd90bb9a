import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SweepSpecSchema } from '../../../src/shared/sweep';
import { planSweep } from '../../../src/shared/sweep-plan';
import { expandSweep } from '../../../src/shared/sweep';
import { readNpyMatrix } from '../../../src/engine/formats/npy';
import { runSweep } from '../../../src/workbench/sweep/run-sweep';
import { readSweepRecord, writeCancelledRuns } from '../../../src/workbench/sweep/sweep-record';
import { runTraining } from '../../../src/workbench/runs/train-run';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

// 2 windows × 2 shifts × 2 dimensions: 8 runs, 2 counts, 4 SVDs at d 12 (truncated to 6).
const spec = SweepSpecSchema.parse({
  name: 'small',
  models: [{ model: 'sppmi-svd', grid: { window: [2, 3], shiftK: [1, 5], dimensions: [6, 12] } }],
  corpus: { tokenPattern: 'whitespace' },
  sets: ['ws353'],
});
/** The same grid, its runs not scored: for the tests about what runs, not their scores. */
const unscored = { ...spec, sets: [] };

function setup(bytes = 120_000) {
  const work = tempFolder();
  const corpusFile = writeCorpusSlice(work, bytes);
  return { work, corpusFile, folder: join(work, 'sweep'), cacheFolder: join(work, 'cache') };
}

describe('runSweep', () => {
  it('computes one count per window and one SVD per (window, k), and writes ordinary, scored run folders', async () => {
    const { corpusFile, folder, cacheFolder } = setup();
    const progress: { done: number; total: number }[] = [];
    const outcome = await runSweep({
      spec,
      corpusFile,
      folder,
      cacheFolder,
      backend: 'cpu',
      threads: 1,
      onProgress: (event) => {
        if (event.details?.sweepRunsTotal !== undefined) progress.push({ done: event.details.sweepRunsDone, total: event.details.sweepRunsTotal });
      },
    });
    const plan = planSweep(expandSweep(spec));
    expect(plan).toMatchObject({ counts: 2, factorisations: 4 });
    expect(outcome.work).toEqual({ counts: plan.counts, factorisations: plan.factorisations, separateRuns: 0 });
    expect(outcome.trained).toHaveLength(8);
    expect(outcome.status).toMatchObject({ state: 'done', runsDone: 8, runsTotal: 8, settings: ['window', 'shiftK', 'dimensions'] });
    expect(progress.at(-1)).toEqual({ done: 8, total: 8 });

    // Each run is an ordinary run folder naming its sweep and grid point, scored on the sweep's sets.
    const record = readSweepRecord(folder);
    for (const row of outcome.status.rows) {
      const run = JSON.parse(readFileSync(join(row.folder, 'run.json'), 'utf8'));
      expect(run.sweep).toEqual({ id: record.id, folder, index: row.index, point: row.point });
      expect(run.settings.model).toMatchObject(row.point);
      expect(run.dimensions).toBe(row.point.dimensions);
      const W = await readNpyMatrix(join(row.folder, 'W.npy'));
      expect(W.columns).toBe(row.point.dimensions);
      // The table's scores are the run's own scores.json.
      const scores = JSON.parse(readFileSync(join(row.folder, 'scores.json'), 'utf8'));
      expect(row.scores).toEqual(scores.rows);
      expect(row.scores[0]).toMatchObject({ set: 'ws353', metric: 'spearman' });
    }
    // The d 6 run is the d 12 SVD truncated: the same leading singular values as its neighbour.
    const small = JSON.parse(readFileSync(join(outcome.status.rows[0].folder, 'run.json'), 'utf8'));
    const large = JSON.parse(readFileSync(join(outcome.status.rows[1].folder, 'run.json'), 'utf8'));
    expect(small.results.topSingularValues).toEqual(large.results.topSingularValues.slice(0, 6));
    expect(small.results.sweepShared).toEqual({ countRuns: 4, svdRuns: 2, svdDimensions: 12 });

    // results.csv: a header and one line per run, its score cells equal to the table's.
    const csv = readFileSync(join(folder, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(9);
    expect(csv[0]).toMatch(/^run,model,status,window,shiftK,dimensions,ws353 spearman,ws353 spearman coverage/);
    expect(csv[1].split(',')[6]).toBe(String(outcome.status.rows[0].scores[0].score));
  });

  it('matches runs trained on their own at the same settings, also where the SVD was warm-started', async () => {
    const { work, corpusFile, folder, cacheFolder } = setup();
    const one = SweepSpecSchema.parse({ ...unscored, models: [{ model: 'sppmi-svd', grid: { shiftK: [1, 5], dimensions: [6, 12] } }] });
    const outcome = await runSweep({ spec: one, corpusFile, folder, cacheFolder, backend: 'cpu', threads: 1 });
    for (const [index, shiftK] of [
      [0, 1],
      [2, 5],
    ]) {
      const direct = await runTraining({
        model: 'sppmi-svd',
        settings: { shiftK, dimensions: 6 },
        corpus: { tokenPattern: 'whitespace' },
        corpusFile,
        out: join(work, `direct-${shiftK}`),
        backend: 'cpu',
        threads: 1,
        cacheFolder,
      });
      const swept = JSON.parse(readFileSync(join(outcome.status.rows[index].folder, 'run.json'), 'utf8'));
      expect(swept.settings.model).toMatchObject({ shiftK, dimensions: 6 });
      expect(swept.results.sppmiNonZeros).toBe(direct.results.sppmiNonZeros);
      const a = swept.results.topSingularValues as number[];
      const b = direct.results.topSingularValues as number[];
      for (let rank = 0; rank < 6; rank++) expect(Math.abs(a[rank] - b[rank]) / b[rank]).toBeLessThan(0.02);
      // The k 5 SVD started from the k 1 SVD's subspace, and says so.
      expect(swept.results.sweepShared.svdWarmStartFrom).toBe(index === 0 ? undefined : 0);
    }
  });

  it('cancels one run while the sweep goes on, and queues it again on resume', async () => {
    const { corpusFile, folder, cacheFolder } = setup();
    const outcome = await runSweep({
      spec: unscored,
      corpusFile,
      folder,
      cacheFolder,
      backend: 'cpu',
      threads: 1,
      // As the service's cancelSweepRun does while the sweep runs: run 6 (window 3, k 1, d 12) and run 1 (being delivered next).
      onRunFinished: (row) => {
        if (row.index === 0) writeCancelledRuns(folder, new Set([1, 5]));
      },
    });
    expect(outcome.status.state).toBe('done');
    expect(outcome.status.rows.filter((row) => row.status === 'cancelled').map((row) => row.index)).toEqual([1, 5]);
    expect(outcome.trained.sort()).toEqual([0, 2, 3, 4, 6, 7]);
    expect(existsSync(outcome.status.rows[5].folder)).toBe(false);
    // Run 5 shared its count with runs 4, 6 and 7: still one count per window, and no SVD of its own (k 1 at d 6 for run 4).
    expect(outcome.work).toEqual({ counts: 2, factorisations: 4, separateRuns: 0 });

    const resumed = await runSweep({ spec: unscored, corpusFile, folder, cacheFolder, backend: 'cpu', threads: 1 });
    expect(resumed.trained.sort()).toEqual([1, 5]);
    expect(resumed.status).toMatchObject({ state: 'done', runsDone: 8 });
  });

  it('stops with a message when the corpus changes between runs', async () => {
    const { corpusFile, folder, cacheFolder } = setup();
    const promise = runSweep({
      spec: unscored,
      corpusFile,
      folder,
      cacheFolder,
      backend: 'cpu',
      threads: 1,
      onRunFinished: (row) => {
        if (row.index === 0) appendFileSync(corpusFile, ' more words here');
      },
    });
    await expect(promise).rejects.toThrow(/The corpus .* changed since this sweep started .* stopped after 1 finished run/);
    const record = readSweepRecord(folder);
    expect(record.state).toBe('failed');
    expect(record.problem).toMatch(/changed since this sweep started/);
    expect(record.runs.filter((entry) => entry.status === 'done')).toHaveLength(1);
    // Resuming on the changed corpus is refused as well.
    await expect(runSweep({ spec: unscored, corpusFile, folder, cacheFolder, backend: 'cpu', threads: 1 })).rejects.toThrow(/changed since this sweep started/);
  });

  it("warm-starts an MF-SGNS sweep from an SPPMI-SVD run of the project named by its id", async () => {
    const { work, corpusFile, folder, cacheFolder } = setup();
    const runsFolder = join(work, 'runs');
    const corpus = { tokenPattern: 'whitespace' as const, maxSize: 300 };
    await runTraining({ model: 'sppmi-svd', corpusFile, corpus, out: join(runsFolder, 'svd'), settings: { dimensions: 8 }, cacheFolder, backend: 'cpu', threads: 1 });
    const warm = SweepSpecSchema.parse({ models: [{ model: 'mf-sgns', grid: { steps: [1, 2] }, settings: { dimensions: 8, maxSize: 300, init: 'svd' } }], corpus, sets: [] });
    const outcome = await runSweep({ spec: warm, corpusFile, folder, runsFolder, cacheFolder, backend: 'cpu', threads: 1 });
    expect(outcome.status).toMatchObject({ state: 'done', runsDone: 2 });
    for (const row of outcome.status.rows) expect(JSON.parse(readFileSync(join(row.folder, 'run.json'), 'utf8')).settings.model.init).toBe('svd');
    const unknown = SweepSpecSchema.parse({ ...warm, models: [{ ...warm.models[0], settings: { ...warm.models[0].settings, init: 'nope' } }] });
    await expect(runSweep({ spec: unknown, corpusFile, folder: join(work, 'sweep2'), runsFolder, cacheFolder, backend: 'cpu', threads: 1 })).rejects.toThrow(/have no run "nope"; its SPPMI-SVD runs are "svd"/);
    expect(existsSync(join(work, 'sweep2'))).toBe(false); // refused before anything was written
  });
});
