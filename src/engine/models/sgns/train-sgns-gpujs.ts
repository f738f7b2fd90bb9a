// SGNS on gpu.js (mode 'webgpu', the gpu backend, or 'webasm'): minibatch skip-gram with negative
// sampling in gather form. The host walks the corpus as the reference does (SgnsBatchWalker: same
// subsampling, windows and noise draws from the same seed) and emits batches of triples; the kernels
// (GpujsSgnsKernels) compute logits and gradients per triple, then apply them to W and C by gathering
// each row's slots. Unlike the cpu trainer, every update of a batch is taken at the batch's starting
// vectors (a minibatch step, not per-pair SGD), and α is recomputed per batch.
//
// On webgpu W and C stay on the device between batches (gpu.js pipeline buffers) and come back once,
// at the end; only each batch's logits are read back, for the loss. On webasm (no device memory)
// they round-trip through the host as before.

import { divergenceError, findDivergence } from './divergence';
import { xoshiro128FromState } from '../../random/xoshiro128';
import { FirthError } from '../../../shared/errors';
import { batchTripleCapacity, SgnsBatchWalker } from './batches';
import { sigmoidStep } from './exact-math';
import { GpujsSgnsKernels } from '../../compute/gpujs/sgns';
import { validateEncodedCorpus, validateSgnsOptions } from './options';
import { noPairsNote, prepareRun } from './prepare';
import { learningRateAt, sgnsProgress } from './schedule';
import { initialWordVectors, paddedStride, runStreams, unpad } from './streams';
import type { EncodedCorpus, SgnsControl, SgnsOptions, SgnsResult } from './types';

/** Positive pairs per batch by default (≥ 32 k, as a real GPU wants large batches). */
export const defaultBatchPairs = 32_768;
const progressIntervalMs = 500;

export interface SgnsGpujsControl extends SgnsControl {
  mode: 'webgpu' | 'webasm';
  /** webgpu, tests only: accept a software adapter (SwiftShader). */
  allowSoftwareAdapter?: boolean;
  /** Positive (word, context) pairs per batch (each with up to k noise triples); default 32,768. */
  batchPairs?: number;
}

function cancelled(): FirthError {
  return new FirthError('cancelled', 'SGNS training was cancelled');
}

/** The loss of a batch, −log σ(f) for positives and −log σ(−f) for noise, summed in float64. */
export function batchLoss(logits: Float32Array, labels: Uint8Array, triples: number): number {
  let sum = 0;
  for (let t = 0; t < triples; t++) sum += sigmoidStep(logits[t], labels[t] === 1 ? 1 : 0).loss;
  return sum;
}

/**
 * Trains SGNS with gpu.js kernels. Same result shape as trainSgns; `reproducible` is true (gpu.js
 * kernels sum in a fixed order). `threads` is gpu.js's webasm pool size (options.threads), 1 on webgpu.
 * Throws FirthError('invalid-input') for bad options, 'backend-unavailable' when the mode cannot run
 * here, 'cancelled' within one batch of an abort.
 */
export async function trainSgnsGpujs(corpus: EncodedCorpus, options: Partial<SgnsOptions>, gpuControl: SgnsGpujsControl): Promise<SgnsResult> {
  const { signal, onProgress, mode, allowSoftwareAdapter } = gpuControl;
  validateEncodedCorpus(corpus);
  const settings = validateSgnsOptions(options, corpus.counts.length);
  const batchPairs = gpuControl.batchPairs ?? defaultBatchPairs;
  if (!Number.isInteger(batchPairs) || batchPairs < 1 || batchPairs > 4_000_000) {
    throw new FirthError('invalid-input', `batchPairs must be a whole number from 1 to 4,000,000; got ${String(batchPairs)}`, { field: 'batchPairs' });
  }
  if (mode !== 'webgpu' && mode !== 'webasm') throw new FirthError('invalid-input', `mode must be 'webgpu' or 'webasm'; got ${String(mode)}`, { field: 'mode' });
  if (signal?.aborted) throw cancelled();

  const run = prepareRun(corpus, settings, 1);
  const { V, T } = run;
  const d = settings.dimensions;
  const stride = paddedStride(d);
  const threads = mode === 'webasm' ? settings.threads : 1;
  const streams = runStreams(settings.seed, 1);
  const degenerate = [...run.degenerate];
  let W: Float32Array = initialWordVectors(V, d, stride, streams.initial);
  let C: Float32Array = new Float32Array(V * stride);
  const lossCurve: SgnsResult['lossCurve'] = [];

  const finish = (result: Pick<SgnsResult, 'wordsPerSecond' | 'elapsedMs' | 'pairs' | 'negativesSkipped' | 'deviceMemoryBytes'>): SgnsResult => {
    if (result.pairs === 0) degenerate.push(noPairsNote());
    const denseW = unpad(W, V, d, stride);
    const denseC = unpad(C, V, d, stride);
    const diverged = findDivergence(denseW, V, d, d) ?? findDivergence(denseC, V, d, d);
    if (diverged) throw divergenceError(settings.alpha, settings.epochs, diverged);
    return {
      W: denseW,
      C: denseC,
      vocabularySize: V,
      dimensions: d,
      lossCurve,
      threads,
      reproducible: true,
      ...result,
      ...(degenerate.length > 0 ? { degenerate: degenerate.join('; ') } : {}),
    };
  };

  if (T === 0) {
    for (let epoch = 1; epoch <= settings.epochs; epoch++) lossCurve.push({ epoch, loss: null });
    return finish({ wordsPerSecond: 0, elapsedMs: 0, pairs: 0, negativesSkipped: 0 });
  }

  const capacity = batchTripleCapacity(batchPairs, settings.window, settings.negative);
  const kernels = await GpujsSgnsKernels.create(mode, {
    V,
    stride,
    capacity,
    allowSoftwareAdapter,
    ...(mode === 'webasm' ? { poolSize: threads } : {}),
  });
  try {
    kernels.load(W, C);
    const walker = new SgnsBatchWalker(corpus.ids, settings, run.keep, run.noise, xoshiro128FromState(...streams.threads[0]), batchPairs);
    const wordsTotal = settings.epochs * T;
    let pairs = 0;
    const startedMs = performance.now();
    let lastReportMs = startedMs;
    let reportLoss = 0;
    let reportPairs = 0;

    const report = (epoch: number) => {
      lastReportMs = performance.now();
      if (!onProgress) return;
      const wordsProcessed = epoch * T + walker.wordsThisEpoch;
      const progress = sgnsProgress(settings, epoch, wordsProcessed, wordsTotal, lastReportMs - startedMs, reportPairs > 0 ? reportLoss / reportPairs : null);
      reportLoss = 0;
      reportPairs = 0;
      onProgress(progress);
    };

    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      walker.startEpoch();
      let epochLoss = 0;
      let epochPairs = 0;
      for (;;) {
        if (signal?.aborted) throw cancelled();
        const alpha = learningRateAt(epoch * T + walker.wordsThisEpoch, wordsTotal, settings.alpha, settings.minAlpha);
        const batch = walker.next();
        if (batch === null) break;
        const step = await kernels.advance(batch, alpha);
        const loss = batchLoss(step.logits, batch.labels, batch.triples);
        epochLoss += loss;
        epochPairs += batch.pairs;
        reportLoss += loss;
        reportPairs += batch.pairs;
        if (performance.now() - lastReportMs >= progressIntervalMs) report(epoch);
      }
      if (signal?.aborted) throw cancelled();
      report(epoch);
      pairs += epochPairs;
      lossCurve.push({ epoch: epoch + 1, loss: epochPairs > 0 ? epochLoss / epochPairs : null });
    }
    ({ W, C } = await kernels.tables());
    const elapsedMs = performance.now() - startedMs;
    return finish({
      wordsPerSecond: elapsedMs > 0 ? (wordsTotal / elapsedMs) * 1000 : 0,
      elapsedMs,
      pairs,
      negativesSkipped: walker.negativesSkipped,
      ...(mode === 'webgpu' ? { deviceMemoryBytes: kernels.deviceMemoryBytes() } : {}),
    });
  } finally {
    await kernels.dispose();
  }
}
