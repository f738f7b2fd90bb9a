import type { CountingSettings } from '../../shared/hyperparameters/counting';
import type { CooccurrenceOptions } from './cooccurrence-options';

/** How a model that factorises the counts (SPPMI-SVD, MF-SGNS, GloVe) counts them from its settings: its training, sweeps and the theorem view agree on it. */
export function countOptionsOf(settings: CountingSettings): CooccurrenceOptions {
  return {
    window: settings.window,
    weighting: settings.weighting,
    subsample: settings.subsample,
    subsampleMode: settings.subsampleMode,
    oovMode: settings.oovMode,
    seed: settings.seed,
  };
}
