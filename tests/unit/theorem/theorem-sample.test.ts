import { describe, expect, it } from 'vitest';
import type { CooccurrenceMatrix } from '../../../src/engine/cooccurrence/cooccurrence-matrix';
import { stratifiedCells, theoremSample } from '../../../src/engine/theorem/theorem-sample';

/** A CSR count matrix from dense rows (zeros are unobserved), with its marginals. */
function countMatrix(dense: number[][]): CooccurrenceMatrix {
  const rows = dense.length;
  const columns = dense[0].length;
  const rowPointers = new Uint32Array(rows + 1);
  const columnIndices: number[] = [];
  const values: number[] = [];
  const rowSums = new Float64Array(rows);
  const columnSums = new Float64Array(columns);
  let total = 0;
  dense.forEach((line, row) => {
    line.forEach((value, column) => {
      if (value === 0) return;
      columnIndices.push(column);
      values.push(value);
      rowSums[row] += value;
      columnSums[column] += value;
      total += value;
    });
    rowPointers[row + 1] = values.length;
  });
  return { rows, columns, rowPointers, columnIndices: Uint32Array.from(columnIndices), values: Float64Array.from(values), rowSums, columnSums, total };
}

describe('theoremSample', () => {
  // N = [[4, 2, 0], [2, 0, 6], [0, 6, 4]]: N_w = (6, 8, 10), N_c = (6, 8, 10).
  const counts = countMatrix([
    [4, 2, 0],
    [2, 0, 6],
    [0, 6, 4],
  ]);
  const d = 2;
  const W = Float32Array.from([1, 0, 0, 1, 1, 1]);
  const C = Float32Array.from([2, 0, 0, 3, 1, -1]);

  it('computes PMI_α − log k and w·c by hand', () => {
    const sample = theoremSample({ counts, alpha: 1, k: 2, W, C, d, sampleSize: 100, seed: 1 });
    expect(sample.cells).toBe(6);
    expect(Array.from(sample.row)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(Array.from(sample.column)).toEqual([0, 1, 0, 2, 1, 2]);
    expect(Array.from(sample.count)).toEqual([4, 2, 2, 6, 6, 4]);
    // α = 1: PMI = log(N(w,c)·N / (N_w·N_c)), N = 24; minus log 2.
    const expected = [
      Math.log((4 * 24) / (6 * 6)),
      Math.log((2 * 24) / (6 * 8)),
      Math.log((2 * 24) / (8 * 6)),
      Math.log((6 * 24) / (8 * 10)),
      Math.log((6 * 24) / (10 * 8)),
      Math.log((4 * 24) / (10 * 10)),
    ].map((pmi) => pmi - Math.log(2));
    sample.shiftedPmi.forEach((value, index) => expect(value).toBeCloseTo(expected[index], 12));
    // w·c: w0 = (1, 0), w1 = (0, 1), w2 = (1, 1); c0 = (2, 0), c1 = (0, 3), c2 = (1, −1).
    expect(Array.from(sample.dot)).toEqual([2, 0, 0, -1, 3, 0]);
  });

  it('smooths the context distribution with α: Σ N_c^α / N_c^α', () => {
    const sample = theoremSample({ counts, alpha: 0.5, k: 1, W, C, d, sampleSize: 100, seed: 1 });
    const smoothedTotal = Math.sqrt(6) + Math.sqrt(8) + Math.sqrt(10);
    // Cell (1, 2): N = 6, N_w = 8, N_c = 10.
    expect(sample.shiftedPmi[3]).toBeCloseTo(Math.log((6 * smoothedTotal) / (8 * Math.sqrt(10))), 12);
  });

  it('correlates perfectly when W·Cᵀ equals the shifted PMI', () => {
    // d = V with C = I: w·c = W[w][c]; set every observed cell's W entry to its shifted PMI.
    const alpha = 0.75;
    const k = 5;
    const V = 3;
    const probe = theoremSample({ counts, alpha, k, W: new Float32Array(V * V), C: new Float32Array(V * V), d: V, sampleSize: 100, seed: 1 });
    const exactW = new Float32Array(V * V);
    probe.row.forEach((row, index) => (exactW[row * V + probe.column[index]] = probe.shiftedPmi[index]));
    const identity = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const sample = theoremSample({ counts, alpha, k, W: exactW, C: identity, d: V, sampleSize: 100, seed: 1 });
    sample.dot.forEach((value, index) => expect(value).toBeCloseTo(sample.shiftedPmi[index], 6));
    expect(sample.pearson).toBeCloseTo(1, 6);
    expect(sample.spearman).toBe(1);
  });

  it('rejects vectors of the wrong size', () => {
    expect(() => theoremSample({ counts, alpha: 1, k: 1, W: new Float32Array(2), C, d, sampleSize: 10, seed: 1 })).toThrow(/W and C/);
  });
});

describe('stratifiedCells', () => {
  /** Bins by ⌊log₂ N⌋: 1 → 0, 2–3 → 1, 4–7 → 2, 8–15 → 3. */
  const bin = (value: number) => Math.floor(Math.log2(value));
  // 1,000 ones, 200 twos or threes, 30 fives, 4 tens.
  const values = Float64Array.from([...Array(1000).fill(1), ...Array.from({ length: 200 }, (_, i) => 2 + (i % 2)), ...Array(30).fill(5), ...Array(4).fill(10)]);
  // Interleave the bins: 611 is coprime to the 1,234 cells, so index·611 mod 1,234 is a permutation.
  const shuffled = Float64Array.from(values.map((_, index) => values[(index * 611) % values.length]));

  it('returns every cell when S is at least the number of cells', () => {
    expect(new Set(shuffled.map(bin))).toEqual(new Set([0, 1, 2, 3]));
    expect(Array.from(stratifiedCells(shuffled, shuffled.length, 1))).toEqual(Array.from({ length: shuffled.length }, (_, slot) => slot));
    expect(stratifiedCells(shuffled, 10 * shuffled.length, 1)).toHaveLength(shuffled.length);
  });

  it('gives each bin an equal share, and what a small bin cannot use to the others', () => {
    const slots = stratifiedCells(shuffled, 100, 3);
    expect(slots).toHaveLength(100);
    expect(new Set(slots).size).toBe(100);
    expect(Array.from(slots)).toEqual(Array.from(slots).sort((left, right) => left - right));
    const perBin = new Map<number, number>();
    for (const slot of slots) perBin.set(bin(shuffled[slot]), (perBin.get(bin(shuffled[slot])) ?? 0) + 1);
    // 4 bins, 25 each: the 4 tens give all 4, leaving 96 for 3 bins; the 30 fives give all 30,
    // leaving 66 for the twos-and-threes and the ones: 33 each.
    expect(Object.fromEntries(perBin)).toEqual({ 0: 33, 1: 33, 2: 30, 3: 4 });
  });

  it('repeats with the same seed and skips stored zeros', () => {
    expect(Array.from(stratifiedCells(shuffled, 50, 9))).toEqual(Array.from(stratifiedCells(shuffled, 50, 9)));
    expect(Array.from(stratifiedCells(shuffled, 50, 9))).not.toEqual(Array.from(stratifiedCells(shuffled, 50, 10)));
    expect(Array.from(stratifiedCells(Float64Array.from([0, 3, 0, 1]), 10, 1))).toEqual([1, 3]);
  });
});
