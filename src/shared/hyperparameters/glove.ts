import { z } from 'zod';
import { countingSettingsShape } from './counting';

/**
 * GloVe (Pennington, Socher & Manning 2014), as the reference C code (stanfordnlp/GloVe) trains it:
 * window 10 with 1/distance weights, f(x) = min(1, (x/x_max)^alpha), AdaGrad at eta 0.05 with
 * accumulators starting at 1, 15 iterations over the shuffled non-zero cells.
 */
export const GloveSettingsSchema = z.object({
  ...countingSettingsShape({ window: 10, weighting: 'harmonic' }),
  dimensions: z.number().int().min(1).max(2000).default(100).describe('Dimensions d of the vectors'),
  xMax: z.number().positive().default(10).describe('x_max of the weighting f(x) = min(1, (x/x_max)^alpha)'),
  alpha: z.number().positive().max(2).default(0.75).describe('Exponent alpha of the weighting f'),
  iterations: z.number().int().min(1).max(1000).default(15).describe('Passes over the shuffled non-zero cells'),
  learningRate: z.number().positive().max(10).default(0.05).describe('AdaGrad learning rate eta'),
  gradientClip: z.number().positive().default(100).describe("Clip each component of the vectors' gradient to +-this (GloVe's grad_clip_value)"),
  seed: z.number().int().min(0).max(4294967295).default(1).describe('Random seed of the initial vectors and the shuffle (bit-identical results with 1 thread)'),
});
export type GloveSettings = z.infer<typeof GloveSettingsSchema>;
