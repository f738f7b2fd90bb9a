import { CorpusSettingsSchema, type CorpusSettings } from '../../shared/hyperparameters/corpus';
import { models } from '../../shared/models';
import { loadOrBuildCorpus, type CachedCorpus } from '../../engine/corpus/corpus-cache';
import { formatVocabularyTsv } from '../../engine/corpus/vocabulary-tsv';
import type { Vocabulary } from '../../engine/corpus/vocabulary';
import { modelTrainers } from '../../engine/models/registry';
import type { ModelTrainer, TrainedModel } from '../../engine/models/model-trainer';
import { abandonRunFolder, beginRunFolder, checkRunFolderFree, writeRunFolder } from '../../engine/runs/write-run-folder';
import { withInitFolder } from './init-run';
import type { RunRequest } from './run-inputs';
import { formatRunRecord, RUN_RECORD_FILE_NAME, runRecord, type RunRecord, type SweepMembership } from './run-record';

/** The words a model trained: all of the vocabulary, or its first n when the model capped it. */
function trainedVocabulary(vocabulary: Vocabulary, size: number | undefined): Vocabulary {
  if (size === undefined || size >= vocabulary.words.length) return vocabulary;
  const words = vocabulary.words.slice(0, size);
  return { words, counts: vocabulary.counts.slice(0, size), index: new Map(words.map((word, id) => [word, id])) };
}

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
  // MF-SGNS's init may name a run of the project: the trainer reads its folder, run.json keeps the name.
  const trainerSettings = withInitFolder(settings, request.out);
  const staging = beginRunFolder(request.out, { model: request.model, settings: { corpus: corpusSettings, model: settings }, corpusFile: request.corpusFile });
  try {
    const started = performance.now();
    const work = { signal: request.signal, onProgress: request.onProgress };
    // In a thread of its own: the model then trains without the memory tokenising left behind.
    const corpus = await loadOrBuildCorpus(request.corpusFile, corpusSettings, request.cacheFolder, { ...work, separateThread: true });
    const corpusMs = performance.now() - started;
    const train = modelTrainers[request.model] as ModelTrainer<Record<string, unknown>>;
    const trained = await train({ ids: corpus.ids, counts: corpus.vocabulary.counts, words: corpus.vocabulary.words }, trainerSettings, {
      backend: request.backend,
      threads: request.threads,
      memoryBudgetBytes: request.memoryBudgetBytes,
      allowSoftwareAdapter: request.allowSoftwareAdapter,
      // Nothing below reads the ids (the cache entry is written): the trainer may free them.
      releaseCorpusIds: true,
      ...work,
    });

    return await writeTrainedRun({ ...request, staging, corpus, corpusSettings, settings, trained, corpusMs, started });
  } finally {
    abandonRunFolder(staging);
  }
}

/** What writeTrainedRun needs: a trained model, the corpus it came from, and where it goes. */
export interface TrainedRunToWrite {
  model: RunRequest['model'];
  out: string;
  force?: boolean;
  trashFolder?: string;
  /** The staging folder made by beginRunFolder. */
  staging: string;
  corpus: CachedCorpus;
  corpusSettings: CorpusSettings;
  settings: Record<string, unknown>;
  trained: TrainedModel;
  /** Preparing the corpus, and when the run's work began (performance.now()). */
  corpusMs: number;
  started: number;
  /** Set for a run of a sweep. */
  sweep?: SweepMembership;
}

/** vocab.tsv, the model's files and run.json, written into the staging folder and renamed into place. */
export async function writeTrainedRun(run: TrainedRunToWrite): Promise<RunRecord> {
  const { corpus, trained } = run;
  const vocabulary = trainedVocabulary(corpus.vocabulary, trained.vocabularySize);
  const writing = performance.now();
  let record: RunRecord | undefined;
  // run.json is made as it is written, last, so that its timings include writing the files before it.
  function* runJson(): Generator<string> {
    record = runRecord({
      model: run.model,
      corpus: corpus.statistics,
      settings: { corpus: run.corpusSettings, model: run.settings },
      seed: typeof run.settings.seed === 'number' ? run.settings.seed : 0,
      vocabularySize: vocabulary.words.length,
      dimensions: trained.dimensions,
      backend: trained.backend,
      timingsMs: { corpus: run.corpusMs, ...trained.timingsMs, write: performance.now() - writing, total: performance.now() - run.started },
      results: trained.results,
      ...(run.sweep ? { sweep: run.sweep } : {}),
    });
    yield formatRunRecord(record);
  }
  await writeRunFolder(
    run.out,
    [{ name: 'vocab.tsv', content: [formatVocabularyTsv(vocabulary)] }, ...trained.files, { name: RUN_RECORD_FILE_NAME, content: runJson() }],
    { force: run.force, trashFolder: run.trashFolder, staging: run.staging },
  );
  return record!;
}
