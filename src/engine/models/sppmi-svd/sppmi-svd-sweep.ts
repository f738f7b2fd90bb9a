import type { SppmiSvdSettings } from '../../../shared/hyperparameters/sppmi-svd';
import { createKernels } from '../../compute/create-kernels';
import type { GroupTrainer } from '../../sweep/group-trainer';
import { checkDimensions, countStage, sppmiStage, svdStage, truncateSvd, vectorsStage, type TrainOptions } from './train-sppmi-svd';
import { sppmiSvdTrainedModel } from './sppmi-svd-trainer';

/**
 * The runs of one SPPMI-SVD count group: one co-occurrence count; per factorisation (cds α, shift k,
 * solver) one SPPMI matrix and one SVD at the largest d, truncated for each run's d; eigenvalue
 * weighting p and w + c are applied per run. A run's timings are the shared stages' times.
 */
export const sppmiSvdGroupTrainer: GroupTrainer = async (corpus, factors, context, deliver, work, carry) => {
  const V = corpus.counts.length;
  for (const runs of factors) for (const run of runs) checkDimensions(run.settings.dimensions as number, V);
  const kernels = await createKernels(context.backend, { threads: context.threads, allowSoftwareAdapter: context.allowSoftwareAdapter });
  try {
    const backend = { name: kernels.backend.name, adapter: kernels.backend.adapter };
    const options: TrainOptions = { kernels, signal: context.signal, onProgress: context.onProgress, threads: context.threads, memoryBudgetBytes: context.memoryBudgetBytes };
    const input = { ids: corpus.ids, vocabularySize: V };
    const clock = () => performance.now();
    let started = clock();
    let counted: Awaited<ReturnType<typeof countStage>> | undefined = await countStage(input, factors[0][0].settings as SppmiSvdSettings, options);
    work.counts++;
    const countMs = clock() - started;
    const cells = counted.cells;
    for (const [factorIndex, runs] of factors.entries()) {
      const first = runs[0].settings as SppmiSvdSettings;
      started = clock();
      const { matrix, nonZeros } = await sppmiStage(counted!.counts, first, options);
      const sppmiMs = clock() - started;
      if (factorIndex === factors.length - 1) counted = undefined; // the counts are the largest thing held: free them before the last SVD
      const largest = Math.max(...runs.map((run) => run.settings.dimensions as number));
      started = clock();
      // Warm start from the previous SVD of this sweep (another k, α or window: a nearby spectrum).
      // It saves Krylov steps (text8 prefix, d 100: 10 instead of 12, σ within 0.5 %).
      const start = first.solver === 'block-krylov' ? carry.svdStart : undefined;
      const { svd, statistics } = await svdStage(matrix, largest, first, options, start);
      work.factorisations++;
      carry.svdStart = { vectors: svd.V, columns: svd.rank, index: runs[0].index };
      const svdMs = clock() - started;
      for (const run of runs) {
        const settings = run.settings as SppmiSvdSettings;
        const truncated = truncateSvd(svd, settings.dimensions);
        const result = {
          ...vectorsStage(truncated, settings),
          cooccurrenceCells: cells,
          sppmiNonZeros: nonZeros,
          ...(statistics ? { svdStatistics: statistics } : {}),
          timingsMs: { count: countMs, sppmi: sppmiMs, svd: svdMs },
        };
        const trained = sppmiSvdTrainedModel(result, V, backend);
        trained.results.sweepShared = {
          countRuns: factors.reduce((sum, group) => sum + group.length, 0),
          svdRuns: runs.length,
          svdDimensions: largest,
          // The run (0-based sweep index) whose SVD warm-started this one, if any.
          ...(start ? { svdWarmStartFrom: start.index } : {}),
        };
        await deliver(run.index, trained);
      }
    }
  } finally {
    await kernels.dispose();
  }
};
