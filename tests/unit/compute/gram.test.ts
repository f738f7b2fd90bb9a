import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernels, detectBackends, gramReference, type BackendName, type Kernels } from '../../../src/engine/compute';
import { randomMatrix, relativeTolerance } from './fixtures/matrices';

// [m, n]: widths off the cpu kernel's 8-column tiles (1, 3, 13, 110), rows across several 1024-row
// blocks (2100) and past gpu.js's 1000-iteration loop cap, and the zero sizes.
const shapes: Array<[number, number]> = [
  [1, 1],
  [5, 3],
  [130, 13],
  [64, 110],
  [2100, 9],
  [0, 4],
  [4, 0],
];

/** The largest |G − reference| / (|A|ᵀ|A|)[i, j], the scale float32 sums work at. */
function worstGramError(actual: Float64Array, a: Float32Array, m: number, n: number): number {
  const expected = gramReference(a, m, n);
  const scale = gramReference(a.map(Math.abs), m, n);
  let worst = 0;
  for (let index = 0; index < expected.length; index++) {
    const error = Math.abs(actual[index] - expected[index]);
    if (error > 0) worst = Math.max(worst, scale[index] > 0 ? error / scale[index] : Infinity);
  }
  return worst;
}

function isSymmetric(g: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) if (g[i * n + j] !== g[j * n + i]) return false;
  return true;
}

const backends = await detectBackends({ allowSoftwareAdapter: true });

describe.each(backends.map((info) => [info.name, info] as const))('gram on %s', (name: BackendName, info) => {
  let kernels: Kernels;
  beforeAll(async () => {
    if (info.available) kernels = await createKernels(name, { allowSoftwareAdapter: true, threads: 2 });
  });
  afterAll(async () => {
    await kernels?.dispose();
  });

  it.skipIf(!info.available).each(shapes.map(([m, n]) => ({ m, n })))(`AᵀA of A $m×$n matches the reference within ${relativeTolerance}`, async ({ m, n }) => {
    const a = randomMatrix(m, n, m * 100 + n);
    const g = await kernels.gram(a, m, n);
    expect(g).toBeInstanceOf(Float64Array);
    expect(g.length).toBe(n * n);
    expect(isSymmetric(g, n)).toBe(true);
    expect(worstGramError(g, a, m, n)).toBeLessThanOrEqual(relativeTolerance);
  });

  it.skipIf(!info.available)('rejects A of the wrong length', async () => {
    await expect(kernels.gram(new Float32Array(5), 2, 3)).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'a' } });
  });
});

describe('cpu gram', () => {
  const cpuInfo = backends.find((info) => info.name === 'cpu');

  it.skipIf(!cpuInfo?.available)('sums beyond 64-row chunks in float64, the same on 1 and 2 threads', async () => {
    const one = await createKernels('cpu', { threads: 1 });
    const two = await createKernels('cpu', { threads: 2 });
    try {
      const [m, n] = [5000, 17];
      const a = randomMatrix(m, n, 35);
      const [g1, g2] = await Promise.all([one.gram(a, m, n), two.gram(a, m, n)]);
      expect(g2).toEqual(g1);
      // A float32 sum over 5000 rows errs by ~1e-6 of the scale; float64 beyond chunks by ~1e-8.
      expect(worstGramError(g2, a, m, n)).toBeLessThanOrEqual(1e-7);
    } finally {
      await Promise.all([one.dispose(), two.dispose()]);
    }
  });
});
