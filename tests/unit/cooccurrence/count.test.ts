import { describe, expect, it } from 'vitest';
import type { CooccurrenceMatrix } from '../../../src/engine/cooccurrence/cooccurrence-matrix';
import { resolveCooccurrenceOptions, type CooccurrenceOptions } from '../../../src/engine/cooccurrence/cooccurrence-options';
import { countCooccurrences } from '../../../src/engine/cooccurrence/count';
import { removeTokens } from '../../../src/engine/cooccurrence/remove-tokens';
import { subsampleKeepProbabilities } from '../../../src/engine/cooccurrence/subsample';
import { windowWeights } from '../../../src/engine/cooccurrence/window-weights';
import { FirthError } from '../../../src/shared/errors';
import { denseCounts, randomCorpus, toDense } from './reference';

const [oov, end] = [-1, -2];

function count(ids: number[] | Int32Array, size: number, options: Partial<CooccurrenceOptions>): Promise<CooccurrenceMatrix> {
  return countCooccurrences(Int32Array.from(ids), size, options);
}

/** N as rows of numbers, for comparing with hand-written matrices. */
async function rowsOf(ids: number[], size: number, options: Partial<CooccurrenceOptions>): Promise<number[][]> {
  const dense = toDense(await count(ids, size, options));
  return Array.from({ length: size }, (_, row) => [...dense.subarray(row * size, (row + 1) * size)]);
}

/** CSR invariants: pointers rise from 0 to the cell count, columns strictly ascend in each row, values are
 * positive, and the stored marginals are the sums of the stored cells. */
function checkCsr(matrix: CooccurrenceMatrix): void {
  const { rows, rowPointers, columnIndices, values } = matrix;
  expect(rowPointers.length).toBe(rows + 1);
  expect([rowPointers[0], rowPointers[rows]]).toEqual([0, values.length]);
  const rowSums = new Float64Array(rows);
  const columnSums = new Float64Array(matrix.columns);
  const problems: string[] = [];
  for (let row = 0; row < rows; row++) {
    if (rowPointers[row + 1] < rowPointers[row]) problems.push(`row pointer falls at ${row}`);
    for (let slot = rowPointers[row]; slot < rowPointers[row + 1]; slot++) {
      if (slot > rowPointers[row] && columnIndices[slot] <= columnIndices[slot - 1]) problems.push(`row ${row} not ascending at ${slot}`);
      if (!(values[slot] > 0)) problems.push(`value ${values[slot]} at ${slot}`);
      rowSums[row] += values[slot];
      columnSums[columnIndices[slot]] += values[slot];
    }
  }
  expect(problems).toEqual([]);
  let total = 0;
  for (let row = 0; row < rows; row++) {
    total += rowSums[row];
    if (Math.abs(matrix.rowSums[row] - rowSums[row]) > 1e-9) problems.push(`row sum ${row}`);
  }
  for (let column = 0; column < matrix.columns; column++) {
    if (Math.abs(matrix.columnSums[column] - columnSums[column]) > 1e-9) problems.push(`column sum ${column}`);
  }
  expect(problems).toEqual([]);
  expect(matrix.total).toBeCloseTo(total, 9);
}

describe('window weights', () => {
  it('flat, dyn (word2vec expected weights) and harmonic match the hand values', () => {
    expect([...windowWeights(5, 'flat')].slice(1)).toEqual([1, 1, 1, 1, 1]);
    expect([...windowWeights(5, 'dyn')].slice(1)).toEqual([1, 0.8, 0.6, 0.4, 0.2]);
    expect([...windowWeights(2, 'dyn')].slice(1)).toEqual([1, 0.5]);
    expect([...windowWeights(4, 'harmonic')].slice(1)).toEqual([1, 1 / 2, 1 / 3, 1 / 4]);
  });

  it('weights every pair of a 5-token sentence by its distance', async () => {
    // "a b c d e", L = 3: pairs at distance 1 (ab bc cd de), 2 (ac bd ce), 3 (ad be).
    const sentence = [0, 1, 2, 3, 4];
    const expected = (w1: number, w2: number, w3: number): number[][] => [
      [0, w1, w2, w3, 0],
      [w1, 0, w1, w2, w3],
      [w2, w1, 0, w1, w2],
      [w3, w2, w1, 0, w1],
      [0, w3, w2, w1, 0],
    ];
    expect(await rowsOf(sentence, 5, { window: 3, weighting: 'flat' })).toEqual(expected(1, 1, 1));
    expect(await rowsOf(sentence, 5, { window: 3, weighting: 'dyn' })).toEqual(expected(1, 2 / 3, 1 / 3));
    expect(await rowsOf(sentence, 5, { window: 3, weighting: 'harmonic' })).toEqual(expected(1, 1 / 2, 1 / 3));
  });
});

describe('countCooccurrences', () => {
  it('counts repeated words in both directions, a pair of equal words twice', async () => {
    // "a b a c b", L = 2: {a,b} at (0,1) d1, (1,2) d1, (2,4) d2; {a,a} at (0,2) d2; {b,c} at (1,3) d2, (3,4) d1; {a,c} at (2,3) d1.
    const ids = [0, 1, 0, 2, 1];
    expect(await rowsOf(ids, 3, { window: 2 })).toEqual([
      [2, 3, 1],
      [3, 0, 2],
      [1, 2, 0],
    ]);
    expect(await rowsOf(ids, 3, { window: 2, weighting: 'dyn' })).toEqual([
      [1, 2.5, 1],
      [2.5, 0, 1.5],
      [1, 1.5, 0],
    ]);
    const matrix = await count(ids, 3, { window: 2 });
    expect([...matrix.rowSums]).toEqual([6, 5, 3]);
    expect(matrix.total).toBe(14);
  });

  it('never lets a window cross a sentence end', async () => {
    expect(await rowsOf([0, 1, end, 2, 3], 4, { window: 5 })).toEqual([
      [0, 1, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
      [0, 0, 1, 0],
    ]);
  });

  it('clean OOV tokens hold their position; dirty ones are deleted before windowing', async () => {
    const ids = [0, oov, 1];
    expect((await count(ids, 2, { window: 1, oovMode: 'clean' })).values.length).toBe(0);
    expect(await rowsOf(ids, 2, { window: 1, oovMode: 'dirty' })).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(await rowsOf(ids, 2, { window: 2, weighting: 'dyn', oovMode: 'clean' })).toEqual([
      [0, 0.5],
      [0.5, 0],
    ]);
    expect(await rowsOf(ids, 2, { window: 2, weighting: 'dyn', oovMode: 'dirty' })).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('subsampled tokens keep their position in clean mode and vanish in dirty mode', async () => {
    // Word 0 fills a long second sentence, so f(0) ≈ 1 and keep(0) = √(1e-5/f) ≈ 0.003; words 1 and 2
    // are rarer than t and always kept. The 0 between them is (with this seed) subsampled away.
    const ids = [1, 0, 2, end, ...new Array<number>(100_000).fill(0)];
    const clean = await count(ids, 3, { window: 1, subsample: 1e-5, subsampleMode: 'clean' });
    const dirty = await count(ids, 3, { window: 1, subsample: 1e-5, subsampleMode: 'dirty' });
    expect(toDense(clean)[1 * 3 + 2]).toBe(0);
    expect(toDense(dirty)[1 * 3 + 2]).toBe(1);
    // About 0.3 % of the zeros survive (316 expected). Clean: survivors stay apart, separated by
    // placeholders, so window 1 pairs almost none of them. Dirty: they close up into one run of ~316
    // zeros, each adjacent pair adding 2 to N(0, 0).
    expect(clean.rowSums[0]).toBeLessThan(10);
    expect(dirty.rowSums[0]).toBeGreaterThan(2 * 230);
    expect(dirty.rowSums[0]).toBeLessThan(2 * 400);
  });

  it('keeps each token with probability √(t/f), repeatably for a seed', () => {
    const keep = subsampleKeepProbabilities([90, 10], 0.05);
    expect(keep[0]).toBeCloseTo(Math.sqrt(0.05 / 0.9), 12);
    expect(keep[1]).toBeCloseTo(Math.sqrt(0.05 / 0.1), 12);
    expect([...subsampleKeepProbabilities([90, 10], 0.2)]).toEqual([Math.sqrt(0.2 / 0.9), 1]);
    expect([...subsampleKeepProbabilities([90, 10], 0)]).toEqual([1, 1]);

    const ids = new Int32Array(40_000).fill(0);
    const options = { keep: Float64Array.of(0.25), subsampleMode: 'clean' as const, oovMode: 'clean' as const, seed: 7 };
    const clean = removeTokens(ids, options);
    expect(clean.length).toBe(ids.length);
    const kept = clean.filter((id) => id === 0).length;
    expect(Math.abs(kept / ids.length - 0.25)).toBeLessThan(0.01);
    expect([...removeTokens(ids, options)]).toEqual([...clean]);
    expect([...removeTokens(ids, { ...options, seed: 8 })]).not.toEqual([...clean]);
    expect(removeTokens(ids, { ...options, subsampleMode: 'dirty' }).length).toBe(kept);
  });

  it('matches a plain dense count on random corpora for every weighting and mode; N is symmetric', async () => {
    const size = 40;
    const ids = randomCorpus(4000, size, 3);
    for (const weighting of ['flat', 'dyn', 'harmonic'] as const) {
      for (const oovMode of ['clean', 'dirty'] as const) {
        const window = weighting === 'flat' ? 2 : 5;
        const matrix = await countCooccurrences(ids, size, { window, weighting, oovMode });
        checkCsr(matrix);
        const stream = oovMode === 'dirty' ? ids.filter((id) => id !== oov) : ids;
        const expected = denseCounts(stream, size, window, weighting);
        const actual = toDense(matrix);
        let largestError = 0;
        let asymmetric = 0;
        for (let cell = 0; cell < expected.length; cell++) largestError = Math.max(largestError, Math.abs(actual[cell] - expected[cell]));
        for (let row = 0; row < size; row++) {
          for (let column = 0; column < size; column++) if (actual[row * size + column] !== actual[column * size + row]) asymmetric++;
        }
        expect(largestError).toBeLessThan(1e-9);
        expect(asymmetric).toBe(0);
      }
    }
  });

  it('checks options and ids before any work, naming the option', async () => {
    const field = async (options: Partial<CooccurrenceOptions>, ids = [0, 1]): Promise<string | undefined> => {
      const error = await count(ids, 2, options).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(FirthError);
      expect((error as FirthError).code).toBe('invalid-input');
      return (error as FirthError).where?.field;
    };
    for (const window of [0, -1, 21, 2.5, Number.NaN]) expect(await field({ window })).toBe('window');
    for (const subsample of [-1e-5, Number.NaN, Infinity]) expect(await field({ subsample })).toBe('subsample');
    expect(await field({ weighting: 'gaussian' as never })).toBe('weighting');
    expect(await field({ oovMode: 'messy' as never })).toBe('oovMode');
    expect(await field({}, [0, 2])).toBe('ids');
    expect(resolveCooccurrenceOptions({ window: undefined })).toMatchObject({ window: 2, weighting: 'flat', subsample: 0 });
  });

  it('rejects with a cancelled error when aborted before or during the work', async () => {
    const ids = randomCorpus(200_000, 5000, 5);
    const aborted = new AbortController();
    aborted.abort();
    await expect(countCooccurrences(ids, 5000, { window: 5 }, { signal: aborted.signal })).rejects.toMatchObject({ code: 'cancelled' });
    for (const phase of ['count', 'sort']) {
      const controller = new AbortController();
      const counting = countCooccurrences(
        ids,
        5000,
        { window: 5 },
        { signal: controller.signal, onProgress: (progress) => progress.phase === phase && controller.abort() },
      );
      await expect(counting).rejects.toMatchObject({ code: 'cancelled' });
    }
  });
});
