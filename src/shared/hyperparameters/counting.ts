import { z } from 'zod';

/**
 * The co-occurrence counting settings of every model that factorises the count matrix (SPPMI-SVD,
 * MF-SGNS, GloVe): one set of names, ranges and help texts; each model picks its own defaults.
 */
export function countingSettingsShape(defaults: { window: number; weighting: 'flat' | 'dyn' | 'harmonic' }) {
  return {
    window: z.number().int().min(1).max(20).default(defaults.window).describe('Symmetric window L: contexts up to L tokens away on each side'),
    weighting: z
      .enum(['flat', 'dyn', 'harmonic'])
      .default(defaults.weighting)
      .describe("flat: weight 1; dyn: word2vec's expected weights (L-d+1)/L; harmonic: 1/d (GloVe's)"),
    subsample: z.number().min(0).default(0).describe('Subsampling threshold t (0 = off); keep probability sqrt(t/f)'),
    subsampleMode: z.enum(['clean', 'dirty']).default('clean').describe('clean: removed tokens keep their positions; dirty: removed before windowing'),
    oovMode: z
      .enum(['clean', 'dirty'])
      .default('dirty')
      .describe('Out-of-vocabulary tokens: dirty = deleted before windowing (word2vec, GloVe); clean = keep their positions (hyperwords)'),
  };
}

/** What the counting needs from a model's settings. */
export interface CountingSettings {
  window: number;
  weighting: 'flat' | 'dyn' | 'harmonic';
  subsample: number;
  subsampleMode: 'clean' | 'dirty';
  oovMode: 'clean' | 'dirty';
  seed: number;
}
