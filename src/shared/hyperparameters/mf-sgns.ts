import { z } from 'zod';
import { countingSettingsShape } from './counting';

/**
 * MF-SGNS: the SGNS loss optimised directly over the whole co-occurrence matrix (Kenyon-Dean &
 * Newell's `hilbert`). The counting options are SPPMI-SVD's; the defaults are word2vec's window
 * (5, dynamic weights) and k = 5, with full-batch Adam at lr 0.02 (one update per pass over the matrix).
 */
export const MfSgnsSettingsSchema = z.object({
  ...countingSettingsShape({ window: 5, weighting: 'dyn' }),
  cds: z.number().positive().max(1).default(0.75).describe('Context-distribution smoothing alpha of the negative term: P(c) proportional to #(c)^alpha'),
  maxSize: z
    .number()
    .int()
    .min(2)
    .max(100000)
    .default(10000)
    .describe('Vocabulary cap: train on the most frequent words only (the matrix is V x V; memory and time grow as V^2)'),
  dimensions: z.number().int().min(1).max(2000).default(100).describe('Dimensions d of the vectors'),
  negative: z.number().min(1).max(100).default(5).describe('Negatives k: the negative term is k * N_i * P(j); the optimum is w.c = PMI - log k'),
  negativeTerm: z
    .enum(['levy', 'hilbert'])
    .default('levy')
    .describe("levy: N-_ij = k N_i P(j) (Levy & Goldberg); hilbert: k (N_i - N_ij) P(j) (Kenyon-Dean & Newell)"),
  steps: z.number().int().min(1).max(100000).default(300).describe('Steps: each is one pass over every tile of the matrix and one optimiser update'),
  learningRate: z.number().positive().max(10).default(0.02).describe('Learning rate of the optimiser (halved whenever a step gives NaN or Inf)'),
  optimizer: z.enum(['adam', 'adagrad']).default('adam').describe('adam: full-batch Adam (beta 0.9, 0.999); adagrad: AdaGrad, accumulators starting at 1'),
  tolerance: z.number().min(0).max(1).default(0).describe('Stop early when the loss changes by less than this fraction in a step (0 = run every step)'),
  init: z
    .string()
    .min(1)
    .default('random')
    .describe('random, or an SPPMI-SVD run of the same project (its id) or its folder, with the same vocabulary and dimensions: warm start from U.Sigma^1/2, V.Sigma^1/2'),
  seed: z.number().int().min(0).max(4294967295).default(1).describe('Random seed of the initial vectors'),
});
export type MfSgnsSettings = z.infer<typeof MfSgnsSettingsSchema>;
