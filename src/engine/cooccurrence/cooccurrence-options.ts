// The knobs of co-occurrence counting, as Levy, Goldberg & Dagan (2015) name them: window size,
// window weighting ("dyn"), subsampling ("sub") and whether removed tokens keep their positions
// ("clean") or are deleted before windowing ("dirty", word2vec; hyperwords' --del).

import { FirthError } from '../../shared/errors';
import { withoutUndefined } from '../options';

export const windowWeightings = ['flat', 'dyn', 'harmonic'] as const;
/** flat: weight 1 at every distance (hyperwords). dyn: word2vec's expected weight (L − d + 1)/L for its
 * uniformly shrunk window. harmonic: 1/d (GloVe). */
export type WindowWeighting = (typeof windowWeightings)[number];

export const removalModes = ['clean', 'dirty'] as const;
/** clean: a removed token keeps its position, so windows do not reach further. dirty: removed first. */
export type RemovalMode = (typeof removalModes)[number];

export const largestWindow = 20;

export interface CooccurrenceOptions {
  /** L: contexts at distance 1..L on each side. */
  window: number;
  weighting: WindowWeighting;
  /** t: keep a word of frequency f with probability √(t/f) (hyperwords' formula); 0 turns it off. */
  subsample: number;
  subsampleMode: RemovalMode;
  /** What happens to tokens outside the vocabulary. */
  oovMode: RemovalMode;
  /** Seeds the subsampling draws, so a run repeats exactly. */
  seed: number;
}

/** L = 2 is what Levy et al. recommend for SVD; no subsampling, as hyperwords. Out-of-vocabulary
 * tokens are deleted before windowing, as word2vec, gensim and the peer SPPMI pipeline do (the
 * 5,219,250 cells of docs/kernels.md on the benchmark corpus need it), so SGNS and SPPMI-SVD see the
 * same windows. */
export const defaultCooccurrenceOptions: Readonly<CooccurrenceOptions> = Object.freeze({
  window: 2,
  weighting: 'flat',
  subsample: 0,
  subsampleMode: 'clean',
  oovMode: 'dirty',
  seed: 1,
});

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (allowed.includes(value as T)) return value as T;
  throw new FirthError('invalid-input', `${field} must be one of ${allowed.join(', ')} (got "${String(value)}")`, { field });
}

/** Fills in defaults and checks every option, naming the one that is wrong, before any work. */
export function resolveCooccurrenceOptions(options: Partial<CooccurrenceOptions> = {}): CooccurrenceOptions {
  const resolved = { ...defaultCooccurrenceOptions, ...withoutUndefined(options) };
  const { window, subsample, seed } = resolved;
  if (!Number.isInteger(window) || window < 1 || window > largestWindow) {
    throw new FirthError('invalid-input', `window must be a whole number from 1 to ${largestWindow} (got ${String(window)})`, { field: 'window' });
  }
  if (typeof subsample !== 'number' || !Number.isFinite(subsample) || subsample < 0) {
    throw new FirthError('invalid-input', `subsample must be a number ≥ 0, 0 for none (got ${String(subsample)})`, { field: 'subsample' });
  }
  if (!Number.isSafeInteger(seed)) {
    throw new FirthError('invalid-input', `seed must be a whole number (got ${String(seed)})`, { field: 'seed' });
  }
  return {
    window,
    weighting: oneOf('weighting', resolved.weighting, windowWeightings),
    subsample,
    subsampleMode: oneOf('subsampleMode', resolved.subsampleMode, removalModes),
    oovMode: oneOf('oovMode', resolved.oovMode, removalModes),
    seed,
  };
}
