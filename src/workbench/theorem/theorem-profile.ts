// How the theorem view reads a run's settings: the counts it trained on (window, weighting,
// subsampling, out-of-vocabulary mode, seed), the k and α of its objective, and what its score is
// set against. SGNS and SPPMI-SVD have their own schemas; any other model is read by the field names
// the count-based models share (window, weighting, subsample, subsampleMode, oovMode, cds, negative,
// seed), so a new model of that family needs no change here.

import { FirthError } from '../../shared/errors';
import { SgnsSettingsSchema } from '../../shared/hyperparameters/sgns';
import { SppmiSvdSettingsSchema } from '../../shared/hyperparameters/sppmi-svd';
import type { CooccurrenceOptions } from '../../engine/cooccurrence/cooccurrence-options';
import type { TheoremTarget } from '../../engine/theorem/theorem-figures';
import { countOptionsOf } from '../../engine/cooccurrence/count-options-of';
import { runRecordPath, type StoredRunRecord } from '../runs/run-record';

export interface TheoremProfile {
  counting: Partial<CooccurrenceOptions> & { window: number; weighting: CooccurrenceOptions['weighting'] };
  /** k and α of the SGNS objective the run is measured with (SPPMI-SVD: its shift and cds). */
  k: number;
  alpha: number;
  /**
   * What P_α(j) ∝ N_j^α is made of: 'unigram', the corpus word counts (word2vec's noise table, before
   * subsampling), or 'columns', the column sums of the counts (hyperwords, hilbert).
   */
  noise: 'unigram' | 'columns';
  /** The SGNS objective's negative term: levy k·N_i·P_α(j), or hilbert k·(N_i − N_ij)·P_α(j) (MF-SGNS --negative-term hilbert). */
  negativeTerm: 'levy' | 'hilbert';
  /** The loss the run was trained with: what its weights chart and sentence talk about. */
  loss: 'sgns' | 'svd' | 'glove';
  target: TheoremTarget;
  /** GloVe's x_max (100 in the paper) and the exponent of its f (0.75), for the weights chart. */
  xMax: number;
  gloveExponent: number;
  /** SPPMI-SVD: the eigenvalue weighting p of W = U·Σ^p, C = V·Σ^p. */
  eig?: number;
}

/** word2vec's k and α, for models that have none of their own (GloVe). */
const defaultK = 5;
const defaultAlpha = 0.75;
const defaultXMax = 100;

/** The profile of a run; `hasBiases` says the run stores b and b̃ (GloVe's family). */
export function theoremProfile(record: StoredRunRecord, folder: string, hasBiases: boolean): TheoremProfile {
  const settings = record.settings.model ?? {};
  if (record.model === 'sgns') {
    const sgns = parse(folder, () => SgnsSettingsSchema.parse(settings));
    return {
      // SGNS discards subsampled tokens before windowing (word2vec.c), hence 'dirty'. The count module
      // keeps a token with probability √(t/f) (hyperwords), where word2vec keeps √(t/f) + t/f, and draws
      // once where SGNS draws again every epoch: close to, not exactly, the pairs SGNS saw. word2vec
      // shrinks the window at random, uniformly on 1…L: expected weight (L − d + 1)/L, the 'dyn' weights.
      counting: { window: sgns.window, weighting: sgns.fixedWindow ? 'flat' : 'dyn', subsample: sgns.subsample, subsampleMode: 'dirty', oovMode: 'dirty', seed: sgns.seed },
      k: sgns.negative,
      alpha: sgns.nsExponent,
      noise: 'unigram',
      negativeTerm: 'levy',
      loss: 'sgns',
      target: 'shifted-pmi',
      xMax: defaultXMax,
      gloveExponent: 0.75,
    };
  }
  if (record.model === 'sppmi-svd') {
    const svd = parse(folder, () => SppmiSvdSettingsSchema.parse(settings));
    return { counting: countOptionsOf(svd), k: svd.shiftK, alpha: svd.cds, noise: 'columns', negativeTerm: 'levy', loss: 'svd', target: 'shifted-pmi', xMax: defaultXMax, gloveExponent: 0.75, eig: svd.eig };
  }
  const number = (field: string, fallback: number): number => {
    const value = settings[field];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw badField(folder, field, `must be a number (got ${JSON.stringify(value)})`);
    return value;
  };
  const choice = <T extends string>(field: string, allowed: readonly T[]): T | undefined => {
    const value = settings[field];
    if (value === undefined) return undefined;
    if (!allowed.includes(value as T)) throw badField(folder, field, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
    return value as T;
  };
  const glove = hasBiases || record.model === 'glove';
  const window = number('window', glove ? 10 : 5);
  const weighting = choice('weighting', ['flat', 'dyn', 'harmonic'] as const) ?? (settings.fixedWindow === true ? 'flat' : glove ? 'harmonic' : 'dyn');
  return {
    counting: {
      window,
      weighting,
      subsample: number('subsample', 0),
      subsampleMode: choice('subsampleMode', ['clean', 'dirty'] as const),
      oovMode: choice('oovMode', ['clean', 'dirty'] as const),
      seed: number('seed', 1),
    },
    k: number('negative', number('shiftK', defaultK)),
    alpha: number('cds', number('nsExponent', defaultAlpha)),
    noise: 'columns',
    negativeTerm: glove ? 'levy' : (choice('negativeTerm', ['levy', 'hilbert'] as const) ?? 'levy'),
    loss: glove ? 'glove' : 'sgns',
    target: glove ? 'log-count' : 'shifted-pmi',
    xMax: number('xMax', defaultXMax),
    // GloVe's own settings call f's exponent alpha; for SGNS-family models alpha is not f's (they have cds).
    gloveExponent: glove ? number('alpha', 0.75) : 0.75,
  };
}

function parse<T>(folder: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const file = runRecordPath(folder);
    throw new FirthError('corrupt-file', `${file}: settings.model cannot be read: ${(error as Error).message}`, { file, field: 'settings.model' });
  }
}

function badField(folder: string, field: string, problem: string): FirthError {
  const file = runRecordPath(folder);
  return new FirthError('corrupt-file', `${file}: settings.model.${field} ${problem}`, { file, field: `settings.model.${field}` });
}
