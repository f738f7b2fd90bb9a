import { CorpusSettingsSchema } from '../../shared/hyperparameters/corpus';
import { models } from '../../shared/models';
import { loadOrBuildCorpus } from '../../engine/corpus/corpus-cache';
import { formatVocabularyTsv } from '../../engine/corpus/vocabulary-tsv';
import { modelTrainers } from '../../engine/models/registry';
import type { ModelTrainer } from '../../engine/models/model-trainer';
import { abandonRunFolder, beginRunFolder, checkRunFolderFree, writeRunFolder } from '../../engine/runs/write-run-folder';
import type { RunRequest } from './run-inputs';
import { formatRunRecord, RUN_RECORD_FILE_NAME, runRecord, type RunRecord } from './run-record';

/**
 * Corpus → the model's trainer (found in the model registry) → run folder: vocab.tsv, the model's
 * files, then run.json. Every setting is checked before any work starts; the folder appears only
 * when everything is written. The run's staging folder is made first, so a run stopped at any stage
 * (even by kill -9) is listed as interrupted; it goes when the run fails or is cancelled.
 */
export async function runTraining(request: RunRequest): Promise<RunRecord> {
  const corpusSettings = CorpusSettingsSchema.parse(request.corpus ?? {});
  const settings = models[request.model].settings.parse(request.settings ?? {}) as Record<string, unknown>;
  checkRunFolderFree(request.out, request.force ?? false);
  const staging = beginRunFolder(request.out, { model: request.model, settings: { corpus: corpusSettings, model: settings }, corpusFile: request.corpusFile });
  try {
    const started = performance.now();
    const work = { signal: request.signal, onProgress: request.onProgress };
    // In a thread of its own: the model then trains without the memory tokenising left behind.
    const corpus = await loadOrBuildCorpus(request.corpusFile, corpusSettings, request.cacheFolder, { ...work, separateThread: true });
    const corpusMs = performance.now() - started;
    const train = modelTrainers[request.model] as ModelTrainer<Record<string, unknown>>;
    const trained = await train({ ids: corpus.ids, counts: corpus.vocabulary.counts }, settings, {
      backend: request.backend,
      threads: request.threads,
      memoryBudgetBytes: request.memoryBudgetBytes,
      allowSoftwareAdapter: request.allowSoftwareAdapter,
      // Nothing below reads the ids (the cache entry is written): the trainer may free them.
      releaseCorpusIds: true,
      ...work,
    });

    const writing = performance.now();
    let record: RunRecord | undefined;
    // run.json is made as it is written, last, so that its timings include writing the files before it.
    function* runJson(): Generator<string> {
      record = runRecord({
        model: request.model,
        corpus: corpus.statistics,
        settings: { corpus: corpusSettings, model: settings },
        seed: typeof settings.seed === 'number' ? settings.seed : 0,
        vocabularySize: corpus.vocabulary.words.length,
        dimensions: trained.dimensions,
        backend: trained.backend,
        timingsMs: { corpus: corpusMs, ...trained.timingsMs, write: performance.now() - writing, total: performance.now() - started },
        results: trained.results,
      });
      yield formatRunRecord(record);
    }
    await writeRunFolder(
      request.out,
      [{ name: 'vocab.tsv', content: [formatVocabularyTsv(corpus.vocabulary)] }, ...trained.files, { name: RUN_RECORD_FILE_NAME, content: runJson() }],
      { force: request.force, trashFolder: request.trashFolder, staging },
    );
    return record!;
  } finally {
    abandonRunFolder(staging);
  }
}
