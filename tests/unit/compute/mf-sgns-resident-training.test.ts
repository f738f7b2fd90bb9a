import { describe, expect, it } from 'vitest';
import { createKernels, createReferenceKernels, detectBackends } from '../../../src/engine/compute';
import type { Kernels } from '../../../src/engine/compute/kernels';
import type { ResidentSgnsPass, ResidentSgnsTraining } from '../../../src/engine/compute/sgns-matrix-tiles';
import { sgnsMatrixPass } from '../../../src/engine/models/mf-sgns/sgns-matrix-pass';
import { hostStepParameters } from '../../../src/engine/models/mf-sgns/step-parameters';
import { stridedLayout } from '../../../src/engine/models/mf-sgns/strided-tiles';
import { trainMfSgns } from '../../../src/engine/models/mf-sgns/train-mf-sgns';
import { createXoshiro128 } from '../../../src/engine/random/xoshiro128';
import { mfSgnsProblem } from './fixtures/mf-sgns-problem';
import { MfSgnsSettingsSchema } from '../../../src/shared/hyperparameters/mf-sgns';

// MF-SGNS training with W, C, gradients and optimiser state resident on the device across steps
// (gpujs/mf-sgns-training.ts), on SwiftShader — software, so this checks correctness only — against
// the host path: the pass tile by tile on the plain-TypeScript kernels and the float64 optimisers.

const gpu = (await detectBackends({ allowSoftwareAdapter: true, choice: 'gpu' })).find((info) => info.name === 'gpu');
if (!gpu?.available) console.warn(`resident MF-SGNS training tests: skipping the gpu backend: ${gpu?.reason}`);

function problem(V: number, d: number, shards: number, hilbert: boolean, seed: number) {
  return mfSgnsProblem(V, d, shards, hilbert, seed, { negativeSpread: 20, vectorDivisor: d });
}

const worstDifference = (actual: Float32Array, expected: Float32Array) => {
  let worst = 0;
  for (let index = 0; index < expected.length; index++) worst = Math.max(worst, Math.abs(actual[index] - expected[index]));
  return worst;
};

describe('MF-SGNS training on the gpu backend, everything resident across steps', () => {
  for (const [V, d, shards, hilbert, optimizer] of [
    [9, 3, 1, false, 'adam'],
    [37, 5, 2, false, 'adagrad'],
    [50, 8, 3, true, 'adam'],
    [23, 4, 2, true, 'adagrad'],
    [31, 6, 3, false, 'adam'],
  ] as const) {
    it.skipIf(!gpu?.available)(`equals the host path's losses, W and C step by step and reads back only the losses and a flag (V ${V}, d ${d}, ${shards} shards, ${hilbert ? 'hilbert' : 'levy'}, ${optimizer})`, async () => {
      const { spec, W, C } = problem(V, d, shards, hilbert, V * 7 + d);
      const steps = 8;
      const learningRate = optimizer === 'adam' ? 0.02 : 0.05;
      const host = hostStepParameters(sgnsMatrixPass(spec, createReferenceKernels()), W.slice(), C.slice(), optimizer);
      const kernels = await createKernels('gpu', { allowSoftwareAdapter: true });
      try {
        const resident = (await kernels.residentSgnsPass!({ ...spec, shardStart: spec.layout.shardStart }))!;
        const device = await resident.train(W, C, optimizer);
        // Uploading reads nothing back.
        expect(device.readbacks).toBe(0);
        for (let step = 0; step <= steps; step++) {
          const expected = await host.pass();
          const readbacks = device.readbacks;
          const floats = device.floatsRead;
          let tiles = 0;
          const loss = await device.pass(undefined, () => tiles++);
          expect(tiles).toBe(shards * shards);
          // Per step: each tile's m row losses (s·V floats in all) and the one-float flag; no W, C or gradient.
          expect(device.readbacks - readbacks).toBe(shards * shards + 1);
          expect(device.floatsRead - floats).toBe(shards * V + 1);
          expect(Math.abs(loss - expected)).toBeLessThan(2e-5 * Math.abs(expected));
          if (step < steps) {
            await host.update(learningRate);
            await device.update(learningRate);
            expect(device.readbacks - readbacks).toBe(shards * shards + 1);
          }
        }
        const onDevice = await device.read();
        const onHost = await host.read();
        // W and C come back once each per shard, at the end.
        expect(device.readbacks).toBe((steps + 1) * (shards * shards + 1) + 2 * shards);
        const scale = Math.max(...Array.from(onHost.W, Math.abs));
        expect(worstDifference(onDevice.W, onHost.W)).toBeLessThan(1e-3 * scale);
        expect(worstDifference(onDevice.C, onHost.C)).toBeLessThan(1e-3 * scale);
        // A cancelled pass leaves the training usable, and disposing twice is harmless.
        const controller = new AbortController();
        controller.abort();
        await expect(device.pass(controller.signal)).rejects.toThrow();
        device.dispose();
        device.dispose();
        resident.dispose();
      } finally {
        await kernels.dispose();
      }
    });
  }

  it.skipIf(!gpu?.available)('rejects a non-finite step on the device: undo() restores the parameters and state exactly', async () => {
    const { spec, W, C } = problem(20, 4, 2, false, 3);
    const kernels = await createKernels('gpu', { allowSoftwareAdapter: true });
    try {
      const resident = (await kernels.residentSgnsPass!({ ...spec, shardStart: spec.layout.shardStart }))!;
      const device = await resident.train(W, C, 'adam');
      const host = hostStepParameters(sgnsMatrixPass(spec, createReferenceKernels()), W.slice(), C.slice(), 'adam');
      await device.pass();
      await host.pass();
      await device.update(0.02);
      await host.update(0.02);
      const before = await device.pass();
      await host.pass();
      // A learning rate that overflows the scores: the next loss is not finite.
      await device.update(1e25);
      expect(await device.pass()).toBeNaN();
      device.undo();
      expect(await device.pass()).toBe(before);
      // Retaken at another rate, the step matches the host's (whose state was never touched).
      await device.update(0.01);
      await host.update(0.01);
      const after = await device.pass();
      expect(Math.abs(after - (await host.pass()))).toBeLessThan(2e-5 * Math.abs(after));
      // Undo twice in a row goes back to the same state.
      device.undo();
      device.undo();
      expect(await device.pass()).toBe(before);
    } finally {
      await kernels.dispose();
    }
  });

  /** Kernels whose device training returns NaN at the given pass, as a device fault would. */
  function faultyOnce(kernels: Kernels, badPass: number, trainings: ResidentSgnsTraining[]): Kernels {
    let passes = 0;
    return {
      ...kernels,
      async residentSgnsPass(tiles) {
        const resident = (await kernels.residentSgnsPass!(tiles))!;
        const wrapped: ResidentSgnsPass = {
          run: resident.run,
          dispose: resident.dispose,
          get readbacks() {
            return resident.readbacks;
          },
          async train(W, C, optimizer) {
            const training = await resident.train(W, C, optimizer);
            trainings.push(training);
            return {
              ...training,
              async pass(signal, onTile) {
                const loss = await training.pass(signal, onTile);
                return ++passes === badPass ? Number.NaN : loss;
              },
            };
          },
        };
        return wrapped;
      },
    };
  }

  for (const [optimizer, negativeTerm, shards] of [
    ['adam', 'levy', 1],
    ['adagrad', 'hilbert', 3],
  ] as const) {
    it.skipIf(!gpu?.available)(`trains like the host path through a rejected step (${optimizer}, ${negativeTerm}, ${shards} shards)`, async () => {
      const random = createXoshiro128(11);
      const V = 14;
      const ids = Int32Array.from({ length: 3000 }, () => Math.min(V - 1, Math.floor(V * random.nextFloat() ** 1.5)));
      const settings = MfSgnsSettingsSchema.parse({ window: 2, dimensions: 4, steps: 10, seed: 3, optimizer, negativeTerm, learningRate: optimizer === 'adam' ? 0.05 : 0.1 });
      // The host path with the same fault: the 5th pass's first product is NaN (3 products per tile).
      const reference = createReferenceKernels();
      let products = 0;
      const faultyReference = {
        ...reference,
        async matmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number) {
          const product = await reference.matmul(a, b, m, k, n);
          return ++products === 4 * 3 * shards * shards + 1 ? product.fill(Number.NaN) : product;
        },
      };
      const expected = await trainMfSgns({ ids, vocabularySize: V }, settings, { kernels: faultyReference, threads: 0, shards });
      const kernels = await createKernels('gpu', { allowSoftwareAdapter: true });
      try {
        const trainings: ResidentSgnsTraining[] = [];
        const onGpu = await trainMfSgns({ ids, vocabularySize: V }, settings, { kernels: faultyOnce(kernels, 5, trainings), threads: 0, shards });
        // The trainer took the resident path; over the whole run (13 passes: the 11 steps', the rejected
        // one's, and the restored parameters' again) only the row losses and the flag came back per
        // pass, and W and C once, at the end.
        expect(trainings).toHaveLength(1);
        expect(trainings[0].readbacks).toBe(13 * (shards * shards + 1) + 2 * shards);
        expect(expected.rejectedSteps).toEqual([{ step: 4, learningRate: settings.learningRate / 2 }]);
        expect(onGpu.rejectedSteps).toEqual(expected.rejectedSteps);
        expect(onGpu.lossCurve.map((entry) => entry.step)).toEqual(expected.lossCurve.map((entry) => entry.step));
        for (let index = 0; index < expected.lossCurve.length; index++) {
          expect(Math.abs(onGpu.lossCurve[index].loss - expected.lossCurve[index].loss)).toBeLessThan(1e-4 * expected.lossCurve[index].loss);
        }
        expect(worstDifference(onGpu.W, expected.W)).toBeLessThan(2e-3);
        expect(worstDifference(onGpu.C, expected.C)).toBeLessThan(2e-3);
        expect(onGpu.W.every(Number.isFinite) && onGpu.C.every(Number.isFinite)).toBe(true);
      } finally {
        await kernels.dispose();
      }
    });
  }
});

describe('which MF-SGNS problems the resident training takes', () => {
  it('refuses an empty shard and counts a training\'s tables in the device memory', async () => {
    const { residentSgnsPassFits } = await import('../../../src/engine/compute/gpujs/mf-sgns-pass');
    expect(residentSgnsPassFits(stridedLayout(2, 3).shardStart, 1)).toBe(false);
    expect(residentSgnsPassFits(stridedLayout(20_000).shardStart, 300)).toBe(true); // 1.6 GB of counts + 0.38 GB of tables
    expect(residentSgnsPassFits(stridedLayout(22_000).shardStart, 300)).toBe(false); // 1.94 GB + 0.42 GB > 2 GiB
  });
});
