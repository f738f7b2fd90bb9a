import { z } from 'zod';

/** Skip-gram with negative sampling, as word2vec.c (Mikolov et al. 2013); defaults are word2vec's. */
export const SgnsSettingsSchema = z.object({
  dimensions: z.number().int().min(1).max(2000).default(100).describe('Dimensions d of the vectors'),
  window: z.number().int().min(1).max(20).default(5).describe('Window L: contexts up to L tokens away on each side'),
  fixedWindow: z.boolean().default(false).describe("Always use the full window (word2vec shrinks it at random: weights (L-d+1)/L)"),
  negative: z.number().int().min(1).max(100).default(5).describe('Negative samples k per (word, context) pair'),
  nsExponent: z.number().min(0).max(2).default(0.75).describe('Noise distribution: unigram^exponent'),
  subsample: z.number().min(0).max(1).default(1e-4).describe("Subsampling threshold t; keep probability sqrt(t/f) + t/f (0 = off)"),
  epochs: z.number().int().min(1).max(1000).default(5).describe('Passes over the corpus'),
  // Above 0.5 SGNS diverges on ordinary corpora (the vectors overflow); the trainer stops a run that diverges anyway.
  alpha: z.number().positive().max(0.5).default(0.025).describe('Starting learning rate'),
  minAlpha: z.number().min(0).max(1).default(0.0001).describe('Final learning rate (linear decay across all epochs)'),
  seed: z.number().int().min(0).max(4294967295).default(1).describe('Random seed (bit-identical results with 1 thread)'),
  // Batched is HogBatch (Ji et al. 2016): one set of negatives per window, the window's products as
  // small matrix products, each row written back once; word2vec is word2vec.c's per-pair loop.
  update: z
    .enum(['batched', 'word2vec'])
    .default('batched')
    .describe('batched: negatives shared by a window, updates written once (faster); word2vec: per-pair updates, exact sigmoid'),
});
export type SgnsSettings = z.infer<typeof SgnsSettingsSchema>;
