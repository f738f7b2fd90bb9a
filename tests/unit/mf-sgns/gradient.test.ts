import { describe, expect, it } from 'vitest';
import { createReferenceKernels } from '../../../src/engine/compute/reference/kernels';
import type { CooccurrenceMatrix } from '../../../src/engine/cooccurrence/cooccurrence-matrix';
import { sgnsMatrixPass } from '../../../src/engine/models/mf-sgns/sgns-matrix-pass';
import { stridedLayout, tileCells, toShardOrder, toWordOrder } from '../../../src/engine/models/mf-sgns/strided-tiles';
import { createXoshiro128 } from '../../../src/engine/random/xoshiro128';

/** A random sparse symmetric count matrix over V words, as CSR with its marginals. */
function randomCounts(V: number, seed: number): CooccurrenceMatrix {
  const random = createXoshiro128(seed);
  const dense = new Float64Array(V * V);
  for (let i = 0; i < V; i++) for (let j = i; j < V; j++) if (random.nextFloat() < 0.6) dense[i * V + j] = dense[j * V + i] = 1 + Math.floor(random.nextFloat() * 9);
  const rowPointers = new Uint32Array(V + 1);
  const columnIndices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < V; i++) {
    for (let j = 0; j < V; j++) {
      if (dense[i * V + j] === 0) continue;
      columnIndices.push(j);
      values.push(dense[i * V + j]);
    }
    rowPointers[i + 1] = columnIndices.length;
  }
  const rowSums = new Float64Array(V);
  for (let i = 0; i < V; i++) for (let j = 0; j < V; j++) rowSums[i] += dense[i * V + j];
  return { rows: V, columns: V, rowPointers, columnIndices: Uint32Array.from(columnIndices), values: Float64Array.from(values), rowSums, columnSums: rowSums.slice(), total: rowSums.reduce((a, b) => a + b, 0) };
}

describe('the full-matrix SGNS pass', () => {
  const [V, d, k, alpha] = [9, 3, 2, 0.75];
  const counts = randomCounts(V, 5);

  function problem(shards: number, hilbert: boolean) {
    const layout = stridedLayout(V, shards);
    const negativeRows = new Float64Array(V);
    const contextProbabilities = new Float64Array(V);
    const total = counts.columnSums.reduce((sum, value) => sum + value ** alpha, 0);
    for (let word = 0; word < V; word++) {
      negativeRows[layout.position[word]] = k * counts.rowSums[word];
      contextProbabilities[layout.position[word]] = counts.columnSums[word] ** alpha / total;
    }
    return { layout, dimensions: d, cells: tileCells(layout, counts), negativeRows, contextProbabilities, negative: k, hilbert };
  }

  /** The loss straight from the definition over the dense matrix, in word order, float64. */
  function denseLoss(W: Float64Array, C: Float64Array, hilbert: boolean): number {
    const total = counts.columnSums.reduce((sum, value) => sum + value ** alpha, 0);
    let loss = 0;
    for (let i = 0; i < V; i++) {
      for (let j = 0; j < V; j++) {
        let x = 0;
        for (let r = 0; r < d; r++) x += W[i * d + r] * C[j * d + r];
        let positive = 0;
        for (let slot = counts.rowPointers[i]; slot < counts.rowPointers[i + 1]; slot++) if (counts.columnIndices[slot] === j) positive = counts.values[slot];
        const negatives = k * (counts.rowSums[i] - (hilbert ? positive : 0)) * (counts.columnSums[j] ** alpha / total);
        loss += positive * Math.log1p(Math.exp(-x)) + negatives * Math.log1p(Math.exp(x));
      }
    }
    return loss;
  }

  for (const [shards, hilbert] of [[1, false], [3, false], [2, true]] as const) {
    it(`gives the loss of the definition and its gradient matches finite differences (${shards} shards, ${hilbert ? 'hilbert' : 'levy'})`, async () => {
      const random = createXoshiro128(7);
      const W = Float32Array.from({ length: V * d }, () => random.nextFloat() - 0.5);
      const C = Float32Array.from({ length: V * d }, () => random.nextFloat() - 0.5);
      const spec = problem(shards, hilbert);
      const kernels = createReferenceKernels();
      const pass = sgnsMatrixPass(spec, kernels);
      const gradW = new Float64Array(V * d);
      const gradC = new Float64Array(V * d);
      const loss = await pass(toShardOrder(spec.layout, W, d), toShardOrder(spec.layout, C, d), gradW, gradC);
      const W64 = Float64Array.from(W);
      const C64 = Float64Array.from(C);
      expect(loss).toBeCloseTo(denseLoss(W64, C64, hilbert), 3);

      const wordGradW = toWordOrder(spec.layout, Float32Array.from(gradW), d);
      const wordGradC = toWordOrder(spec.layout, Float32Array.from(gradC), d);
      const h = 1e-5;
      for (const [table, gradient] of [[W64, wordGradW], [C64, wordGradC]] as const) {
        for (let index = 0; index < V * d; index++) {
          const saved = table[index];
          table[index] = saved + h;
          const up = denseLoss(W64, C64, hilbert);
          table[index] = saved - h;
          const down = denseLoss(W64, C64, hilbert);
          table[index] = saved;
          const numeric = (up - down) / (2 * h);
          expect(Math.abs(gradient[index] - numeric)).toBeLessThan(1e-3 * Math.max(1, Math.abs(numeric)));
        }
      }
      await kernels.dispose();
    });
  }
});
