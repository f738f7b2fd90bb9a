import type { ModelId, ModelSettings } from '../../shared/models';
import type { ModelTrainer } from './model-trainer';
import { sgnsTrainer } from './sgns/sgns-trainer';
import { sppmiSvdTrainer } from './sppmi-svd/sppmi-svd-trainer';
import { mfSgnsTrainer } from './mf-sgns/mf-sgns-trainer';
import { gloveTrainer } from './glove/glove-trainer';

/**
 * The engine's model registry: each model of the contract's registry (`shared/models.ts`) and the
 * trainer in its folder. A model missing here is a type error, so the two registries cannot drift.
 */
export const modelTrainers: { [M in ModelId]: ModelTrainer<ModelSettings<M>> } = {
  sgns: sgnsTrainer,
  'sppmi-svd': sppmiSvdTrainer,
  'mf-sgns': mfSgnsTrainer,
  glove: gloveTrainer,
};
