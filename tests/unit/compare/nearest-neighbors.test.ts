import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allNearestNeighbors } from '../../../src/engine/compare';
import { createKernels, createReferenceKernels, type Kernels } from '../../../src/engine/compute';
import { randomVectors } from './helpers';

const referenceKernels = createReferenceKernels();

/** Every pair's cosine in float64, sorted: the obvious algorithm, to check the blocked one. */
function bruteForce(vectors: Float32Array, rows: number, d: number, k: number): Uint32Array {
  const norms = Array.from({ length: rows }, (_, row) => Math.hypot(...vectors.subarray(row * d, row * d + d)));
  const result = new Uint32Array(rows * k);
  for (let row = 0; row < rows; row++) {
    const scored: Array<[number, number]> = [];
    for (let other = 0; other < rows; other++) {
      if (other === row) continue;
      let dot = 0;
      for (let index = 0; index < d; index++) dot += vectors[row * d + index] * vectors[other * d + index];
      scored.push([other, dot / (norms[row] * norms[other])]);
    }
    scored.sort((first, second) => second[1] - first[1] || first[0] - second[0]);
    for (let rank = 0; rank < k; rank++) result[row * k + rank] = scored[rank][0];
  }
  return result;
}

describe('allNearestNeighbors', () => {
  it('finds the neighbours of points on a circle (lengths ignored)', async () => {
    // Twelve points 30° apart at varying lengths: the two nearest of point i are i±1, then i±2.
    const rows = 12;
    const angles = [0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330];
    const vectors = Float32Array.from(
      angles.flatMap((angle, row) => [(1 + row) * Math.cos((angle * Math.PI) / 180), (1 + row) * Math.sin((angle * Math.PI) / 180)]),
    );
    const neighbors = await allNearestNeighbors(vectors, rows, 2, 4, referenceKernels);
    for (let row = 0; row < rows; row++) {
      const list = Array.from(neighbors.subarray(row * 4, row * 4 + 4));
      expect(new Set(list.slice(0, 2))).toEqual(new Set([(row + 1) % rows, (row + 11) % rows]));
      expect(new Set(list.slice(2, 4))).toEqual(new Set([(row + 2) % rows, (row + 10) % rows]));
    }
  });

  it('agrees with a brute-force reference on random data across several blocks', async () => {
    const rows = 2100;
    const d = 8;
    const k = 5;
    const vectors = randomVectors(rows, d, 3);
    const neighbors = await allNearestNeighbors(vectors, rows, d, k, referenceKernels);
    const expected = bruteForce(vectors, rows, d, k);
    let agreeing = 0;
    for (let index = 0; index < neighbors.length; index++) if (neighbors[index] === expected[index]) agreeing++;
    // float32 products may swap near-ties; anything more than a few is a bug.
    expect(agreeing / neighbors.length).toBeGreaterThan(0.995);
  });

  it('rejects k that the rows cannot supply', async () => {
    await expect(allNearestNeighbors(new Float32Array(6), 3, 2, 3, referenceKernels)).rejects.toThrow(/k must/);
  });

  describe('on the cpu kernels', () => {
    let kernels: Kernels;
    beforeAll(async () => {
      kernels = await createKernels('cpu');
    });
    afterAll(async () => {
      await kernels.dispose();
    });

    it('matches the reference kernels', async () => {
      const vectors = randomVectors(1500, 16, 4);
      const fromCpu = await allNearestNeighbors(vectors, 1500, 16, 5, kernels);
      const expected = await allNearestNeighbors(vectors, 1500, 16, 5, referenceKernels);
      let agreeing = 0;
      for (let index = 0; index < fromCpu.length; index++) if (fromCpu[index] === expected[index]) agreeing++;
      expect(agreeing / fromCpu.length).toBeGreaterThan(0.995);
    });
  });
});
