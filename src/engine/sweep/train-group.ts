import type { ModelId, ModelSettings } from '../../shared/models';
import { modelTrainers } from '../models/registry';
import type { ModelTrainer, TrainingContext, TrainingCorpus } from '../models/model-trainer';
import { sppmiSvdGroupTrainer } from '../models/sppmi-svd/sppmi-svd-sweep';
import type { DeliverRun, GroupRun, GroupTrainer, SweepCarry, SweepWork } from './group-trainer';

/**
 * Models whose sweeps share stages (shared/sweep-plan.ts says which settings each stage depends
 * on); every other model trains each run with its ordinary trainer.
 */
const groupTrainers: Partial<Record<ModelId, GroupTrainer>> = {
  'sppmi-svd': sppmiSvdGroupTrainer,
};

/** Trains one count group of a sweep (or one run of a model without sharing), delivering each run. */
export async function trainGroup(
  model: ModelId,
  corpus: TrainingCorpus,
  factors: GroupRun[][],
  context: TrainingContext,
  deliver: DeliverRun,
  work: SweepWork,
  carry: SweepCarry = {},
): Promise<void> {
  const shared = groupTrainers[model];
  if (shared) return shared(corpus, factors, context, deliver, work, carry);
  const train = modelTrainers[model] as ModelTrainer<ModelSettings<ModelId>>;
  for (const runs of factors) {
    for (const run of runs) {
      const trained = await train(corpus, run.settings as ModelSettings<ModelId>, context);
      work.separateRuns++;
      await deliver(run.index, trained);
    }
  }
}
