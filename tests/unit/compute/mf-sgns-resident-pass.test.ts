import { describe, expect, it } from 'vitest';
import { createKernels, createReferenceKernels, detectBackends } from '../../../src/engine/compute';
import { MfSgnsSettingsSchema } from '../../../src/shared/hyperparameters/mf-sgns';
import { trainMfSgns } from '../../../src/engine/models/mf-sgns/train-mf-sgns';
import { sgnsMatrixPass } from '../../../src/engine/models/mf-sgns/sgns-matrix-pass';
import { stridedLayout } from '../../../src/engine/models/mf-sgns/strided-tiles';
import { createXoshiro128 } from '../../../src/engine/random/xoshiro128';
import { mfSgnsProblem } from './fixtures/mf-sgns-problem';

// The gpu backend's resident MF-SGNS pass (gpujs/mf-sgns-pass.ts) on SwiftShader — software, so this
// checks correctness only — against the same pass run tile by tile on the plain-TypeScript kernels.

const gpu = (await detectBackends({ allowSoftwareAdapter: true, choice: 'gpu' })).find((info) => info.name === 'gpu');
if (!gpu?.available) console.warn(`resident MF-SGNS pass tests: skipping the gpu backend: ${gpu?.reason}`);

function problem(V: number, d: number, shards: number, hilbert: boolean, seed: number) {
  return mfSgnsProblem(V, d, shards, hilbert, seed, { negativeSpread: 200, vectorDivisor: 1 });
}

const relativeError = (actual: Float64Array, expected: Float64Array) => {
  let worst = 0;
  let scale = 0;
  for (let index = 0; index < expected.length; index++) scale = Math.max(scale, Math.abs(expected[index]));
  for (let index = 0; index < expected.length; index++) worst = Math.max(worst, Math.abs(actual[index] - expected[index]));
  return worst / scale;
};

describe('MF-SGNS pass on the gpu backend, W and C resident on the device', () => {
  for (const [V, d, shards, hilbert] of [
    [37, 5, 2, false],
    [50, 8, 3, true],
    [9, 3, 1, false],
  ] as const) {
    it.skipIf(!gpu?.available)(`equals the tile-by-tile pass on the reference kernels (V ${V}, d ${d}, ${shards} shards, ${hilbert ? 'hilbert' : 'levy'})`, async () => {
      const { spec, W, C } = problem(V, d, shards, hilbert, V * 31 + d);
      const expectedW = new Float64Array(V * d);
      const expectedC = new Float64Array(V * d);
      const expectedLoss = await sgnsMatrixPass(spec, createReferenceKernels())(W, C, expectedW, expectedC);

      const kernels = await createKernels('gpu', { allowSoftwareAdapter: true });
      try {
        const resident = await kernels.residentSgnsPass!({ ...spec, shardStart: spec.layout.shardStart });
        expect(resident).toBeDefined();
        const gradW = new Float64Array(V * d);
        const gradC = new Float64Array(V * d);
        let tiles = 0;
        const loss = await resident!.run(W, C, gradW, gradC, undefined, () => tiles++);
        expect(tiles).toBe(shards * shards);
        expect(Math.abs(loss - expectedLoss)).toBeLessThan(1e-5 * Math.abs(expectedLoss));
        expect(relativeError(gradW, expectedW)).toBeLessThan(1e-5);
        expect(relativeError(gradC, expectedC)).toBeLessThan(1e-5);
        // Nothing per tile comes back but its m row losses: one read per tile, and the gradients once per shard.
        expect(resident!.readbacks).toBe(shards * shards + 2 * shards);

        // A second pass at other tables reuses the resident counts; the trainer's pass takes this path.
        const W2 = W.map((value) => value * 0.5);
        const again = await sgnsMatrixPass(spec, kernels)(W2, C, gradW, gradC);
        const reference = await sgnsMatrixPass(spec, createReferenceKernels())(W2, C, expectedW, expectedC);
        expect(Math.abs(again - reference)).toBeLessThan(1e-5 * Math.abs(reference));
        expect(relativeError(gradW, expectedW)).toBeLessThan(1e-5);
      } finally {
        await kernels.dispose();
      }
    });
  }

  it.skipIf(!gpu?.available)('trains MF-SGNS on the gpu backend along the same path as the reference kernels', async () => {
    const random = createXoshiro128(5);
    const V = 12;
    const ids = Int32Array.from({ length: 3000 }, () => Math.min(V - 1, Math.floor(V * random.nextFloat() ** 1.5)));
    const settings = MfSgnsSettingsSchema.parse({ window: 2, dimensions: 4, steps: 15, seed: 2 });
    const reference = await trainMfSgns({ ids, vocabularySize: V }, settings, { kernels: createReferenceKernels(), threads: 0, shards: 2 });
    const kernels = await createKernels('gpu', { allowSoftwareAdapter: true });
    try {
      const onGpu = await trainMfSgns({ ids, vocabularySize: V }, settings, { kernels, threads: 0, shards: 2 });
      expect(onGpu.lossCurve).toHaveLength(16);
      for (let step = 0; step < 16; step++) expect(Math.abs(onGpu.lossCurve[step].loss - reference.lossCurve[step].loss)).toBeLessThan(1e-4 * reference.lossCurve[step].loss);
      let worst = 0;
      for (let index = 0; index < V * 4; index++) worst = Math.max(worst, Math.abs(onGpu.W[index] - reference.W[index]));
      expect(worst).toBeLessThan(1e-3);
    } finally {
      await kernels.dispose();
    }
  });

  it('is not offered where there is no device memory (the reference kernels, webasm)', async () => {
    expect(createReferenceKernels().residentSgnsPass).toBeUndefined();
    const webasm = await createKernels('webasm', { threads: 1 });
    try {
      const { spec } = problem(9, 3, 1, false, 1);
      expect(await webasm.residentSgnsPass!({ ...spec, shardStart: spec.layout.shardStart })).toBeUndefined();
    } finally {
      await webasm.dispose();
    }
  });
});

describe('which MF-SGNS problems the resident pass takes', () => {
  it('takes V 20,000 at d 300 in tiles of at most 2,048 and refuses what would not fit or index exactly', async () => {
    const { residentSgnsPassFits } = await import('../../../src/engine/compute/gpujs/mf-sgns-pass');
    expect(residentSgnsPassFits(stridedLayout(20_000).shardStart, 300)).toBe(true);
    expect(residentSgnsPassFits(stridedLayout(24_000).shardStart, 100)).toBe(false); // 4·V² bytes of counts > 2 GiB
    expect(residentSgnsPassFits(stridedLayout(5000, 1).shardStart, 10)).toBe(false); // one 5,000² tile: indices beyond 2²⁴
  });
});
