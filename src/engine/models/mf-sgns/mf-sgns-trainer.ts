import type { MfSgnsSettings } from '../../../shared/hyperparameters/mf-sgns';
import { createKernels } from '../../compute/create-kernels';
import { vectorFiles, type ModelTrainer } from '../model-trainer';
import { trainMfSgns } from './train-mf-sgns';

/** MF-SGNS as a registry trainer: counts, then full-batch steps over the tiles on the chosen backend's matmul. */
export const mfSgnsTrainer: ModelTrainer<MfSgnsSettings> = async (corpus, settings, context) => {
  const kernels = await createKernels(context.backend, { threads: context.threads, allowSoftwareAdapter: context.allowSoftwareAdapter });
  try {
    const result = await trainMfSgns({ ids: corpus.ids, vocabularySize: corpus.counts.length, words: corpus.words }, settings, {
      kernels,
      signal: context.signal,
      onProgress: context.onProgress,
      threads: context.threads,
      memoryBudgetBytes: context.memoryBudgetBytes,
    });
    const { vocabularySize: V, dimensions: d } = result;
    const finalLoss = result.lossCurve.at(-1)?.loss ?? null;
    return {
      dimensions: d,
      ...(V < corpus.counts.length ? { vocabularySize: V } : {}),
      files: [
        ...vectorFiles(result.W, result.C, V, d),
        {
          name: 'loss.json',
          content: [`${JSON.stringify({ unit: 'full-matrix SGNS loss (sum over all cells)', steps: result.lossCurve, rejectedSteps: result.rejectedSteps }, null, 2)}\n`],
        },
      ],
      backend: { name: kernels.backend.name, adapter: kernels.backend.adapter },
      timingsMs: result.timingsMs,
      results: {
        finalLoss,
        steps: result.lossCurve.length - 1,
        stoppedBy: result.stoppedBy,
        stepsPerSecond: Number(((result.lossCurve.length - 1) / Math.max(1e-9, result.timingsMs.train / 1000)).toPrecision(4)),
        gflopsPerSecond: Number(result.gflopsPerSecond.toPrecision(4)),
        cooccurrenceCells: result.cooccurrenceCells,
        shards: result.shards,
        method: 'full-batch: one optimiser update per pass over every tile',
        ...(result.rejectedSteps.length > 0 ? { rejectedSteps: result.rejectedSteps } : {}),
      },
    };
  } finally {
    await kernels.dispose();
  }
};
