import type { IGPUKernelSettings } from 'gpu.js';

// Kernels that return Array(4) compute four output columns per thread (the form fast on both webasm
// and webgpu, docs/kernels.md, gpu.js pitfall 3): inputs are padded to a multiple of 4 columns, outputs unpacked.

/** gpu.js settings these kernels need beyond the typed IGPUKernelSettings. */
export type QuadKernelSettings = IGPUKernelSettings & { loopMaxIterations: number; returnType: string };

/** Copies X(k×n) into k×paddedN with zero columns on the right, so every thread reads 4 real slots. */
export function padColumns(x: Float32Array, k: number, n: number, paddedN: number): Float32Array {
  if (paddedN === n) return x;
  const padded = new Float32Array(k * paddedN);
  for (let i = 0; i < k; i++) padded.set(x.subarray(i * n, (i + 1) * n), i * paddedN);
  return padded;
}

/**
 * gpu.js returns rows of Float32Array(4) quads; the result keeps the first n columns of each row,
 * placing kernel row r at row order[r] (or r).
 */
export function flattenQuadRows(rows: Float32Array[][], n: number, order?: ArrayLike<number>): Float32Array {
  const result = new Float32Array(rows.length * n);
  for (let kernelRow = 0; kernelRow < rows.length; kernelRow++) {
    const quads = rows[kernelRow];
    const rowOffset = (order ? order[kernelRow] : kernelRow) * n;
    for (let quad = 0; quad < quads.length; quad++) {
      const column = quad * 4;
      const values = quads[quad];
      const count = Math.min(4, n - column);
      for (let lane = 0; lane < count; lane++) result[rowOffset + column + lane] = values[lane];
    }
  }
  return result;
}
