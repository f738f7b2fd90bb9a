import { availableParallelism } from 'node:os';
import type { SgnsSettings } from '../../../shared/hyperparameters/sgns';
import { detectBackends, resolveBackend } from '../../compute/backends';
import { kernelRuntimes } from '../../compute/kernel-registry';
import { vectorFiles, type ModelTrainer } from '../model-trainer';
import { trainSgns } from './train-sgns';
import type { SgnsProgress } from './types';

/** SGNS as a registry trainer: word2vec's skip-gram on the chosen backend, with its loss curve. */
export const sgnsTrainer: ModelTrainer<SgnsSettings> = async (corpus, settings, context) => {
  const backends = await detectBackends({ threads: context.threads, allowSoftwareAdapter: context.allowSoftwareAdapter, choice: context.backend });
  const backend = resolveBackend(context.backend, backends);
  // The wasm pool runs Hogwild in WebAssembly SIMD (compute/cpu/sgns.wat); gpu.js the minibatch
  // trainer in gather form (compute/gpujs/sgns.ts).
  const runtime = kernelRuntimes[backend.name];
  const V = corpus.counts.length;
  const options = { ...settings, threads: context.threads ?? availableParallelism() };
  const control = {
    signal: context.signal,
    releaseIds: context.releaseCorpusIds,
    onProgress: (progress: SgnsProgress) =>
      context.onProgress?.({
        phase: 'train',
        done: progress.wordsProcessed,
        total: progress.wordsTotal,
        unit: 'words',
        details: { epoch: progress.epoch, epochs: settings.epochs, lr: progress.learningRate, ...(progress.loss === null ? {} : { loss: progress.loss }) },
      }),
  };
  const result =
    runtime.kind === 'wasm-pool'
      ? await trainSgns(corpus, options, control)
      : // gpu.js is loaded only when a gpu.js backend trains: it costs memory and start-up time.
        await (await import('./train-sgns-gpujs')).trainSgnsGpujs(corpus, options, { ...control, mode: runtime.mode, allowSoftwareAdapter: context.allowSoftwareAdapter });
  const d = result.dimensions;
  return {
    dimensions: d,
    files: [
      ...vectorFiles(result.W, result.C, V, d),
      { name: 'loss.json', content: [`${JSON.stringify({ unit: 'mean SGNS loss per (word, context) pair', epochs: result.lossCurve }, null, 2)}\n`] },
    ],
    backend: {
      name: backend.name,
      adapter: runtime.kind === 'wasm-pool' ? backend.adapter.replace(/\d+ worker threads?/, `${result.threads} worker thread${result.threads === 1 ? '' : 's'}`) : backend.adapter,
    },
    timingsMs: { train: result.elapsedMs },
    results: {
      wordsPerSecond: Math.round(result.wordsPerSecond),
      finalLoss: result.lossCurve.at(-1)?.loss ?? null,
      pairs: result.pairs,
      threads: result.threads,
      reproducible: result.reproducible,
      ...(result.reproducible ? {} : { note: 'Trained with several threads (Hogwild): not bit-reproducible; use --threads 1 for identical repeats' }),
      method:
        runtime.kind === 'wasm-pool'
          ? options.update === 'batched'
            ? 'batched windows (HogBatch), WebAssembly SIMD'
            : 'word2vec per-pair updates, WebAssembly SIMD'
          : `gpu.js minibatch SGNS (gather form${options.update === 'batched' ? ', negatives shared per window' : ''})`,
      ...(result.degenerate ? { degenerate: result.degenerate } : {}),
      ...(result.memory ? { memory: result.memory } : {}),
      ...(result.deviceMemoryBytes !== undefined ? { deviceMemoryBytes: result.deviceMemoryBytes } : {}),
    },
  };
};
