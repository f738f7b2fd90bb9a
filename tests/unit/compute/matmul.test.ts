import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernels, detectBackends, matmulReference, type BackendName, type Kernels } from '../../../src/engine/compute';
import { randomMatrix, relativeTolerance, worstRelativeError } from './fixtures/matrices';

// [m, k, n]: odd sizes hit every tail (rows not a multiple of 4; n = 15 = 8 + 4 + 3 columns),
// k = 1500 passes gpu.js's default 1000-iteration loop cap, and the zero sizes return empty/zero C.
const shapes: Array<[number, number, number]> = [
  [1, 1, 1],
  [7, 13, 5],
  [33, 17, 65],
  [64, 64, 64],
  [5, 1, 9],
  [6, 9, 15],
  [2, 1500, 3],
  [6, 0, 5],
  [0, 4, 3],
  [4, 3, 0],
];

// The gpu backend runs on SwiftShader here (software, so only with allowSoftwareAdapter).
const backends = await detectBackends({ allowSoftwareAdapter: true });
for (const info of backends) {
  if (!info.available) console.warn(`compute tests: skipping the ${info.name} backend: ${info.reason}`);
}

describe('matmulReference', () => {
  it('multiplies a 2×3 by a 3×2 matrix', () => {
    const a = Float32Array.of(1, 2, 3, 4, 5, 6);
    const b = Float32Array.of(7, 8, 9, 10, 11, 12);
    expect(Array.from(matmulReference(a, b, 2, 3, 2))).toEqual([58, 64, 139, 154]);
  });
});

describe.each(backends.map((info) => [info.name, info] as const))('matmul on %s', (name: BackendName, info) => {
  let kernels: Kernels;

  beforeAll(async () => {
    if (info.available) kernels = await createKernels(name, { allowSoftwareAdapter: true, threads: 2 });
  });
  afterAll(async () => {
    await kernels?.dispose();
  });

  const cases = shapes.map(([m, k, n]) => ({ m, k, n }));
  it.skipIf(!info.available).each(cases)(`A $m×$k · B $k×$n matches the reference within ${relativeTolerance}`, async ({ m, k, n }) => {
    const a = randomMatrix(m, k, m * 1000 + k);
    const b = randomMatrix(k, n, k * 1000 + n + 1);
    const c = await kernels.matmul(a, b, m, k, n);
    expect(c).toBeInstanceOf(Float32Array);
    expect(c.length).toBe(m * n);
    expect(worstRelativeError(c, a, b, m, k, n)).toBeLessThanOrEqual(relativeTolerance);
  });

  it.skipIf(!info.available)('writes C into a given array where the backend supports it, with the same values', async () => {
    const a = randomMatrix(37, 20, 71);
    const b = randomMatrix(20, 20, 72);
    const into = new Float32Array(37 * 20);
    const c = await kernels.matmul(a, b, 37, 20, 20, into);
    expect(c).toEqual(await kernels.matmul(a, b, 37, 20, 20));
    if (name === 'cpu') expect(c).toBe(into);
  });

  it.skipIf(!info.available)('runs concurrent calls on one shape, each with its own result', async () => {
    const inputs = [0, 1, 2].map((seed) => ({ a: randomMatrix(9, 11, seed), b: randomMatrix(11, 6, seed + 10) }));
    const results = await Promise.all(inputs.map(({ a, b }) => kernels.matmul(a, b, 9, 11, 6)));
    results.forEach((c, index) => expect(worstRelativeError(c, inputs[index].a, inputs[index].b, 9, 11, 6)).toBeLessThanOrEqual(relativeTolerance));
  });

  it.skipIf(!info.available)('stays correct when more shapes come than it keeps compiled', async () => {
    const sweep = Array.from({ length: 11 }, (_, index) => [3 + index, 5, 2 + (index % 5)] as const);
    for (const [m, k, n] of [...sweep, sweep[0], sweep[1]]) {
      const a = randomMatrix(m, k, m);
      const b = randomMatrix(k, n, n);
      expect(worstRelativeError(await kernels.matmul(a, b, m, k, n), a, b, m, k, n)).toBeLessThanOrEqual(relativeTolerance);
    }
  });

  it.skipIf(!info.available)('rejects matrices whose length does not match the shape', async () => {
    await expect(kernels.matmul(new Float32Array(5), new Float32Array(6), 2, 3, 2)).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'a' } });
  });

  it.skipIf(!info.available)('reports its backend', () => {
    expect(kernels.backend.name).toBe(name);
    expect(kernels.backend.available).toBe(true);
    expect(kernels.backend.adapter).not.toBe('');
  });
});
