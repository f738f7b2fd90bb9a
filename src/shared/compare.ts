import { z } from 'zod';

// What the Compare views ask of the service and get back. A comparison is opened once (both spaces
// loaded, their shared words paired, every word's neighbours found) and then queried view by view.

/** One side of a comparison: a run folder or a vector file, and which of its matrices. */
export const SpaceRefSchema = z
  .object({
    folder: z.string().min(1),
    matrix: z.enum(['w', 'c', 'w+c']).default('w'),
  })
  .strict();
export type SpaceRef = z.input<typeof SpaceRefSchema>;

/** Long requests may carry an id: their `progress` events use it, and `cancelJob` stops them. */
const JobIdField = z.string().min(1).max(100).optional();

export const MAX_COMPARE_K = 100;
export const DEFAULT_COMPARE_TOP = 20_000;
export const MIN_SHARED_WORDS = 10;

export const OpenComparisonInputSchema = z
  .object({
    a: SpaceRefSchema,
    b: SpaceRefSchema,
    /** Keep only the N most frequent shared words (A's order). */
    top: z.number().int().min(1).max(1_000_000).default(DEFAULT_COMPARE_TOP),
    /** Centre both spaces first (subtract the mean, remove the top `components` principal directions: Mu & Viswanath 2018). */
    centre: z.object({ components: z.number().int().min(0).max(20).default(0) }).strict().optional(),
    jobId: JobIdField,
  })
  .strict();

export const SpaceInfoSchema = z.object({
  label: z.string(),
  folder: z.string(),
  matrix: z.enum(['w', 'c', 'w+c']),
  /** sppmi-svd or sgns for a run folder; absent for an imported vector file. */
  model: z.string().optional(),
  vocabularySize: z.number(),
  dimensions: z.number(),
});
export type SpaceInfo = z.infer<typeof SpaceInfoSchema>;

export const ComparisonSchema = z.object({
  comparisonId: z.string(),
  a: SpaceInfoSchema,
  b: SpaceInfoSchema,
  /** Words both spaces know, before `top`. */
  shared: z.number(),
  onlyInA: z.number(),
  onlyInB: z.number(),
  /** The most frequent words each side lacks (up to 50). */
  onlyInASample: z.array(z.string()),
  onlyInBSample: z.array(z.string()),
  /** The shared words compared (after `top`), most frequent first: every per-word array follows this order. */
  words: z.array(z.string()),
  /** The largest k the neighbour views allow: min(100, words − 1). */
  kMax: z.number(),
  /** ‖mean unit vector‖ of each space as loaded: above 0.9 most vectors share one direction. */
  meanUnitNorm: z.object({ a: z.number(), b: z.number() }).optional(),
  /** Whether the spaces were centred before comparing. */
  centred: z.boolean().optional(),
  /** Indexes into `words` of all-zero vectors in A and in B: cosine 0 with everything, displacement 1. */
  zeroVectors: z.object({ a: z.array(z.number()), b: z.array(z.number()) }).optional(),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

const ComparisonIdField = z.string().min(1);

export const NeighborsInputSchema = z.object({ comparisonId: ComparisonIdField, word: z.string().min(1), k: z.number().int().min(1).max(MAX_COMPARE_K) }).strict();

const NeighborSchema = z.object({ word: z.string(), similarity: z.number(), common: z.boolean() });
export const NeighborsSchema = z.object({
  word: z.string(),
  k: z.number(),
  a: z.array(NeighborSchema),
  b: z.array(NeighborSchema),
  common: z.number(),
  /** |A ∩ B| / |A ∪ B| of the two top-k sets. */
  jaccard: z.number(),
  /** Jaccard at k = 1 … kMax: the k-sweep curve. */
  sweep: z.array(z.number()),
});
export type Neighbors = z.infer<typeof NeighborsSchema>;

export const OverlapInputSchema = z.object({ comparisonId: ComparisonIdField, k: z.number().int().min(1).max(MAX_COMPARE_K) }).strict();
export const OverlapSchema = z.object({
  k: z.number(),
  /** Jaccard of each shared word's k-NN sets, in `words` order. */
  jaccard: z.array(z.number()),
  mean: z.number(),
});
export type Overlap = z.infer<typeof OverlapSchema>;

export const AnchorsSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('all') }).strict(),
  z.object({ mode: z.literal('top'), top: z.number().int().min(1) }).strict(),
  z.object({ mode: z.literal('except'), words: z.array(z.string().min(1)).min(1) }).strict(),
]);
export type Anchors = z.infer<typeof AnchorsSchema>;

export const AlignmentInputSchema = z.object({ comparisonId: ComparisonIdField, anchors: AnchorsSchema.default({ mode: 'all' }) }).strict();
export const AlignmentSchema = z.object({
  anchors: z.number(),
  /** 1 − cos(a, B·R) per shared word, in `words` order (0 = same place, 2 = opposite). */
  displacement: z.array(z.number()),
  mean: z.number(),
  /** Words of an `except` list the comparison does not hold (ignored). */
  unknownWords: z.array(z.string()),
});
export type AlignmentResult = z.infer<typeof AlignmentSchema>;

export const ProjectionInputSchema = z
  .object({
    comparisonId: ComparisonIdField,
    method: z.enum(['pca', 'umap']),
    /** UMAP only: seed, neighbours and minimum distance (umap-js defaults 15 and 0.1). */
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    neighbors: z.number().int().min(2).max(100).default(15),
    minDist: z.number().min(0).max(1).default(0.1),
    /** Project only the first N words (UMAP's cost grows with N). */
    top: z.number().int().min(MIN_SHARED_WORDS).optional(),
    jobId: JobIdField,
  })
  .strict();

const CoordinatesSchema = z.object({
  x: z.array(z.number()),
  y: z.array(z.number()),
  /** PCA: the share of variance each axis explains. */
  explained: z.tuple([z.number(), z.number()]).optional(),
});
export const ProjectionSchema = z.object({
  method: z.enum(['pca', 'umap']),
  /** How many of the comparison's words (its first N) were projected. */
  count: z.number(),
  a: CoordinatesSchema,
  b: CoordinatesSchema,
  elapsedMs: z.number(),
});
export type Projection = z.infer<typeof ProjectionSchema>;

export const TheoremInputSchema = z
  .object({
    folder: z.string().min(1),
    sample: z.number().int().min(100).max(50_000).default(50_000),
    seed: z.number().int().min(0).default(1),
    jobId: JobIdField,
  })
  .strict();

export const TheoremSchema = z.discriminatedUnion('model', [
  z.object({
    model: z.literal('sgns'),
    /** The shift: log k with k the run's negatives. */
    negatives: z.number(),
    /** α of P_α(c): the run's noise exponent. */
    alpha: z.number(),
    window: z.number(),
    /** Observed (w, c) cells of the co-occurrence matrix, and how many were sampled. */
    cells: z.number(),
    sampled: z.number(),
    /** Per sampled cell: PMI_α(w,c) − log k, w·c and the count N(w,c). */
    shiftedPmi: z.array(z.number()),
    dot: z.array(z.number()),
    count: z.array(z.number()),
    pearson: z.number(),
    spearman: z.number(),
    /** The sampled cells' words, for hover: word and context row in the run's vocabulary. */
    words: z.array(z.string()),
    contexts: z.array(z.string()),
  }),
  z.object({
    model: z.literal('sppmi-svd'),
    dimensions: z.number(),
    singularValues: z.array(z.number()),
    /** Σ_{i≤d} σᵢ² / ‖SPPMI‖²_F: the share of the matrix's energy the run keeps. */
    energy: z.number(),
    frobeniusSquared: z.number(),
  }),
]);
export type Theorem = z.infer<typeof TheoremSchema>;
