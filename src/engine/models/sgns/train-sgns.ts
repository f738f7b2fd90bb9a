// SGNS on the cpu: skip-gram with negative sampling, Hogwild over worker threads that share one
// WebAssembly memory. Each thread runs the whole training loop (subsampling, windows, noise draws,
// f32x4 products and updates) over its slice of the corpus, one call per epoch: sgns-batched.wat
// (update 'batched': one set of negatives per window, HogBatch) or sgns.wat (update 'word2vec':
// word2vec.c's per-pair loop). The main thread only lays the memory out, polls the counters for
// progress, and reads the vectors back.

import { divergenceError, findDivergence, isNumericTrap } from './divergence';
import { FirthError } from '../../../shared/errors';
import { releaseArrayBuffer } from '../../release-buffer';
import { WasmWorkerPool, wasmMemoryMaximumPages } from '../../compute/cpu/wasm-pool';
import type { WasmModuleName } from '../../compute/cpu/wasm-modules';
import { batchedScratch, control, planLayout, scratchBytes, threadBlock, type RunLayout } from './layout';
import { buildSigmoidTables, sigmoidTableSize } from './sigmoid-table';
import { validateEncodedCorpus, validateSgnsOptions } from './options';
import { chunkWords, maxSentenceLength, noPairsNote, prepareRun, type PreparedRun } from './prepare';
import { sgnsProgress } from './schedule';
import { initialWordVectors, paddedStride, runStreams, unpad } from './streams';
import type { EncodedCorpus, SgnsControl, SgnsMemory, SgnsOptions, SgnsResult } from './types';

/** The modules scripts/build-wasm.ts builds from src/engine/compute/cpu/sgns*.wat, by update mode. */
const sgnsModules: Record<SgnsOptions['update'], WasmModuleName> = { batched: 'cpu/sgns-batched', word2vec: 'cpu/sgns' };
const progressIntervalMs = 500;

interface ThreadSums {
  lossSum: number;
  pairs: number;
  negativesSkipped: number;
}

function cancelled(): FirthError {
  return new FirthError('cancelled', 'SGNS training was cancelled');
}

/** Copies the run's tables and the initial vectors into the shared memory (the ids go in first, on their own). */
function writeRun(buffer: ArrayBufferLike, layout: RunLayout, run: PreparedRun, settings: SgnsOptions, stride: number): void {
  const { V, T } = run;
  const streams = runStreams(settings.seed, run.slices.length);
  const i32 = new Int32Array(buffer);
  const f64 = new Float64Array(buffer, 0, Math.floor(buffer.byteLength / 8));
  const at = (offset: number) => (layout.control + offset) / 4;
  i32[at(control.cancel)] = 0;
  i32[at(control.wordsThisEpoch)] = 0;
  i32[at(control.vocabularySize)] = V;
  i32[at(control.stride)] = stride;
  i32[at(control.window)] = settings.window;
  i32[at(control.dynamicWindow)] = settings.fixedWindow ? 0 : 1;
  i32[at(control.negativeSamples)] = settings.negative;
  i32[at(control.chunkWords)] = chunkWords;
  i32[at(control.maxSentenceLength)] = maxSentenceLength;
  i32[at(control.subsample)] = settings.subsample > 0 ? 1 : 0;
  i32[at(control.W)] = layout.W;
  i32[at(control.C)] = layout.C;
  i32[at(control.ids)] = layout.ids;
  i32[at(control.noiseThreshold)] = layout.noiseThreshold;
  i32[at(control.noiseAlias)] = layout.noiseAlias;
  i32[at(control.keepThreshold)] = layout.keepThreshold;
  i32[at(control.sigmoidTable)] = layout.sigmoidTable;
  i32[at(control.lossTable)] = layout.lossTable;
  f64[(layout.control + control.alpha0) / 8] = settings.alpha;
  f64[(layout.control + control.alphaMin) / 8] = settings.minAlpha;
  f64[(layout.control + control.totalWords) / 8] = settings.epochs * T;

  run.slices.forEach((slice, thread) => {
    const base = (layout.threads + thread * threadBlock.bytes) / 4;
    i32[base + threadBlock.sliceStart / 4] = slice.start;
    i32[base + threadBlock.sliceEnd / 4] = slice.end;
    i32.set(streams.threads[thread], base + threadBlock.randomState / 4);
    i32[base + threadBlock.neu1e / 4] = layout.scratch[thread];
    i32[base + threadBlock.sentence / 4] = layout.sentences[thread];
    const batched = batchedScratch(layout.scratch[thread], settings.window, settings.negative);
    i32[base + threadBlock.inputRows / 4] = batched.inputRows;
    i32[base + threadBlock.outputRows / 4] = batched.outputRows;
    i32[base + threadBlock.gradients / 4] = batched.gradients;
    i32[base + threadBlock.inputDeltas / 4] = batched.inputDeltas;
  });
  if (settings.update === 'batched') {
    const tables = buildSigmoidTables();
    new Float32Array(buffer, layout.sigmoidTable, sigmoidTableSize).set(tables.sigmoid);
    new Float32Array(buffer, layout.lossTable, sigmoidTableSize).set(tables.loss);
  }

  initialWordVectors(V, settings.dimensions, stride, streams.initial, new Float32Array(buffer, layout.W, V * stride));
  new Float32Array(buffer, layout.C, V * stride).fill(0);
  new Uint32Array(buffer, layout.noiseThreshold, V).set(run.noise.threshold);
  new Int32Array(buffer, layout.noiseAlias, V).set(run.noise.alias);
  new Uint32Array(buffer, layout.keepThreshold, V).set(run.keep);
}

/**
 * A thread's running sums for this epoch. The thread bumps its sequence number before and after it
 * writes them (odd while writing), so a read between two equal even numbers is consistent.
 */
function readThreadSums(buffer: ArrayBufferLike, layout: RunLayout, thread: number): ThreadSums {
  const base = layout.threads + thread * threadBlock.bytes;
  const i32 = new Int32Array(buffer, base, threadBlock.bytes / 4);
  const f64 = new Float64Array(buffer, base, threadBlock.bytes / 8);
  // A write takes nanoseconds; the bound only guards against a thread that died halfway through one.
  for (let attempt = 0; ; attempt++) {
    const before = Atomics.load(i32, threadBlock.sequence / 4);
    const sums = {
      lossSum: f64[threadBlock.lossSum / 8],
      pairs: f64[threadBlock.pairs / 8],
      negativesSkipped: f64[threadBlock.negativesSkipped / 8],
    };
    if (((before & 1) === 0 && Atomics.load(i32, threadBlock.sequence / 4) === before) || attempt === 100_000) return sums;
  }
}

function totalSums(buffer: ArrayBufferLike, layout: RunLayout, threads: number): ThreadSums {
  const total: ThreadSums = { lossSum: 0, pairs: 0, negativesSkipped: 0 };
  for (let thread = 0; thread < threads; thread++) {
    const sums = readThreadSums(buffer, layout, thread);
    total.lossSum += sums.lossSum;
    total.pairs += sums.pairs;
    total.negativesSkipped += sums.negativesSkipped;
  }
  return total;
}

/**
 * Trains skip-gram with negative sampling, batched per window (sgns-batched.wat) or as word2vec.c does
 * (sgns.wat; see each for the exact semantics) on
 * `options.threads` worker threads. Throws FirthError('invalid-input') naming the field for bad options
 * or ids before any work, FirthError('cancelled') within about a chunk (10,000 words) of an abort.
 */
export async function trainSgns(corpus: EncodedCorpus, options: Partial<SgnsOptions> = {}, { signal, onProgress, releaseIds }: SgnsControl = {}): Promise<SgnsResult> {
  validateEncodedCorpus(corpus);
  const settings = validateSgnsOptions(options, corpus.counts.length);
  if (signal?.aborted) throw cancelled();
  const run = prepareRun(corpus, settings, settings.threads);
  const { V, T } = run;
  const d = settings.dimensions;
  const stride = paddedStride(d);
  const threads = run.slices.length;
  const degenerate = [...run.degenerate];
  const finish = (W: Float32Array, C: Float32Array, result: Omit<SgnsResult, 'W' | 'C' | 'vocabularySize' | 'dimensions' | 'threads' | 'reproducible' | 'degenerate'>): SgnsResult => {
    if (result.pairs === 0) degenerate.push(noPairsNote());
    const diverged = findDivergence(W, V, d, d) ?? findDivergence(C, V, d, d);
    if (diverged) throw divergenceError(settings.alpha, settings.epochs, diverged);
    return {
      W,
      C,
      vocabularySize: V,
      dimensions: d,
      threads,
      reproducible: threads === 1,
      ...result,
      ...(degenerate.length > 0 ? { degenerate: degenerate.join('; ') } : {}),
    };
  };

  if (T === 0) {
    // Nothing to read: the vectors stay as initialised, and no thread needs to start.
    const W = unpad(initialWordVectors(V, d, stride, runStreams(settings.seed, 1).initial), V, d, stride);
    const lossCurve = Array.from({ length: settings.epochs }, (_, epoch) => ({ epoch: epoch + 1, loss: null }));
    return finish(W, new Float32Array(V * d), { lossCurve, wordsPerSecond: 0, elapsedMs: 0, pairs: 0, negativesSkipped: 0 });
  }

  const batched = settings.update === 'batched';
  const layout = planLayout(V, stride, corpus.ids.length, threads, maxSentenceLength, scratchBytes(settings.update, stride, settings.window, settings.negative), batched ? sigmoidTableSize : 0);
  const sgnsModule = sgnsModules[settings.update];
  if (layout.bytes > wasmMemoryMaximumPages * 65536) {
    throw new FirthError(
      'invalid-input',
      `W and C (${V} × ${d}) and the corpus (${corpus.ids.length} tokens) need ${(layout.bytes / 2 ** 30).toFixed(1)} GiB; the cpu path holds at most 4 GiB: lower the dimensions or the vocabulary`,
      { field: 'dimensions' },
    );
  }
  const rssBeforeThreadsBytes = process.memoryUsage.rss();
  const pool = await WasmWorkerPool.start(threads, [sgnsModule]);
  const rssThreadsStartedBytes = process.memoryUsage.rss();
  let progressError: unknown;
  const stop = () => {
    const buffer = pool.memory.buffer;
    if (buffer.byteLength >= layout.control + control.bytes) Atomics.store(new Int32Array(buffer, layout.control, 1), 0, 1);
  };
  signal?.addEventListener('abort', stop);
  let timer: ReturnType<typeof setInterval> | undefined;
  try {
    if (signal?.aborted) throw cancelled();
    pool.reserve(layout.bytes);
    const buffer = pool.memory.buffer;
    // The ids first: a caller that reads them no more lets them go before W and C take their pages,
    // so the process never holds the corpus twice and the vectors at once.
    const idsLength = corpus.ids.length;
    new Int32Array(buffer, layout.ids, idsLength).set(corpus.ids);
    const ids = corpus.ids;
    if (releaseIds && ids.byteOffset === 0 && ids.byteLength === ids.buffer.byteLength) {
      releaseArrayBuffer(ids.buffer);
      // The channel drops the buffer when its close is processed, on a later turn of the event loop.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    writeRun(buffer, layout, run, settings, stride);
    const memory: SgnsMemory = {
      wasmMemoryBytes: buffer.byteLength,
      vectorsBytes: layout.ids - layout.W,
      corpusIdsBytes: idsLength * 4,
      noiseAndSubsamplingBytes: V * 12,
      sigmoidTablesBytes: batched ? 2 * sigmoidTableSize * 4 : 0,
      threadBuffersBytes: layout.W,
      rssBeforeThreadsBytes,
      rssThreadsStartedBytes,
      rssTrainingBytes: process.memoryUsage.rss(),
    };
    const counter = new Int32Array(buffer, layout.control + control.wordsThisEpoch, 1);
    const wordsTotal = settings.epochs * T;
    const lossCurve: SgnsResult['lossCurve'] = [];
    let pairs = 0;
    let negativesSkipped = 0;
    let epoch = 0;
    let reported: ThreadSums = { lossSum: 0, pairs: 0, negativesSkipped: 0 };
    const startedMs = performance.now();
    const wordTable = new Float32Array(buffer, layout.W, V * stride);
    const contextTable = new Float32Array(buffer, layout.C, V * stride);
    let divergence: FirthError | undefined;
    /** Every `rowStep`-th row while the threads run (cheap), every row after an epoch. */
    const checkDivergence = (rowStep: number) => {
      const reason = findDivergence(wordTable, V, stride, d, rowStep) ?? findDivergence(contextTable, V, stride, d, rowStep);
      if (reason && !divergence) {
        divergence = divergenceError(settings.alpha, epoch + 1, reason);
        stop();
      }
    };

    const report = () => {
      checkDivergence(7);
      if (!onProgress || progressError !== undefined || divergence) return;
      const wordsProcessed = epoch * T + (Atomics.load(counter, 0) >>> 0);
      const sums = totalSums(buffer, layout, threads);
      const newPairs = sums.pairs - reported.pairs;
      const loss = newPairs > 0 ? (sums.lossSum - reported.lossSum) / newPairs : null;
      reported = sums;
      const progress = sgnsProgress(settings, epoch, wordsProcessed, wordsTotal, performance.now() - startedMs, loss);
      try {
        onProgress(progress);
      } catch (error) {
        // A failing listener stops the run; its error is what the caller gets.
        progressError = error;
        stop();
      }
    };
    timer = setInterval(report, progressIntervalMs);

    for (; epoch < settings.epochs; epoch++) {
      Atomics.store(counter, 0, 0);
      new Float64Array(buffer, layout.control + control.wordsBeforeEpoch, 1)[0] = epoch * T;
      for (let thread = 0; thread < threads; thread++) {
        new Float64Array(buffer, layout.threads + thread * threadBlock.bytes + threadBlock.lossSum, 3).fill(0);
      }
      reported = { lossSum: 0, pairs: 0, negativesSkipped: 0 };
      try {
        await pool.run(
          run.slices.map((_, thread) => ({
            module: sgnsModule,
            exportName: 'train',
            args: [layout.control, layout.threads + thread * threadBlock.bytes],
          })),
        );
      } catch (error) {
        // The kernel traps converting a NaN to an index: the run diverged, it did not crash.
        if (!isNumericTrap(error)) throw error;
        checkDivergence(1);
        throw divergence ?? divergenceError(settings.alpha, epoch + 1, 'a value became NaN or infinite');
      }
      checkDivergence(1);
      if (divergence) throw divergence;
      if (progressError !== undefined) throw progressError;
      if (signal?.aborted) throw cancelled();
      // The epoch's last report, then the next one a full interval later.
      clearInterval(timer);
      report();
      timer = setInterval(report, progressIntervalMs);
      const sums = totalSums(buffer, layout, threads);
      pairs += sums.pairs;
      negativesSkipped += sums.negativesSkipped;
      lossCurve.push({ epoch: epoch + 1, loss: sums.pairs > 0 ? sums.lossSum / sums.pairs : null });
    }
    const elapsedMs = performance.now() - startedMs;
    // With no padding (d a multiple of 4) the tables are handed back as views of the shared memory,
    // which outlives the pool: copying them would hold W and C twice while the files are written.
    const table = (at: number) => (stride === d ? new Float32Array(buffer, at, V * d) : unpad(new Float32Array(buffer, at, V * stride), V, d, stride));
    const W = table(layout.W);
    const C = table(layout.C);
    return finish(W, C, {
      lossCurve,
      wordsPerSecond: elapsedMs > 0 ? (wordsTotal / elapsedMs) * 1000 : 0,
      elapsedMs,
      pairs,
      negativesSkipped,
      memory,
    });
  } finally {
    if (timer !== undefined) clearInterval(timer);
    signal?.removeEventListener('abort', stop);
    await pool.dispose();
  }
}
