import { availableParallelism } from 'node:os';
import { SgnsSettingsSchema, type SgnsSettings } from '../../shared/hyperparameters/sgns';
import { FirthError } from '../../shared/errors';
import { detectBackends, resolveBackend } from '../../engine/compute/backends';
import { npyChunks } from '../../engine/formats/npy';
import { trainSgns } from '../../engine/models/sgns';
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
  const backends = await detectBackends({ threads: request.threads });
  const chosen = resolveBackend(request.backend, backends);
  // The gpu.js minibatch trainer is not built yet: SGNS runs on the native cpu path, and says so.
  if (request.backend !== 'auto' && chosen.name !== 'cpu') {
    throw new FirthError('backend-unavailable', `SGNS runs on the cpu backend only in this version (asked for ${chosen.name})`, { field: 'backend' });
  }
  const cpu = backends.find((backend) => backend.name === 'cpu')!;
  const started = performance.now();
  const { corpus, corpusMs } = await prepareRunCorpus(request, corpusSettings);
  const V = corpus.vocabulary.words.length;
  const result = await trainSgns(
    { ids: corpus.ids, counts: corpus.vocabulary.counts },
    {
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
    },
    {
      signal: request.signal,
      onProgress: (progress) =>
        request.onProgress?.({
          phase: 'train',
          done: progress.wordsProcessed,
          total: progress.wordsTotal,
          unit: 'words',
          details: { epoch: progress.epoch, lr: progress.learningRate, ...(progress.loss === null ? {} : { loss: progress.loss }) },
        }),
    },
  );
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
        backend: { name: 'cpu', adapter: cpu.adapter.replace(/\d+ worker threads?/, `${result.threads} worker thread${result.threads === 1 ? '' : 's'}`) },
        timingsMs: { corpus: corpusMs, train: result.elapsedMs, write: writeMs, total: performance.now() - started },
        results: {
          wordsPerSecond: Math.round(result.wordsPerSecond),
          finalLoss,
          pairs: result.pairs,
          threads: result.threads,
          reproducible: result.reproducible,
          ...(result.reproducible ? {} : { note: 'Trained with several threads (Hogwild): not bit-reproducible; use --threads 1 for identical repeats' }),
          ...(result.degenerate ? { degenerate: result.degenerate } : {}),
        },
      }),
  );
}
