import { availableParallelism } from 'node:os';
import { SgnsSettingsSchema, type SgnsSettings } from '../../shared/hyperparameters/sgns';
import { detectBackends, resolveBackend } from '../../engine/compute/backends';
import { npyChunks } from '../../engine/formats/npy';
import { trainSgns, trainSgnsGpujs, type SgnsProgress } from '../../engine/models/sgns';
import { checkRunFolderFree } from '../../engine/runs/write-run-folder';
import { parseCorpusSettings, prepareRunCorpus, writeRun, type RunRequest } from './run-inputs';
import { runRecord, type RunRecord } from './run-record';

export interface SgnsRunRequest extends RunRequest {
  settings?: Partial<SgnsSettings>;
}

/** Corpus → SGNS (word2vec skip-gram, Hogwild on worker threads) → run folder with its loss curve. */
export async function runSgns(request: SgnsRunRequest): Promise<RunRecord> {
  const corpusSettings = parseCorpusSettings(request);
  const settings = SgnsSettingsSchema.parse(request.settings ?? {});
  checkRunFolderFree(request.out, request.force ?? false);
  const backends = await detectBackends({ threads: request.threads, allowSoftwareAdapter: request.allowSoftwareAdapter, choice: request.backend });
  // cpu: Hogwild in WebAssembly SIMD; gpu and webasm: the gpu.js minibatch trainer in gather form.
  const backend = resolveBackend(request.backend, backends);
  const started = performance.now();
  const { corpus, corpusMs } = await prepareRunCorpus(request, corpusSettings);
  const V = corpus.vocabulary.words.length;
  const options = {
    dimensions: settings.dimensions,
    window: settings.window,
    dynamicWindow: !settings.fixedWindow,
    negativeSamples: settings.negative,
    noiseExponent: settings.nsExponent,
    subsample: settings.subsample,
    epochs: settings.epochs,
    learningRate: settings.alpha,
    minLearningRate: settings.minAlpha,
    threads: request.threads ?? availableParallelism(),
    seed: settings.seed,
  };
  const control = {
    signal: request.signal,
    onProgress: (progress: SgnsProgress) =>
      request.onProgress?.({
        phase: 'train',
        done: progress.wordsProcessed,
        total: progress.wordsTotal,
        unit: 'words',
        details: { epoch: progress.epoch, lr: progress.learningRate, ...(progress.loss === null ? {} : { loss: progress.loss }) },
      }),
  };
  const encoded = { ids: corpus.ids, counts: corpus.vocabulary.counts };
  const result =
    backend.name === 'cpu'
      ? await trainSgns(encoded, options, control)
      : await trainSgnsGpujs(encoded, options, { ...control, mode: backend.name === 'gpu' ? 'webgpu' : 'webasm', allowSoftwareAdapter: request.allowSoftwareAdapter });
  const d = result.dimensions;
  const finalLoss = result.lossCurve.at(-1)?.loss ?? null;
  return writeRun(
    request,
    corpus,
    [
      { name: 'W.npy', content: npyChunks(result.W, V, d) },
      { name: 'C.npy', content: npyChunks(result.C, V, d) },
      { name: 'loss.json', content: [`${JSON.stringify({ unit: 'mean SGNS loss per (word, context) pair', epochs: result.lossCurve }, null, 2)}\n`] },
    ],
    (writeMs) =>
      runRecord({
        model: 'sgns',
        corpus: corpus.statistics,
        settings: { corpus: corpusSettings, model: settings },
        seed: settings.seed,
        vocabularySize: V,
        dimensions: d,
        backend: { name: backend.name, adapter: backend.name === 'cpu' ? backend.adapter.replace(/\d+ worker threads?/, `${result.threads} worker thread${result.threads === 1 ? '' : 's'}`) : backend.adapter },
        timingsMs: { corpus: corpusMs, train: result.elapsedMs, write: writeMs, total: performance.now() - started },
        results: {
          wordsPerSecond: Math.round(result.wordsPerSecond),
          finalLoss,
          pairs: result.pairs,
          threads: result.threads,
          reproducible: result.reproducible,
          ...(result.reproducible ? {} : { note: 'Trained with several threads (Hogwild): not bit-reproducible; use --threads 1 for identical repeats' }),
          ...(backend.name === 'cpu' ? {} : { method: 'gpu.js minibatch SGNS (gather form)' }),
          ...(result.degenerate ? { degenerate: result.degenerate } : {}),
        },
      }),
  );
}
