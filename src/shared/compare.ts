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
    /** The full-matrix SGNS loss of every run of the project is taken over the shared vocabulary's first N words (cost grows as N²). */
    lossVocabulary: z.number().int().min(10).max(100_000).default(5_000),
    /** Older callers' sample size and seed: the figures now cover every observed cell, so both are ignored. */
    sample: z.number().int().min(100).max(50_000).optional(),
    seed: z.number().int().min(0).optional(),
    jobId: JobIdField,
  })
  .strict();

/** A number that is undefined for the data (too few cells, a constant side): null, as JSON has no NaN. */
const Figure = z.number().nullable();

/** One count band of the theorem table: observed cells with low ≤ N_ij < high. */
export const TheoremBandSchema = z.object({
  label: z.string(),
  low: z.number(),
  /** null: no upper bound. */
  high: z.number().nullable(),
  cells: z.number(),
  pearson: Figure,
  /** Least-squares slope of the model's score on the target. */
  slope: Figure,
  /** Mean of score − target. */
  meanOffset: Figure,
});
export type TheoremBand = z.infer<typeof TheoremBandSchema>;

/** One run's full-matrix SGNS loss on the shared vocabulary and counts. */
export const TheoremLossSchema = z.object({
  folder: z.string(),
  id: z.string(),
  /** The analyst's name for the run (run.json's `name`), absent until renamed. */
  name: z.string().optional(),
  model: z.string(),
  dimensions: z.number(),
  /** Σ N_ij·softplus(−w·c) + Σ k·N_i·P_α(j)·softplus(w·c), over every cell. */
  loss: z.number(),
  positive: z.number(),
  negative: z.number(),
  /** The run the view is of. */
  current: z.boolean(),
});

export const TheoremSchema = z.object({
  model: z.string(),
  /** What the score is set against: PMI_α − log k (SGNS, MF-SGNS, SPPMI-SVD) or log N_ij (GloVe). */
  target: z.enum(['shifted-pmi', 'log-count']),
  targetLabel: z.string(),
  /** w·c, or w·c + b + b̃ for a model with biases. */
  scoreLabel: z.string(),
  /** k and α of the target, the window and weighting the run's counts were made with. */
  negatives: z.number(),
  alpha: z.number(),
  window: z.number(),
  weighting: z.string(),
  /** Words of the run and dimensions of its vectors. */
  vocabulary: z.number(),
  dimensions: z.number(),
  /** Observed cells (N_ij > 0), all of them in every figure. */
  cells: z.number(),
  pearson: Figure,
  /** r with each cell weighted by what the loss gives it: N_ij + k·N_i·P_α(j) (GloVe: f(N_ij)). */
  weightedPearson: Figure,
  weightLabel: z.string(),
  /** The negative term of the SGNS cell weight in `weights.sgns`: the run's own (MF-SGNS may use hilbert's). */
  negativeTerm: z.enum(['levy', 'hilbert']).default('levy'),
  /** Cells per bin of a bins×bins grid over domain² (the same range on both axes), row-major from the lowest score. */
  density: z.object({
    domain: z.tuple([z.number(), z.number()]),
    bins: z.number(),
    counts: z.array(z.number()),
    /** Cells outside the domain (the extreme 0.5 % of either side). */
    outside: z.number(),
  }),
  /** Per target bin (of at least 10 cells): its centre, the score's median and quartiles. */
  median: z.object({
    x: z.array(z.number()),
    median: z.array(z.number()),
    q25: z.array(z.number()),
    q75: z.array(z.number()),
    cells: z.array(z.number()),
  }),
  bands: z.array(TheoremBandSchema),
  /** Per count bin [count_i, count_(i+1)) (powers of 2): observed cells and the mean weight each loss gives one. */
  weights: z.object({
    low: z.array(z.number()),
    cells: z.array(z.number()),
    /** SGNS and MF-SGNS: N_ij + k·N_i·P_α(j). */
    sgns: z.array(z.number()),
    /** SPPMI-SVD's squared loss: 1 on the cells SPPMI keeps (PMI_α > log k), 0 elsewhere. */
    svd: z.array(z.number()),
    /** GloVe: f(N) = min(1, (N/x_max)^0.75). */
    glove: z.array(z.number()),
    xMax: z.number(),
  }),
  /** The full-matrix SGNS loss (k and α above) of every finished run of the project on the same corpus, on shared words and counts. */
  loss: z.object({
    /** The run whose counts (window, weighting), k and α make the objective: the viewed run if it is an SGNS-family run, else the project's newest one. */
    objective: z.object({
      id: z.string(),
      model: z.string(),
      window: z.number(),
      weighting: z.string(),
      k: z.number(),
      alpha: z.number(),
      /** The negative term the loss uses, the objective run's own: levy k·N_i·P_α(j) or hilbert k·(N_i − N_ij)·P_α(j). */
      negativeTerm: z.enum(['levy', 'hilbert']).default('levy'),
    }),
    words: z.number(),
    cells: z.number(),
    runs: z.array(TheoremLossSchema),
    /** Runs left out, and why (another corpus, no context vectors…). */
    skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
  }),
  /** What the figures mean, in plain words. */
  sentence: z.string(),
  /** SPPMI-SVD: the singular values and Σ_{i≤d} σᵢ² / ‖SPPMI‖²_F, the share of the matrix's energy the run keeps. */
  spectrum: z.object({ singularValues: z.array(z.number()), energy: z.number(), frobeniusSquared: z.number() }).optional(),
});
export type Theorem = z.infer<typeof TheoremSchema>;

/** The negative term of a full-matrix SGNS loss, in words: which N⁻_ij it uses. */
export function negativeTermLabel(term: 'levy' | 'hilbert'): string {
  return term === 'hilbert' ? "hilbert's negative term k·(N_i − N_ij)·P_α(j)" : "Levy & Goldberg's negative term k·N_i·P_α(j)";
}
