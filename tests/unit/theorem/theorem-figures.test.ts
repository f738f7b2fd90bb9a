import { describe, expect, it } from 'vitest';
import { countCooccurrences } from '../../../src/engine/cooccurrence/count';
import { matmulReference } from '../../../src/engine/compute/reference/matmul';
import { createXoshiro128 } from '../../../src/engine/random/xoshiro128';
import type { FactorPair } from '../../../src/engine/theorem/factor-pair';
import { restrictCounts } from '../../../src/engine/theorem/restrict-counts';
import { sgnsLoss } from '../../../src/engine/theorem/sgns-loss';
import { countBands, theoremFigures } from '../../../src/engine/theorem/theorem-figures';
import { theoremSentence } from '../../../src/engine/theorem/theorem-sentence';

// A small generated corpus, counted by the engine and, independently, by a direct loop into a dense
// V×V matrix; every figure of the theorem view is then computed again from the dense matrix by the
// textbook formulas and compared.

const V = 30;
// dyn weights 1, 3/4, 1/2, 1/4 are exact in binary, so both counts agree to the bit at band edges.
const window = 4;

function generatedCorpus(seed: number): Int32Array {
  const random = createXoshiro128(seed);
  const ids: number[] = [];
  for (let sentence = 0; sentence < 120; sentence++) {
    const length = 5 + Math.floor(random.nextFloat() * 20);
    // Zipf-like: word w with probability ∝ 1/(w + 1), so counts span several decades.
    for (let position = 0; position < length; position++) ids.push(Math.min(V - 1, Math.floor(Math.exp(random.nextFloat() * Math.log(V + 1)) - 1)));
    ids.push(-2);
  }
  return Int32Array.from(ids);
}

/** N by the definition: every pair at distance 1..L inside a sentence, both directions, weight (L − d + 1)/L. */
function denseCounts(ids: Int32Array): number[][] {
  const N = Array.from({ length: V }, () => new Array<number>(V).fill(0));
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < 0) continue;
    for (let distance = 1; distance <= window; distance++) {
      const j = i + distance;
      if (j >= ids.length || ids[j] < 0) break;
      const weight = (window - distance + 1) / window;
      N[ids[i]][ids[j]] += weight;
      N[ids[j]][ids[i]] += weight;
    }
  }
  return N;
}

function randomPair(seed: number, d: number, biases: boolean): FactorPair {
  const random = createXoshiro128(seed);
  const draw = (length: number) => Float32Array.from({ length }, () => random.nextFloat() * 2 - 1);
  return { rows: V, dimensions: d, W: draw(V * d), C: draw(V * d), ...(biases ? { wordBias: draw(V), contextBias: draw(V) } : {}) };
}

const dot = (pair: FactorPair, i: number, j: number) => {
  let sum = 0;
  for (let index = 0; index < pair.dimensions; index++) sum += pair.W[i * pair.dimensions + index] * pair.C[j * pair.dimensions + index];
  return sum;
};

function naivePearson(x: number[], y: number[], w: number[] = x.map(() => 1)): number {
  const total = w.reduce((a, b) => a + b, 0);
  const mx = x.reduce((sum, value, index) => sum + w[index] * value, 0) / total;
  const my = y.reduce((sum, value, index) => sum + w[index] * value, 0) / total;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((_, index) => {
    sxy += w[index] * (x[index] - mx) * (y[index] - my);
    sxx += w[index] * (x[index] - mx) ** 2;
    syy += w[index] * (y[index] - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

/** The direct computation: marginals, P_α, each observed cell's target and score, from the dense N. */
function directCells(N: number[][], pair: FactorPair, k: number, alpha: number, target: 'shifted-pmi' | 'log-count') {
  const rowSums = N.map((row) => row.reduce((a, b) => a + b, 0));
  const columnSums = N[0].map((_, j) => N.reduce((sum, row) => sum + row[j], 0));
  const smoothedTotal = columnSums.reduce((sum, value) => sum + (value > 0 ? value ** alpha : 0), 0);
  const P = columnSums.map((value) => (value > 0 ? value ** alpha : 0) / smoothedTotal);
  const cells: Array<{ x: number; y: number; n: number; pmi: number; weight: number }> = [];
  for (let i = 0; i < V; i++) {
    for (let j = 0; j < V; j++) {
      if (N[i][j] <= 0) continue;
      const pmi = Math.log((N[i][j] * smoothedTotal) / (rowSums[i] * columnSums[j] ** alpha)) - Math.log(k);
      const bias = (pair.wordBias?.[i] ?? 0) + (pair.contextBias?.[j] ?? 0);
      cells.push({ x: target === 'shifted-pmi' ? pmi : Math.log(N[i][j]), y: dot(pair, i, j) + bias, n: N[i][j], pmi, weight: N[i][j] + k * rowSums[i] * P[j] });
    }
  }
  return { cells, rowSums, P };
}

function denseLoss(N: number[][], pair: FactorPair, k: number, alpha: number, hilbert = false): number {
  const { rowSums, P } = directCells(N, pair, k, alpha, 'shifted-pmi');
  const softplus = (x: number) => Math.log(1 + Math.exp(x));
  let loss = 0;
  // hilbert's N⁻_ij = k·(N_i − N_ij)·P_α(j); Levy & Goldberg's k·N_i·P_α(j).
  for (let i = 0; i < V; i++) for (let j = 0; j < V; j++) loss += N[i][j] * softplus(-dot(pair, i, j)) + k * (rowSums[i] - (hilbert ? N[i][j] : 0)) * P[j] * softplus(dot(pair, i, j));
  return loss;
}

describe('the theorem figures against a direct computation on a small generated corpus', async () => {
  const ids = generatedCorpus(7);
  const counts = await countCooccurrences(ids, V, { window, weighting: 'dyn', subsample: 0 }, { threads: 0 });
  const N = denseCounts(ids);

  it('counts what the direct loop counts', () => {
    for (let i = 0; i < V; i++) {
      for (let slot = counts.rowPointers[i]; slot < counts.rowPointers[i + 1]; slot++) expect(counts.values[slot]).toBeCloseTo(N[i][counts.columnIndices[slot]], 9);
    }
    expect(counts.rowPointers[V]).toBe(N.flat().filter((value) => value > 0).length);
  });

  for (const target of ['shifted-pmi', 'log-count'] as const) {
    it(`${target}: r, weighted r, bands, density, median and weights`, async () => {
      const k = 5;
      const alpha = 0.75;
      const xMax = 3;
      const pair = randomPair(11, 6, target === 'log-count');
      // Scores that follow the target for frequent cells: the figures must see it.
      const figures = await theoremFigures({ counts, pair, target, k, alpha, weight: target === 'shifted-pmi' ? 'sgns' : 'glove', xMax, densityBins: 12, medianBins: 9 });
      const { cells } = directCells(N, pair, k, alpha, target);
      const x = cells.map((cell) => cell.x);
      const y = cells.map((cell) => cell.y);
      expect(figures.cells).toBe(cells.length);
      expect(figures.pearson).toBeCloseTo(naivePearson(x, y), 9);
      const weights = cells.map((cell) => (target === 'shifted-pmi' ? cell.weight : Math.min(1, (cell.n / xMax) ** 0.75)));
      expect(figures.weightedPearson).toBeCloseTo(naivePearson(x, y, weights), 9);

      expect(figures.bands.map((band) => band.label)).toEqual(countBands.map((band) => band.label));
      for (const band of figures.bands) {
        const members = cells.filter((cell) => cell.n >= band.low && (band.high === null || cell.n < band.high));
        expect(band.cells).toBe(members.length);
        if (members.length < 3) continue;
        const bx = members.map((cell) => cell.x);
        const by = members.map((cell) => cell.y);
        const mx = bx.reduce((a, b) => a + b, 0) / bx.length;
        const my = by.reduce((a, b) => a + b, 0) / by.length;
        const slope = bx.reduce((sum, value, index) => sum + (value - mx) * (by[index] - my), 0) / bx.reduce((sum, value) => sum + (value - mx) ** 2, 0);
        expect(band.pearson).toBeCloseTo(naivePearson(bx, by), 9);
        expect(band.slope).toBeCloseTo(slope, 9);
        expect(band.meanOffset).toBeCloseTo(my - mx, 9);
      }
      expect(figures.bands.reduce((sum, band) => sum + band.cells, 0)).toBe(cells.length);

      // Density: every cell in the domain on both axes lands in its grid square.
      const [low, high] = figures.density.domain;
      const bins = figures.density.bins;
      const grid = new Array<number>(bins * bins).fill(0);
      let outside = 0;
      const bin = (value: number) => Math.min(bins - 1, Math.floor(((value - low) / (high - low)) * bins));
      for (const cell of cells) {
        if (cell.x < low || cell.x > high || cell.y < low || cell.y > high) outside++;
        else grid[bin(cell.y) * bins + bin(cell.x)]++;
      }
      expect(figures.density.counts).toEqual(grid);
      expect(figures.density.outside).toBe(outside);
      expect(outside).toBeLessThan(cells.length * 0.03);

      // Median and quartiles per target bin of at least 10 cells (numpy's linear interpolation).
      const width = (high - low) / 9;
      const expected = { x: [] as number[], median: [] as number[], q25: [] as number[], q75: [] as number[] };
      for (let b = 0; b < 9; b++) {
        const scores = cells.filter((cell) => cell.x >= low && cell.x <= high && bin9(cell.x) === b).map((cell) => cell.y).sort((p, q) => p - q);
        if (scores.length < 10) continue;
        const at = (q: number) => {
          const position = q * (scores.length - 1);
          const below = Math.floor(position);
          return scores[below] + (scores[Math.min(scores.length - 1, below + 1)] - scores[below]) * (position - below);
        };
        expected.x.push(low + (b + 0.5) * width);
        expected.median.push(at(0.5));
        expected.q25.push(at(0.25));
        expected.q75.push(at(0.75));
      }
      function bin9(value: number) {
        return Math.min(8, Math.floor(((value - low) / (high - low)) * 9));
      }
      expect(figures.median.x.length).toBeGreaterThan(3);
      for (const key of ['x', 'median', 'q25', 'q75'] as const) {
        expect(figures.median[key]).toHaveLength(expected[key].length);
        figures.median[key].forEach((value, index) => expect(value).toBeCloseTo(expected[key][index], 9));
      }

      // Weights: per count bin [2^e, 2^(e+1)), the mean of each loss's cell weight.
      figures.weights.low.forEach((lowCount, index) => {
        const members = cells.filter((cell) => cell.n >= lowCount && cell.n < 2 * lowCount);
        expect(figures.weights.cells[index]).toBe(members.length);
        const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
        expect(figures.weights.sgns[index]).toBeCloseTo(mean(members.map((cell) => cell.weight)), 9);
        expect(figures.weights.svd[index]).toBeCloseTo(mean(members.map((cell) => (cell.pmi > 0 ? 1 : 0))), 12);
        expect(figures.weights.glove[index]).toBeCloseTo(mean(members.map((cell) => Math.min(1, (cell.n / xMax) ** 0.75))), 12);
      });
      expect(figures.weights.cells.reduce((a, b) => a + b, 0)).toBe(cells.length);
    });
  }

  it('the full-matrix SGNS loss, tiled, equals the dense sum over all V×V cells', async () => {
    const pair = randomPair(5, 4, false);
    const expected = denseLoss(N, pair, 5, 0.75);
    const plain = await sgnsLoss({ counts, pair, k: 5, alpha: 0.75, rowTile: 7, columnTile: 4 });
    expect(plain.loss / expected).toBeCloseTo(1, 12);
    expect(plain.positive + plain.negative).toBeCloseTo(plain.loss, 9);
    const matmul = async (a: Float32Array, b: Float32Array, m: number, k: number, n: number) => matmulReference(a, b, m, k, n);
    const tiled = await sgnsLoss({ counts, pair, k: 5, alpha: 0.75, matmul, rowTile: 8, columnTile: 11 });
    // float32 products: close, not equal.
    expect(tiled.loss / expected).toBeCloseTo(1, 5);
  });

  it("weights r by hilbert's cell weight N_ij + k·(N_i − N_ij)·P_α(j) for a run trained with it", async () => {
    const k = 5;
    const pair = randomPair(11, 6, false);
    const figures = await theoremFigures({ counts, pair, target: 'shifted-pmi', k, alpha: 0.75, weight: 'sgns', negativeTerm: 'hilbert', xMax: 3 });
    const { cells, rowSums, P } = directCells(N, pair, k, 0.75, 'shifted-pmi');
    const hilbertWeights: number[] = [];
    for (let i = 0; i < V; i++) for (let j = 0; j < V; j++) if (N[i][j] > 0) hilbertWeights.push(N[i][j] + k * (rowSums[i] - N[i][j]) * P[j]);
    const x = cells.map((cell) => cell.x);
    const y = cells.map((cell) => cell.y);
    expect(figures.weightedPearson).toBeCloseTo(naivePearson(x, y, hilbertWeights), 9);
    expect(figures.weightedPearson).not.toBeCloseTo(naivePearson(x, y, cells.map((cell) => cell.weight)), 9);
  });

  it("with hilbert's negative term k·(N_i − N_ij)·P_α(j), equals its dense sum, below Levy & Goldberg's", async () => {
    const pair = randomPair(5, 4, false);
    const expected = denseLoss(N, pair, 5, 0.75, true);
    const hilbert = await sgnsLoss({ counts, pair, k: 5, alpha: 0.75, negativeTerm: 'hilbert', rowTile: 7, columnTile: 4 });
    expect(hilbert.loss / expected).toBeCloseTo(1, 12);
    expect(hilbert.positive + hilbert.negative).toBeCloseTo(hilbert.loss, 9);
    const levy = await sgnsLoss({ counts, pair, k: 5, alpha: 0.75, rowTile: 7, columnTile: 4 });
    expect(hilbert.positive).toBe(levy.positive);
    expect(hilbert.negative).toBeLessThan(levy.negative);
  });

  it('restricts the counts to some words with their own marginals', () => {
    const words = [4, 0, 9, 2];
    const sub = restrictCounts(counts, words);
    for (let a = 0; a < words.length; a++) {
      const row = new Array<number>(words.length).fill(0);
      for (let slot = sub.rowPointers[a]; slot < sub.rowPointers[a + 1]; slot++) row[sub.columnIndices[slot]] = sub.values[slot];
      row.forEach((value, b) => expect(value).toBeCloseTo(N[words[a]][words[b]], 9));
      expect(sub.rowSums[a]).toBeCloseTo(words.reduce((sum, other) => sum + N[words[a]][other], 0), 9);
    }
    expect(() => restrictCounts(counts, [1, 1])).toThrow(/repeated/);
  });

  it('says in words which cells follow the line, and how far the run is from it', () => {
    const band = (label: string, low: number, pearson: number, slope: number) => ({ label, low, high: null, cells: 1000, pearson, slope, meanOffset: -0.02 });
    const close = theoremSentence({
      target: 'shifted-pmi',
      loss: 'sgns',
      bands: [band('1 ≤ N < 2', 1, 0.3, 0.2), band('N ≥ 100', 100, 0.95, 0.97), { ...band('empty', 1000, 0, 0), cells: 0, pearson: null }],
      weightedPearson: 0.82,
      vocabulary: 5000,
      dimensions: 100,
    });
    expect(close).toMatch(/^Frequent cells follow the line w·c = PMI − log k: for N ≥ 100, r = 0.95 and slope 0.97, 0.02 below it on average\. Rare cells do not: for 1 ≤ N < 2, r = 0.30\./);
    expect(close).toContain('rank-100');
    expect(close).toContain('Weighted by the SGNS cell weight N_ij + k·N_i·P_α(j), r = 0.82.');
    expect(close).not.toContain('far from the optimum');
    const far = theoremSentence({ target: 'shifted-pmi', loss: 'sgns', bands: [band('1 ≤ N < 2', 1, 0.1, 0.03), band('N ≥ 100', 100, 0.3, 0.1)], weightedPearson: null, vocabulary: 5000, dimensions: 50 });
    expect(far).toMatch(/^No count band follows the line closely; frequent cells come closest to w·c = PMI − log k/);
    expect(far).toContain('far from the optimum');
    const hilbert = theoremSentence({ target: 'shifted-pmi', loss: 'sgns', bands: [band('N ≥ 100', 100, 0.9, 1)], weightedPearson: 0.6, vocabulary: 50, dimensions: 5, negativeTerm: 'hilbert' });
    expect(hilbert).toContain('where the SGNS loss puts its weight, N_ij + k·(N_i − N_ij)·P_α(j)');
    expect(hilbert).toContain('Weighted by the SGNS cell weight N_ij + k·(N_i − N_ij)·P_α(j), r = 0.60.');
    const glove = theoremSentence({ target: 'log-count', loss: 'glove', bands: [band('N ≥ 100', 100, 0.9, 1)], weightedPearson: 0.7, vocabulary: 50, dimensions: 5 });
    expect(glove).toMatch(/^Frequent cells follow the line w·c \+ b \+ b̃ = log N/);
    expect(glove).toContain("GloVe's f(N), r = 0.70");
    expect(theoremSentence({ target: 'shifted-pmi', loss: 'svd', bands: [], weightedPearson: null, vocabulary: 5, dimensions: 2 })).toMatch(/^Too few observed cells/);
  });
});
