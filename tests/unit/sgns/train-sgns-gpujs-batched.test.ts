import { describe, expect, it } from 'vitest';
import { GPU } from 'gpu.js';
import { probeWebGpu } from '../../../src/engine/compute/webgpu/adapter';
import { referenceBatchedSgns, trainSgnsGpujs, type SgnsOptions } from '../../../src/engine/models/sgns';
import { cosine, twoTopicCorpus } from './fixtures';

// The gpu.js trainer with update 'batched' shares each window's negatives (HogBatch, as BlazingText
// does on GPUs): it walks the corpus and draws noise exactly as the batched reference does, and takes
// a minibatch step where the reference takes one step per window.
const probe = await probeWebGpu();
const modes: Array<'webgpu' | 'webasm'> = [];
if (probe.status === 'adapter') modes.push('webgpu');
if (GPU.isWebAssemblySupported) modes.push('webasm');

function clusterGap(W: Float32Array, d: number, perCluster: number): number {
  let within = 0;
  let across = 0;
  let withinCount = 0;
  let acrossCount = 0;
  for (let i = 0; i < 2 * perCluster; i++) {
    for (let j = i + 1; j < 2 * perCluster; j++) {
      const similarity = cosine(W, d, i, j);
      if (i < perCluster === j < perCluster) {
        within += similarity;
        withinCount++;
      } else {
        across += similarity;
        acrossCount++;
      }
    }
  }
  return within / withinCount - across / acrossCount;
}

describe.each(modes)('trainSgnsGpujs with shared negatives per window (%s)', (mode) => {
  const perCluster = 40;
  const corpus = twoTopicCorpus(800, perCluster);
  const options: Partial<SgnsOptions> = { dimensions: 16, window: 3, epochs: 3, threads: 1, subsample: 0, seed: 5, update: 'batched' };

  it('walks and draws as the batched reference, and tracks its loss within a minibatch’s tolerance', { timeout: 120_000 }, async () => {
    const reference = referenceBatchedSgns(corpus, options);
    const result = await trainSgnsGpujs(corpus, options, { mode, allowSoftwareAdapter: true, batchPairs: 512 });
    expect(result.pairs).toBe(reference.pairs);
    expect(result.negativesSkipped).toBe(reference.negativesSkipped);
    const losses = result.lossCurve.map((point) => point.loss!);
    const referenceLosses = reference.lossCurve.map((point) => point.loss!);
    expect(losses[2]).toBeLessThan(losses[0]);
    // A minibatch step lags the per-window steps a little; the reference's sigmoid is tabulated.
    for (let epoch = 0; epoch < 3; epoch++) expect(Math.abs(losses[epoch] - referenceLosses[epoch]) / referenceLosses[epoch]).toBeLessThan(0.1);
    expect(Math.abs(clusterGap(result.W, 16, perCluster) - clusterGap(reference.W, 16, perCluster))).toBeLessThan(0.2);
    if (mode === 'webgpu') expect(result.deviceMemoryBytes).toBeGreaterThan(2 * 2 * perCluster * 16 * 4);
  });
});
