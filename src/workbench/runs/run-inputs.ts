import { join } from 'node:path';
import type { BackendChoice } from '../../shared/compute';
import { CorpusSettingsSchema, type CorpusSettings } from '../../shared/hyperparameters/corpus';
import type { Progress } from '../../shared/progress';
import { loadOrBuildCorpus, type CachedCorpus } from '../../engine/corpus/corpus-cache';
import { formatVocabularyTsv } from '../../engine/corpus/vocabulary-tsv';
import { abandonRunFolder, beginRunFolder, writeRunFolder, type RunFile } from '../../engine/runs/write-run-folder';
import type { RunRecord } from './run-record';

/** What every training run takes, whatever the model. */
export interface RunRequest {
  corpusFile: string;
  out: string;
  force?: boolean;
  corpus?: Partial<CorpusSettings>;
  backend: BackendChoice;
  /** Worker threads; one per core when absent. */
  threads?: number;
  /** Lets a software WebGPU adapter (SwiftShader) count as gpu: tests only (FIRTH_ALLOW_SOFTWARE_GPU=1). */
  allowSoftwareAdapter?: boolean;
  /** Where prepared corpora are cached (data folder/cache/corpora). */
  cacheFolder: string;
  /** The data folder's trash: where `force` moves the run folder it replaces. */
  trashFolder?: string;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

export const corpusCacheFolder = (dataFolder: string) => join(dataFolder, 'cache', 'corpora');

export async function prepareRunCorpus(request: RunRequest, corpusSettings: CorpusSettings): Promise<{ corpus: CachedCorpus; corpusMs: number }> {
  const started = performance.now();
  const corpus = await loadOrBuildCorpus(request.corpusFile, corpusSettings, request.cacheFolder, { signal: request.signal, onProgress: request.onProgress });
  return { corpus, corpusMs: performance.now() - started };
}

export const parseCorpusSettings = (request: RunRequest): CorpusSettings => CorpusSettingsSchema.parse(request.corpus ?? {});

/**
 * Writes the run folder: vocab.tsv, the model's files, then run.json, made as it is written so its
 * timings include writing the files before it.
 */
export async function writeRun(
  request: RunRequest,
  corpus: CachedCorpus,
  files: RunFile[],
  makeRecord: (writeMs: number) => RunRecord,
  staging?: string,
): Promise<RunRecord> {
  const started = performance.now();
  let written: RunRecord | undefined;
  function* runJson(): Generator<string> {
    written = makeRecord(performance.now() - started);
    yield `${JSON.stringify(written, null, 2)}\n`;
  }
  await writeRunFolder(request.out, [{ name: 'vocab.tsv', content: [formatVocabularyTsv(corpus.vocabulary)] }, ...files, { name: 'run.json', content: runJson() }], {
    force: request.force,
    trashFolder: request.trashFolder,
    staging,
  });
  return written!;
}

/**
 * Runs `work` with the run's staging folder made first, so a run stopped at any stage (even by
 * kill -9) is listed as interrupted; the staging folder goes when the run fails or is cancelled.
 */
export async function withRunStaging(request: RunRequest, describe: Record<string, unknown>, work: (staging: string) => Promise<RunRecord>): Promise<RunRecord> {
  const staging = beginRunFolder(request.out, { ...describe, corpusFile: request.corpusFile });
  try {
    return await work(staging);
  } finally {
    abandonRunFolder(staging);
  }
}
