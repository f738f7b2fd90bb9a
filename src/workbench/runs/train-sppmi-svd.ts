import { SppmiSvdSettingsSchema, type SppmiSvdSettings } from '../../shared/hyperparameters/sppmi-svd';
import { createKernels } from '../../engine/compute/create-kernels';
import { npyChunks } from '../../engine/formats/npy';
import { float64VectorNpy } from '../../engine/formats/npy-vector';
import { trainSppmiSvd } from '../../engine/models/sppmi-svd';
import { checkRunFolderFree } from '../../engine/runs/write-run-folder';
import { parseCorpusSettings, prepareRunCorpus, withRunStaging, writeRun, type RunRequest } from './run-inputs';
import { runRecord, type RunRecord } from './run-record';

export interface SppmiSvdRunRequest extends RunRequest {
  settings?: Partial<SppmiSvdSettings>;
}

/** Corpus → SPPMI-SVD → run folder, checking every setting before any work starts. */
export async function runSppmiSvd(request: SppmiSvdRunRequest): Promise<RunRecord> {
  const corpusSettings = parseCorpusSettings(request);
  const settings = SppmiSvdSettingsSchema.parse(request.settings ?? {});
  checkRunFolderFree(request.out, request.force ?? false);
  const started = performance.now();
  const kernels = await createKernels(request.backend, { threads: request.threads, allowSoftwareAdapter: request.allowSoftwareAdapter });
  try {
    return await withRunStaging(request, { model: 'sppmi-svd', settings: { corpus: corpusSettings, model: settings } }, (staging) => train(staging));
  } finally {
    await kernels.dispose();
  }

  async function train(staging: string): Promise<RunRecord> {
    const { corpus, corpusMs } = await prepareRunCorpus(request, corpusSettings);
    const V = corpus.vocabulary.words.length;
    const result = await trainSppmiSvd({ ids: corpus.ids, vocabularySize: V }, settings, {
      kernels,
      signal: request.signal,
      onProgress: request.onProgress,
    });
    const d = result.dimensions;
    return await writeRun(
      request,
      corpus,
      [
        { name: 'W.npy', content: npyChunks(result.W, V, d) },
        { name: 'C.npy', content: npyChunks(result.C, V, d) },
        ...(result.WC ? [{ name: 'WC.npy', content: npyChunks(result.WC, V, d) }] : []),
        { name: 'singular-values.npy', content: float64VectorNpy(result.singularValues) },
      ],
      (writeMs) =>
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
        }),
      staging,
    );
  }
}
