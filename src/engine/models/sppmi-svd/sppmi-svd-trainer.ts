import type { SppmiSvdSettings } from '../../../shared/hyperparameters/sppmi-svd';
import { createKernels } from '../../compute/create-kernels';
import { npyChunks } from '../../formats/npy';
import { float64VectorNpy } from '../../formats/npy-vector';
import { vectorFiles, type ModelTrainer, type TrainedModel } from '../model-trainer';
import { trainSppmiSvd, type SppmiSvdResult } from './train-sppmi-svd';

/** The SVD's figures for run.json, rounded for people. */
function roundedStatistics(statistics: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(statistics).map(([key, value]) => [key, typeof value === 'number' ? Number(value.toPrecision(4)) : value]));
}

/** A run's files and run.json figures from SPPMI-SVD's result (one run, or one point of a sweep). */
export function sppmiSvdTrainedModel(result: SppmiSvdResult, vocabularySize: number, backend: TrainedModel['backend']): TrainedModel {
  const d = result.dimensions;
  return {
    dimensions: d,
    files: [
      ...vectorFiles(result.W, result.C, vocabularySize, d),
      ...(result.WC ? [{ name: 'WC.npy', content: npyChunks(result.WC, vocabularySize, d) }] : []),
      { name: 'singular-values.npy', content: float64VectorNpy(result.singularValues) },
    ],
    backend,
    timingsMs: result.timingsMs,
    results: {
      cooccurrenceCells: result.cooccurrenceCells,
      sppmiNonZeros: result.sppmiNonZeros,
      topSingularValues: Array.from(result.singularValues.slice(0, 10)),
      ...(result.svdStatistics ? { svd: roundedStatistics(result.svdStatistics) } : {}),
    },
  };
}

/**
 * SPPMI-SVD as a registry trainer: counts, SPPMI and the SVD on the chosen backend's kernels. The
 * kernels start beside counting (counting runs on a worker pool of its own): the backend probe and
 * the pool's start-up then no longer come before the work. A backend that fails to start (a forced
 * gpu with no adapter) stops the counting at once and is the error reported.
 */
export const sppmiSvdTrainer: ModelTrainer<SppmiSvdSettings> = async (corpus, settings, context) => {
  const stop = new AbortController();
  const cancel = () => stop.abort();
  if (context.signal?.aborted) cancel();
  context.signal?.addEventListener('abort', cancel, { once: true });
  let startFailure: unknown;
  const starting = createKernels(context.backend, { threads: context.threads, allowSoftwareAdapter: context.allowSoftwareAdapter });
  starting.catch((error: unknown) => {
    startFailure = error;
    stop.abort();
  });
  try {
    const V = corpus.counts.length;
    const result = await trainSppmiSvd({ ids: corpus.ids, vocabularySize: V }, settings, {
      kernels: starting,
      signal: stop.signal,
      onProgress: context.onProgress,
      threads: context.threads,
      memoryBudgetBytes: context.memoryBudgetBytes,
    });
    const kernels = await starting;
    return sppmiSvdTrainedModel(result, V, { name: kernels.backend.name, adapter: kernels.backend.adapter });
  } catch (error) {
    throw startFailure ?? error;
  } finally {
    context.signal?.removeEventListener('abort', cancel);
    await starting.then((kernels) => kernels.dispose(), () => undefined);
  }
};
