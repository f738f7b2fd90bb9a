import { z } from 'zod';

/**
 * GloVe (Pennington, Socher & Manning 2014), as the reference C code (stanfordnlp/GloVe) trains it:
 * window 10 with 1/distance weights, f(x) = min(1, (x/x_max)^alpha), AdaGrad at eta 0.05 with
 * accumulators starting at 1, 15 iterations over the shuffled non-zero cells.
 */
export const GloveSettingsSchema = z.object({
  window: z.number().int().min(1).max(20).default(10).describe('Symmetric window L: contexts up to L tokens away on each side'),
  weighting: z
    .enum(['flat', 'dyn', 'harmonic'])
    .default('harmonic')
    .describe("harmonic: 1/d (GloVe's weighting); flat: weight 1; dyn: word2vec's expected weights (L-d+1)/L"),
  subsample: z.number().min(0).default(0).describe('Subsampling threshold t (0 = off); keep probability sqrt(t/f)'),
  subsampleMode: z.enum(['clean', 'dirty']).default('clean').describe('clean: removed tokens keep their positions; dirty: removed before windowing'),
  oovMode: z
    .enum(['clean', 'dirty'])
    .default('dirty')
    .describe('Out-of-vocabulary tokens: dirty = deleted before windowing (GloVe, word2vec); clean = keep their positions'),
  dimensions: z.number().int().min(1).max(2000).default(100).describe('Dimensions d of the vectors'),
  xMax: z.number().positive().default(10).describe('x_max of the weighting f(x) = min(1, (x/x_max)^alpha)'),
  alpha: z.number().positive().max(2).default(0.75).describe('Exponent alpha of the weighting f'),
  iterations: z.number().int().min(1).max(1000).default(15).describe('Passes over the shuffled non-zero cells'),
  learningRate: z.number().positive().max(10).default(0.05).describe('AdaGrad learning rate eta'),
  gradientClip: z.number().positive().default(100).describe("Clip each component of the vectors' gradient to +-this (GloVe's grad_clip_value)"),
  seed: z.number().int().min(0).max(4294967295).default(1).describe('Random seed of the initial vectors and the shuffle (bit-identical results with 1 thread)'),
});
export type GloveSettings = z.infer<typeof GloveSettingsSchema>;
