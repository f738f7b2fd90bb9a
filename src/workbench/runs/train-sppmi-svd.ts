import { join } from 'node:path';
import type { BackendChoice } from '../../shared/compute';
import { CorpusSettingsSchema, type CorpusSettings } from '../../shared/hyperparameters/corpus';
import { SppmiSvdSettingsSchema, type SppmiSvdSettings } from '../../shared/hyperparameters/sppmi-svd';
import type { Progress } from '../../shared/progress';
import { createKernels } from '../../engine/compute/create-kernels';
import { loadOrBuildCorpus } from '../../engine/corpus/corpus-cache';
import { formatVocabularyTsv } from '../../engine/corpus/vocabulary-tsv';
import { npyChunks } from '../../engine/formats/npy';
import { trainSppmiSvd } from '../../engine/models/sppmi-svd';
import { checkRunFolderFree, writeRunFolder, type RunFile } from '../../engine/runs/write-run-folder';
import { float64VectorNpy } from '../../engine/formats/npy-vector';
import { runRecord, type RunRecord } from './run-record';

export interface SppmiSvdRunRequest {
  corpusFile: string;
  out: string;
  force?: boolean;
  corpus?: Partial<CorpusSettings>;
  settings?: Partial<SppmiSvdSettings>;
  backend: BackendChoice;
  threads?: number;
  /** Where prepared corpora are cached (data folder/cache/corpora). */
  cacheFolder: string;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/** Corpus → SPPMI-SVD → run folder, checking every setting before any work starts. */
export async function runSppmiSvd(request: SppmiSvdRunRequest): Promise<RunRecord> {
  const corpusSettings = CorpusSettingsSchema.parse(request.corpus ?? {});
  const settings = SppmiSvdSettingsSchema.parse(request.settings ?? {});
  checkRunFolderFree(request.out, request.force ?? false);
  const started = performance.now();
  const kernels = await createKernels(request.backend, { threads: request.threads });
  try {
    const corpusStarted = performance.now();
    const corpus = await loadOrBuildCorpus(request.corpusFile, corpusSettings, request.cacheFolder, {
      signal: request.signal,
      onProgress: request.onProgress,
    });
    const corpusMs = performance.now() - corpusStarted;
    const result = await trainSppmiSvd({ ids: corpus.ids, vocabularySize: corpus.vocabulary.words.length }, settings, {
      kernels,
      signal: request.signal,
      onProgress: request.onProgress,
    });
    const d = result.dimensions;
    const V = corpus.vocabulary.words.length;
    const writeStarted = performance.now();
    const files: RunFile[] = [
      { name: 'vocab.tsv', content: [formatVocabularyTsv(corpus.vocabulary)] },
      { name: 'W.npy', content: npyChunks(result.W, V, d) },
      { name: 'C.npy', content: npyChunks(result.C, V, d) },
      ...(result.WC ? [{ name: 'WC.npy', content: npyChunks(result.WC, V, d) }] : []),
      { name: 'singular-values.npy', content: float64VectorNpy(result.singularValues) },
    ];
    const record = (writeMs: number) =>
      runRecord({
        model: 'sppmi-svd',
        corpus: corpus.statistics,
        settings: { corpus: corpusSettings, model: settings },
        seed: settings.seed,
        vocabularySize: V,
        dimensions: d,
        backend: { name: kernels.backend.name, adapter: kernels.backend.adapter },
        timingsMs: { corpus: corpusMs, ...result.timingsMs, write: writeMs, total: performance.now() - started },
        results: {
          cooccurrenceCells: result.cooccurrenceCells,
          sppmiNonZeros: result.sppmiNonZeros,
          topSingularValues: Array.from(result.singularValues.slice(0, 10)),
        },
      });
    // run.json goes last, made as it is written so it includes how long the files before it took.
    let written: RunRecord | undefined;
    const runJson = lazyJson(() => (written = record(performance.now() - writeStarted)));
    await writeRunFolder(request.out, [...files, { name: 'run.json', content: runJson }], { force: request.force });
    return written!;
  } finally {
    await kernels.dispose();
  }
}

export const corpusCacheFolder = (dataFolder: string) => join(dataFolder, 'cache', 'corpora');

/** JSON made when it is written, so it can include how long the files before it took. */
function* lazyJson(make: () => unknown): Generator<string> {
  yield `${JSON.stringify(make(), null, 2)}\n`;
}
