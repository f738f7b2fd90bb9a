import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernels, detectBackends, type Kernels } from '../../../src/engine/compute';
import { expectNegativeCellsMatchReference } from './fixtures/sgns-cells-check';

// The MF-SGNS negative-term kernel on gpu.js (gpujs/sgns-cells.ts): the gpu backend on SwiftShader
// (software: correctness only, no speed is claimed) and gpu.js webasm, held to the TypeScript reference.

const backends = (await detectBackends({ allowSoftwareAdapter: true })).filter((info) => info.name === 'gpu' || info.name === 'webasm');
for (const info of backends) if (!info.available) console.warn(`sgns-cells gpu.js tests: skipping ${info.name}: ${info.reason}`);

describe.each(backends.map((info) => [info.name, info] as const))('sgnsNegativeCells on %s', (name, info) => {
  let kernels: Kernels;
  beforeAll(async () => {
    if (info.available) kernels = await createKernels(name, { allowSoftwareAdapter: true, threads: 2 });
  });
  afterAll(async () => {
    await kernels?.dispose();
  });

  it.skipIf(!info.available)('equals the reference, gradient and loss, with odd shapes and scores from −100 to 100', async () => {
    // Row sums in float32 (n terms each), added in float64.
    await expectNegativeCellsMatchReference(kernels, [[37, 53], [64, 129], [1, 3]], 1e-5);
  });

  it.skipIf(!info.available)('lets NaN and infinity through to the loss, so the trainer rejects the step', async () => {
    expect(await kernels.sgnsNegativeCells(Float32Array.of(Number.NaN, 0, 0, 0), 1, 4, [1], [1, 1, 1, 1])).toBeNaN();
    expect(await kernels.sgnsNegativeCells(Float32Array.of(Number.POSITIVE_INFINITY, 0, 0, 0), 1, 4, [1], [1, 1, 1, 1])).toBe(Number.POSITIVE_INFINITY);
  });
});
