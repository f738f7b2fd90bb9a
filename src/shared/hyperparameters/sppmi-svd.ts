import { z } from 'zod';
import { countingSettingsShape } from './counting';

/**
 * SPPMI-SVD (Levy & Goldberg 2014; Levy, Goldberg & Dagan 2015). Defaults follow their advice for
 * SVD: a short flat window, context-distribution smoothing 0.75, no shift, eigenvalue weighting 0.5.
 */
export const SppmiSvdSettingsSchema = z.object({
  ...countingSettingsShape({ window: 2, weighting: 'flat' }),
  cds: z.number().positive().max(1).default(0.75).describe('Context-distribution smoothing alpha: P(c) proportional to #(c)^alpha'),
  shiftK: z.number().min(1).default(1).describe('Shift: SPPMI = max(PMI - log k, 0); 1 = no shift'),
  dimensions: z.number().int().min(1).max(2000).default(100).describe('Dimensions d of the truncated SVD'),
  eig: z.number().min(0).max(1).default(0.5).describe('Eigenvalue weighting p: W = U * Sigma^p, C = V * Sigma^p'),
  solver: z
    .enum(['block-krylov', 'randomized'])
    .default('block-krylov')
    .describe('Truncated SVD: block-krylov iterates until the singular values converge; randomized is Halko et al. with fixed power iterations'),
  powerIterations: z.number().int().min(0).max(20).default(4).describe('Power iterations q of the randomized solver'),
  oversample: z.number().int().min(0).max(200).default(10).describe('Oversampling of the randomized solver'),
  seed: z.number().int().min(0).default(1).describe('Random seed'),
  wc: z.boolean().default(false).describe('Also save W+C'),
});
export type SppmiSvdSettings = z.infer<typeof SppmiSvdSettingsSchema>;
