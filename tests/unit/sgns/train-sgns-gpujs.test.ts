import { afterAll, describe, expect, it, vi } from 'vitest';
import * as gpujs from 'gpu.js';
import { GPU } from 'gpu.js';
import { probeWebGpu } from '../../../src/engine/compute/webgpu/adapter';
import { referenceBatchedSgns, referenceSgns, trainSgns, trainSgnsGpujs, validateSgnsOptions, type EncodedCorpus, type SgnsOptions, type SgnsProgress } from '../../../src/engine/models/sgns';
import { batchTripleCapacity, SgnsBatchWalker } from '../../../src/engine/models/sgns/batches';
import { GpujsSgnsKernels } from '../../../src/engine/compute/gpujs/sgns';
import { prepareRun } from '../../../src/engine/models/sgns/prepare';
import { initialWordVectors, paddedStride, runStreams } from '../../../src/engine/models/sgns/streams';
import { createXoshiro128, xoshiro128FromState } from '../../../src/engine/random/xoshiro128';
import { cosine, differingIndices, twoTopicCorpus, zipfCorpus } from './fixtures';

type Mode = 'webgpu' | 'webasm';

const probe = await probeWebGpu();
const modes: Mode[] = [];
if (probe.status === 'adapter') modes.push('webgpu');
else console.warn(`trainSgnsGpujs tests: skipping gpu.js webgpu: ${probe.reason}`);
if (GPU.isWebAssemblySupported) modes.push('webasm');
else console.warn('trainSgnsGpujs tests: skipping gpu.js webasm: this runtime has no WebAssembly');

const timings: string[] = [];
afterAll(() => {
  if (timings.length > 0) console.info(`trainSgnsGpujs timings:\n  ${timings.join('\n  ')}`);
});

/** W' = W + Σ g·C[target], C' = C + Σ g·W[input] over the batch, all at the starting W and C, in float64. */
function plainMinibatchStep(W: Float32Array, C: Float32Array, stride: number, inputs: Int32Array, targets: Int32Array, labels: Uint8Array, triples: number, alpha: number) {
  const nextW = Float64Array.from(W);
  const nextC = Float64Array.from(C);
  const logits = new Float64Array(triples);
  const gradients = new Float64Array(triples);
  for (let t = 0; t < triples; t++) {
    const w = inputs[t] * stride;
    const c = targets[t] * stride;
    let f = 0;
    for (let i = 0; i < stride; i++) f += W[w + i] * C[c + i];
    const g = (labels[t] - 1 / (1 + Math.exp(-f))) * alpha;
    logits[t] = f;
    gradients[t] = g;
    for (let i = 0; i < stride; i++) {
      nextW[w + i] += g * C[c + i];
      nextC[c + i] += g * W[w + i];
    }
  }
  return { W: nextW, C: nextC, logits, gradients };
}

function worstAbsoluteError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

function clusterSimilarity(W: Float32Array, d: number, perCluster: number): { within: number; across: number } {
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
  return { within: within / withinCount, across: across / acrossCount };
}

describe('SgnsBatchWalker', () => {
  it.each(['word2vec', 'batched'] as const)('walks the corpus as the %s reference does: same pairs and skipped negatives, in batches within capacity', (update) => {
    const corpus = zipfCorpus(20_000, 300, 9);
    const settings = validateSgnsOptions({ dimensions: 8, epochs: 2, subsample: 1e-3, threads: 1, update }, 300);
    const run = prepareRun(corpus, settings, 1);
    const random = xoshiro128FromState(...runStreams(settings.seed, 1).threads[0]);
    const walker = new SgnsBatchWalker(corpus.ids, settings, run.keep, run.noise, random, 500);
    expect(walker.capacity).toBe(batchTripleCapacity(500, settings.window, settings.negative));
    let pairs = 0;
    let batches = 0;
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      walker.startEpoch();
      for (let batch = walker.next(); batch !== null; batch = walker.next()) {
        expect(batch.triples).toBeLessThanOrEqual(walker.capacity);
        expect(batch.pairs).toBeGreaterThan(0);
        let positives = 0;
        for (let t = 0; t < batch.triples; t++) positives += batch.labels[t];
        expect(positives).toBe(batch.pairs);
        pairs += batch.pairs;
        batches++;
      }
      expect(walker.wordsThisEpoch).toBe(run.T);
    }
    const reference = (update === 'batched' ? referenceBatchedSgns : referenceSgns)(corpus, { dimensions: 8, epochs: 2, subsample: 1e-3 });
    expect(pairs).toBe(reference.pairs);
    expect(walker.negativesSkipped).toBe(reference.negativesSkipped);
    expect(batches).toBeGreaterThan(10);
  });
});

describe.each(modes)('trainSgnsGpujs on gpu.js %s', (mode) => {
  const allowSoftwareAdapter = true;

  // d 18 pads rows to 20 floats; a 4,096-pair batch of the Zipf corpus puts > 1,000 triples on word 0
  // (over gpu.js's default loop cap) and leaves some rows without slots.
  it.each([
    ['two topics, d 16, 512 pairs', twoTopicCorpus(500, 100), 16, 512],
    ['Zipf, d 18, 4,096 pairs', zipfCorpus(30_000, 300, 4), 18, 4096],
  ] as Array<[string, EncodedCorpus, number, number]>)('one batch equals a plain-TS minibatch step: %s', async (_, corpus, d, batchPairs) => {
    const V = corpus.counts.length;
    const settings = validateSgnsOptions({ dimensions: d, threads: 1, subsample: 0 }, V);
    const run = prepareRun(corpus, settings, 1);
    const stride = paddedStride(d);
    const streams = runStreams(settings.seed, 1);
    const walker = new SgnsBatchWalker(corpus.ids, settings, run.keep, run.noise, xoshiro128FromState(...streams.threads[0]), batchPairs);
    walker.startEpoch();
    const batch = walker.next()!;
    // Non-zero C so that both updates carry information (C starts at zero in training).
    const W = initialWordVectors(V, d, stride, streams.initial);
    const random = createXoshiro128(5);
    const C = new Float32Array(V * stride);
    for (let row = 0; row < V; row++) for (let i = 0; i < d; i++) C[row * stride + i] = (random.nextFloat() - 0.5) * 0.5;
    if (d === 18) {
      let onWordZero = 0;
      for (let t = 0; t < batch.triples; t++) onWordZero += batch.inputs[t] === 0 ? 1 : 0;
      expect(onWordZero).toBeGreaterThan(1000);
    }
    const alpha = 0.025;
    const kernels = await GpujsSgnsKernels.create(mode, { V, stride, capacity: walker.capacity, allowSoftwareAdapter });
    try {
      const step = await kernels.step(W, C, batch, alpha);
      const expected = plainMinibatchStep(W, C, stride, batch.inputs, batch.targets, batch.labels, batch.triples, alpha);
      expect(worstAbsoluteError(step.logits, expected.logits)).toBeLessThan(1e-5);
      expect(worstAbsoluteError(step.gradients, expected.gradients)).toBeLessThan(1e-6);
      expect(worstAbsoluteError(step.W, expected.W)).toBeLessThan(1e-5);
      expect(worstAbsoluteError(step.C, expected.C)).toBeLessThan(1e-5);
      // The step changed the tables, and the padding columns stay zero.
      expect(worstAbsoluteError(step.C, C)).toBeGreaterThan(1e-3);
      expect(worstAbsoluteError(step.W, W)).toBeGreaterThan(1e-3);
      for (let row = 0; row < V; row++) for (let i = d; i < stride; i++) expect(step.W[row * stride + i]).toBe(0);
      // The inputs were not changed in place.
      expect(differingIndices(W, initialWordVectors(V, d, stride, streams.initial))).toEqual([]);
    } finally {
      await kernels.dispose();
    }
  });

  it('keeps W and C on the device between batches (webgpu) and matches the round-trip steps', async () => {
    const corpus = zipfCorpus(30_000, 300, 4);
    const V = corpus.counts.length;
    const d = 18;
    const settings = validateSgnsOptions({ dimensions: d, threads: 1, subsample: 0 }, V);
    const run = prepareRun(corpus, settings, 1);
    const stride = paddedStride(d);
    const streams = runStreams(settings.seed, 1);
    const walker = new SgnsBatchWalker(corpus.ids, settings, run.keep, run.noise, xoshiro128FromState(...streams.threads[0]), 512);
    walker.startEpoch();
    const batches = [walker.next()!, walker.next()!, walker.next()!, walker.next()!];
    const W0 = initialWordVectors(V, d, stride, streams.initial);
    const C0 = new Float32Array(V * stride);
    const readbacks: string[] = [];
    // gpu.js's pipeline handle on webgpu: every copy of a device buffer to the host goes through toArray.
    const handleClass = (gpujs as unknown as { WebGPUBufferResult: { prototype: { toArray(): Promise<unknown> } } }).WebGPUBufferResult;
    const toArray = vi.spyOn(handleClass.prototype, 'toArray');
    const options = { V, stride, capacity: walker.capacity, allowSoftwareAdapter, onTableReadback: (table: string) => readbacks.push(table) };
    const resident = await GpujsSgnsKernels.create(mode, options);
    const roundTrip = await GpujsSgnsKernels.create(mode, { V, stride, capacity: walker.capacity, allowSoftwareAdapter });
    try {
      let W: Float32Array = W0;
      let C: Float32Array = C0;
      resident.load(W0, C0);
      for (let b = 0; b < batches.length; b++) {
        const alpha = 0.025 * (1 - b / 10);
        const advanced = await resident.advance(batches[b], alpha);
        const step = await roundTrip.step(W, C, batches[b], alpha);
        W = step.W;
        C = step.C;
        expect(worstAbsoluteError(advanced.logits, step.logits)).toBeLessThan(1e-5);
        expect(worstAbsoluteError(advanced.gradients, step.gradients)).toBeLessThan(1e-6);
      }
      // No table came back while training: only the logits did.
      expect(readbacks).toEqual([]);
      expect(toArray).not.toHaveBeenCalled();
      const tables = await resident.tables();
      expect(readbacks).toEqual(mode === 'webgpu' ? ['W', 'C'] : []);
      expect(toArray).toHaveBeenCalledTimes(mode === 'webgpu' ? 2 : 0);
      expect(worstAbsoluteError(tables.W, W)).toBeLessThan(1e-5);
      expect(worstAbsoluteError(tables.C, C)).toBeLessThan(1e-5);
      expect(worstAbsoluteError(tables.C, C0)).toBeGreaterThan(1e-3);
      for (let row = 0; row < V; row++) for (let i = d; i < stride; i++) expect(tables.W[row * stride + i]).toBe(0);
      // load() kept the starting tables as they were.
      expect(differingIndices(W0, initialWordVectors(V, d, stride, streams.initial))).toEqual([]);
    } finally {
      toArray.mockRestore();
      await resident.dispose();
      await roundTrip.dispose();
    }
  });

  const perCluster = 100;
  const corpus = twoTopicCorpus(2000, perCluster);
  // The gpu.js trainer walks the corpus as word2vec mode does (k negatives per pair).
  const options: Partial<SgnsOptions> = { dimensions: 16, window: 3, epochs: 3, threads: 1, subsample: 0, seed: 11, update: 'word2vec' };
  const batchPairs = 1024;
  let first: Awaited<ReturnType<typeof trainSgnsGpujs>> | undefined;

  it('lowers the loss each epoch and tracks the cpu trainer (final epoch within 10%)', async () => {
    const started = performance.now();
    const result = await trainSgnsGpujs(corpus, options, { mode, allowSoftwareAdapter, batchPairs });
    const wallMs = performance.now() - started;
    first = result;
    const cpu = await trainSgns(corpus, options);
    timings.push(`${mode}: ${result.pairs} pairs in ${result.elapsedMs.toFixed(0)} ms of training (${wallMs.toFixed(0)} ms with kernel compile) = ${((result.pairs / result.elapsedMs) * 1000).toFixed(0)} pairs/s, batch ${batchPairs} pairs, V 200, d 16`);
    expect(result).toMatchObject({ vocabularySize: 2 * perCluster, dimensions: 16, reproducible: true });
    expect(result.degenerate).toBeUndefined();
    expect(result.W.length).toBe(2 * perCluster * 16);
    expect(result.C.length).toBe(2 * perCluster * 16);
    // The same walk as the cpu trainer: same pairs and skipped negatives.
    expect(result.pairs).toBe(cpu.pairs);
    expect(result.negativesSkipped).toBe(cpu.negativesSkipped);
    const losses = result.lossCurve.map((point) => point.loss!);
    const cpuLosses = cpu.lossCurve.map((point) => point.loss!);
    expect(result.lossCurve.map((point) => point.epoch)).toEqual([1, 2, 3]);
    timings.push(`${mode}: loss per epoch ${losses.map((loss) => loss.toFixed(3)).join(', ')} (cpu ${cpuLosses.map((loss) => loss.toFixed(3)).join(', ')})`);
    expect(losses[0]).toBeLessThan(6 * Math.LN2);
    expect(losses[1]).toBeLessThan(losses[0]);
    expect(losses[2]).toBeLessThan(losses[1]);
    // A minibatch step lags per-pair SGD a little (measured at seed 1: 3.53, 2.63, 2.30 vs cpu 3.34, 2.44, 2.16).
    for (let epoch = 0; epoch < 3; epoch++) expect(Math.abs(losses[epoch] - cpuLosses[epoch]) / cpuLosses[epoch]).toBeLessThan(0.1);
  });

  it('places words of the same topic closer than words of different topics, as the cpu path does', async () => {
    const result = first ?? (await trainSgnsGpujs(corpus, options, { mode, allowSoftwareAdapter, batchPairs }));
    const gpu = clusterSimilarity(result.W, 16, perCluster);
    const cpu = clusterSimilarity((await trainSgns(corpus, options)).W, 16, perCluster);
    timings.push(`${mode}: mean cosine within ${gpu.within.toFixed(3)}, across ${gpu.across.toFixed(3)} (cpu ${cpu.within.toFixed(3)}, ${cpu.across.toFixed(3)})`);
    expect(gpu.within).toBeGreaterThan(0.5);
    expect(gpu.within - gpu.across).toBeGreaterThan(0.5);
    expect(Math.abs(gpu.within - gpu.across - (cpu.within - cpu.across))).toBeLessThan(0.2);
  });

  it('repeats itself bit for bit with the same seed, and not with another', async () => {
    const small = twoTopicCorpus(300, 30);
    const smallOptions = { ...options, epochs: 1 };
    const run = (seed: number) => trainSgnsGpujs(small, { ...smallOptions, seed }, { mode, allowSoftwareAdapter, batchPairs: 256 });
    const [one, two, other] = [await run(3), await run(3), await run(4)];
    expect(differingIndices(one.W, two.W)).toEqual([]);
    expect(differingIndices(one.C, two.C)).toEqual([]);
    expect(one.lossCurve).toEqual(two.lossCurve);
    expect(differingIndices(one.W, other.W)).not.toEqual([]);
  });

  it('reports progress and stops with cancelled after an abort', async () => {
    const events: SgnsProgress[] = [];
    const small = twoTopicCorpus(300, 30);
    const result = await trainSgnsGpujs(small, { ...options, epochs: 2 }, { mode, allowSoftwareAdapter, batchPairs: 256, onProgress: (progress) => events.push(progress) });
    expect(events.length).toBeGreaterThanOrEqual(2);
    const last = events[events.length - 1];
    expect(last).toMatchObject({ phase: 'train', epoch: 2, epochs: 2, wordsProcessed: last.wordsTotal });
    expect(last.learningRate).toBeCloseTo(0.0001, 10);
    expect(result.lossCurve).toHaveLength(2);

    const aborted = new AbortController();
    aborted.abort();
    await expect(trainSgnsGpujs(small, options, { mode, allowSoftwareAdapter, signal: aborted.signal })).rejects.toMatchObject({ name: 'FirthError', code: 'cancelled' });

    // 200 epochs: an abort that did not stop it would let it resolve (much later) instead of throwing.
    const controller = new AbortController();
    const long = trainSgnsGpujs(corpus, { ...options, epochs: 200 }, { mode, allowSoftwareAdapter, batchPairs, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(long).rejects.toMatchObject({ name: 'FirthError', code: 'cancelled' });
  });
});

describe('trainSgnsGpujs input checks', () => {
  it('rejects a bad batch size and bad options before any work', async () => {
    const corpus = twoTopicCorpus(10, 5);
    await expect(trainSgnsGpujs(corpus, { dimensions: 8 }, { mode: 'webasm', batchPairs: 0 })).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'batchPairs' } });
    await expect(trainSgnsGpujs(corpus, { dimensions: 0 }, { mode: 'webasm' })).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'dimensions' } });
  });
});
