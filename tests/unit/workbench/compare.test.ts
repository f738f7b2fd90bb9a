import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src/shared/contract';
import type { Workbench } from '../../../src/workbench/workbench';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';
import { testWorkbench } from '../../helpers/workbench';

const tempFolder = useTempFolders();
let workbench: Workbench;
let sgnsRun: string;
let svdRun: string;
/** The runs outlive each test: made once, removed after the last. */
let shared: string;

async function train(model: 'sgns' | 'sppmi-svd', corpus: string, out: string, settings: Record<string, unknown>): Promise<void> {
  const finished = new Promise<EventPayload<'jobFinished'>>((resolve) => workbench.on('jobFinished', resolve));
  await workbench.startTraining({ model, corpusFile: corpus, out, corpus: { tokenPattern: 'whitespace', minCount: 5 }, settings, threads: 1 });
  expect((await finished).status).toBe('done');
}

/** The progress events of one jobId, gathered while `work` runs. */
async function withProgress<T>(jobId: string, work: () => Promise<T>): Promise<{ result: T; phases: Set<string> }> {
  const phases = new Set<string>();
  const stop = workbench.on('progress', (event) => {
    if (event.jobId === jobId) phases.add(event.phase);
  });
  try {
    return { result: await work(), phases };
  } finally {
    stop();
  }
}

beforeAll(async () => {
  shared = mkdtempSync(join(tmpdir(), 'firth-compare-'));
  const data = join(shared, 'data');
  workbench = testWorkbench(data);
  const corpus = writeCorpusSlice(shared, 600_000);
  sgnsRun = join(data, 'runs', 'sgns');
  svdRun = join(data, 'runs', 'svd');
  await train('sgns', corpus, sgnsRun, { dimensions: 20, window: 3, epochs: 1, negative: 5 });
  await train('sppmi-svd', corpus, svdRun, { dimensions: 16, window: 2 });
}, 120_000);

afterAll(async () => {
  await workbench.dispose();
  rmSync(shared, { recursive: true, force: true });
});

describe('comparing two runs through the service', () => {
  it('opens a comparison in a worker with progress, then answers neighbours, overlap, alignment and maps', async () => {
    const { result: comparison, phases } = await withProgress('open-1', () =>
      workbench.openComparison({ a: { folder: sgnsRun }, b: { folder: svdRun }, top: 1000, jobId: 'open-1' }),
    );
    expect(phases).toEqual(new Set(['neighbours in A', 'neighbours in B']));
    expect(comparison.a).toMatchObject({ model: 'sgns', matrix: 'w', dimensions: 20, label: 'sgns · sgns (W)' });
    expect(comparison.b).toMatchObject({ model: 'sppmi-svd', dimensions: 16 });
    // Same corpus, same vocabulary settings: every word is shared.
    expect(comparison).toMatchObject({ onlyInA: 0, onlyInB: 0, kMax: 100 });
    expect(comparison.shared).toBe(comparison.a.vocabularySize);
    expect(comparison.words).toHaveLength(1000);
    expect(comparison.words[0]).toBe('the');

    const neighbors = await workbench.compareNeighbors({ comparisonId: comparison.comparisonId, word: 'three', k: 10 });
    expect(neighbors.a).toHaveLength(10);
    expect(neighbors.b).toHaveLength(10);
    expect(neighbors.a[0].similarity).toBeGreaterThanOrEqual(neighbors.a[9].similarity);
    expect(neighbors.a.filter((entry) => entry.common)).toHaveLength(neighbors.common);
    expect(neighbors.jaccard).toBeCloseTo(neighbors.common / (20 - neighbors.common), 12);
    expect(neighbors.sweep[9]).toBeCloseTo(neighbors.jaccard, 12);
    // Numbers sit near numbers in both spaces, even after one epoch on a small slice.
    const numbers = new Set(['one', 'two', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'zero']);
    expect(neighbors.b.filter((entry) => numbers.has(entry.word)).length).toBeGreaterThanOrEqual(3);

    const overlap = await workbench.compareOverlap({ comparisonId: comparison.comparisonId, k: 10 });
    expect(overlap.jaccard).toHaveLength(1000);
    expect(overlap.jaccard[comparison.words.indexOf('three')]).toBeCloseTo(neighbors.jaccard, 12);
    expect(overlap.mean).toBeGreaterThan(0);
    expect(overlap.mean).toBeLessThan(1);

    const alignment = await workbench.compareAlignment({ comparisonId: comparison.comparisonId, anchors: { mode: 'top', top: 500 } });
    expect(alignment.anchors).toBe(500);
    expect(alignment.displacement).toHaveLength(1000);
    expect(alignment.displacement.every((value) => value >= -1e-6 && value <= 2 + 1e-6)).toBe(true);

    const pca = await workbench.compareProjection({ comparisonId: comparison.comparisonId, method: 'pca' });
    expect(pca).toMatchObject({ method: 'pca', count: 1000 });
    expect(pca.a.x).toHaveLength(1000);
    expect(pca.b.explained![0]).toBeGreaterThan(0);

    const { result: umap, phases: umapPhases } = await withProgress('umap-1', () =>
      workbench.compareProjection({ comparisonId: comparison.comparisonId, method: 'umap', top: 200, seed: 3, jobId: 'umap-1' }),
    );
    expect(umap).toMatchObject({ method: 'umap', count: 200 });
    expect(umap.a.x.every(Number.isFinite)).toBe(true);
    expect(umapPhases).toEqual(new Set(['UMAP of A', 'UMAP of B']));

    expect(await workbench.closeComparison({ comparisonId: comparison.comparisonId })).toEqual({ closed: true });
    await expect(workbench.compareOverlap({ comparisonId: comparison.comparisonId, k: 5 })).rejects.toMatchObject({ code: 'not-found', message: /was closed/ });
  }, 120_000);

  it('cancels a UMAP map by its jobId', async () => {
    const comparison = await workbench.openComparison({ a: { folder: sgnsRun }, b: { folder: svdRun }, top: 3000 });
    // Cancelled in the layout epochs, which look at the signal every step. (The neighbour graph before
    // them is one synchronous call: a cancel there waits for it, or ends the thread after a grace
    // period on a slow machine, which would close the comparison.)
    const started = new Promise<void>((resolve) => {
      const stop = workbench.on('progress', (event) => {
        if (event.jobId !== 'umap-cancel' || event.unit !== 'epochs') return;
        stop();
        resolve();
      });
    });
    const projection = workbench.compareProjection({ comparisonId: comparison.comparisonId, method: 'umap', jobId: 'umap-cancel' });
    await started;
    expect(await workbench.cancelJob({ jobId: 'umap-cancel' })).toEqual({ cancelled: true });
    await expect(projection).rejects.toMatchObject({ code: 'cancelled' });
    // The comparison itself stays usable.
    expect((await workbench.compareOverlap({ comparisonId: comparison.comparisonId, k: 5 })).jaccard).toHaveLength(comparison.words.length);
  }, 60_000);

  it('says when most vectors share one direction, centres them on request, and lists all-zero vectors', async () => {
    const folder = tempFolder();
    const file = join(folder, 'offset.txt');
    // Every vector is (10, small, small) except one all-zero row: the unit vectors nearly coincide.
    const rows = Array.from({ length: 40 }, (_, index) => (index === 3 ? `w${index} 0 0 0` : `w${index} 10 ${Math.sin(index)} ${Math.cos(index * 1.7)}`));
    writeFileSync(file, `40 3\n${rows.join('\n')}\n`);
    const plain = await workbench.openComparison({ a: { folder: file }, b: { folder: file } });
    expect(plain.meanUnitNorm!.a).toBeGreaterThan(0.9);
    expect(plain.centred).toBe(false);
    expect(plain.zeroVectors).toEqual({ a: [3], b: [3] });
    const centred = await workbench.openComparison({ a: { folder: file }, b: { folder: file }, centre: { components: 0 } });
    expect(centred.centred).toBe(true);
    const neighbours = await workbench.compareNeighbors({ comparisonId: centred.comparisonId, word: 'w1', k: 5 });
    // Centred, cosines spread out instead of all sitting near 1.
    const uncentred = await workbench.compareNeighbors({ comparisonId: plain.comparisonId, word: 'w1', k: 5 });
    expect(Math.min(...uncentred.a.map((entry) => entry.similarity))).toBeGreaterThan(0.99);
    expect(Math.min(...neighbours.a.map((entry) => entry.similarity))).toBeLessThan(0.99);
  }, 60_000);

  it('refuses bad input with messages that say what is wrong', async () => {
    const folder = tempFolder();
    const left = join(folder, 'left.txt');
    const right = join(folder, 'right.txt');
    const vectors = (prefix: string) => Array.from({ length: 30 }, (_, index) => `${prefix}${index} ${index % 3} ${(index * 7) % 5} 1`).join('\n');
    writeFileSync(left, `30 3\n${vectors('a')}\n`);
    writeFileSync(right, `30 3\n${vectors('a').split('\n').slice(0, 5).join('\n')}\n${vectors('b').split('\n').slice(5).join('\n')}\n`);
    await expect(workbench.openComparison({ a: { folder: left }, b: { folder: right } })).rejects.toThrow(/share 5 words; a comparison needs at least 10/);
    await expect(workbench.openComparison({ a: { folder: join(folder, 'nope') }, b: { folder: right } })).rejects.toMatchObject({ code: 'not-found', where: { field: 'a.folder' } });

    const comparison = await workbench.openComparison({ a: { folder: left }, b: { folder: left } });
    expect(comparison.kMax).toBe(29);
    await expect(workbench.compareNeighbors({ comparisonId: comparison.comparisonId, word: 'a1', k: 40 })).rejects.toThrow(/k must be a whole number from 1 to 29/);
    await expect(workbench.compareNeighbors({ comparisonId: comparison.comparisonId, word: 'zebra', k: 5 })).rejects.toThrow(/“zebra” is not among the 30 shared words/);
  }, 60_000);

  it('shows the theorem: SGNS w·c against PMI − log k over every observed cell, SPPMI-SVD too with its spectrum; a run without C says why', async () => {
    const { result: sgns, phases } = await withProgress('theorem-1', () => workbench.getTheorem({ folder: sgnsRun, lossVocabulary: 500, jobId: 'theorem-1' }));
    expect(phases.size).toBeGreaterThan(0);
    expect(sgns.model).toBe('sgns');
    expect(sgns.cells).toBeGreaterThan(5000);
    expect(sgns.negatives).toBe(5);
    expect(sgns.bands.reduce((sum, band) => sum + band.cells, 0)).toBe(sgns.cells);
    // The seed's claim, on real data: w·c tracks PMI − log k.
    expect(sgns.pearson!).toBeGreaterThan(0.2);
    expect(sgns.loss.runs.some((run) => run.current && Number.isFinite(run.loss))).toBe(true);

    const svd = await workbench.getTheorem({ folder: svdRun, lossVocabulary: 500 });
    expect(svd.model).toBe('sppmi-svd');
    expect(svd.spectrum!.singularValues).toHaveLength(16);
    expect(svd.spectrum!.energy).toBeGreaterThan(0);
    expect(svd.spectrum!.energy).toBeLessThanOrEqual(1);

    const copy = join(tempFolder(), 'no-context');
    cpSync(sgnsRun, copy, { recursive: true });
    rmSync(join(copy, 'C.npy'));
    await expect(workbench.getTheorem({ folder: copy })).rejects.toThrow(/no context vectors/);
  }, 120_000);
});
