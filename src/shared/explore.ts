import { z } from 'zod';
import { SpaceRefSchema } from './compare';

// What the Explore tab asks of the service: gensim-style queries (most_similar, similarity,
// doesnt_match) of one or several spaces at once, each answered side by side.

export const MAX_EXPLORE_SPACES = 8;
export const MAX_EXPLORE_K = 100;

const SpacesField = z.array(SpaceRefSchema).min(1).max(MAX_EXPLORE_SPACES);

/** Mu & Viswanath's centring: subtract the mean vector, then remove the top `components` principal directions. */
export const CentringSchema = z.object({ components: z.number().int().min(0).max(20).default(0) }).strict();

const WordField = z.string().min(1).max(200);

export const ExploreNeighborsInputSchema = z
  .object({
    spaces: SpacesField,
    /** "king - man + woman"; its words join `positive` and `negative`. */
    expression: z.string().max(2000).optional(),
    positive: z.array(WordField).max(50).default([]),
    negative: z.array(WordField).max(50).default([]),
    k: z.number().int().min(1).max(MAX_EXPLORE_K).default(10),
    method: z.enum(['cosine', '3cosmul']).default('cosine'),
    centre: CentringSchema.optional(),
  })
  .strict();

export const ScoredWordSchema = z.object({
  word: z.string(),
  /** Cosine, or the 3CosMul score. */
  score: z.number(),
  count: z.number().optional(),
  /** An all-zero vector: its cosines are 0 whatever the word. */
  zeroVector: z.boolean().optional(),
});
export type ScoredWord = z.infer<typeof ScoredWordSchema>;

/** How the space is shaped, so answers that mislead can say so. */
export const SpaceShapeSchema = z.object({
  label: z.string(),
  words: z.number(),
  dimensions: z.number(),
  zeroVectors: z.number(),
  /** ‖mean unit vector‖ of the space as loaded (before any centring). */
  meanUnitNorm: z.number(),
  /** Above 0.9: most vectors share one direction, and cosines are all high. */
  sharedDirection: z.boolean(),
  centred: z.boolean(),
});
export type SpaceShape = z.infer<typeof SpaceShapeSchema>;

const SpaceAnswerBase = z.object({
  folder: z.string(),
  matrix: z.enum(['w', 'c', 'w+c']),
  space: SpaceShapeSchema.optional(),
  /** The query's words this space does not know (left out of the query). */
  unknown: z.array(z.string()),
  /** The space could not answer (unreadable folder, an empty query, …). */
  error: z.string().optional(),
});

export const ExploreNeighborsSchema = z.object({
  results: z.array(
    SpaceAnswerBase.extend({
      positive: z.array(z.string()),
      negative: z.array(z.string()),
      /** The words used, as the space spells them, flagged when their vector is all zeros. */
      used: z.array(ScoredWordSchema),
      neighbors: z.array(ScoredWordSchema),
    }),
  ),
});
export type ExploreNeighbors = z.infer<typeof ExploreNeighborsSchema>;

export const ExploreSimilarityInputSchema = z.object({ spaces: SpacesField, first: WordField, second: WordField, centre: CentringSchema.optional() }).strict();
export const ExploreSimilaritySchema = z.object({
  results: z.array(SpaceAnswerBase.extend({ similarity: z.number().nullable(), zeroVector: z.array(z.string()) })),
});
export type ExploreSimilarity = z.infer<typeof ExploreSimilaritySchema>;

export const ExploreDoesntMatchInputSchema = z.object({ spaces: SpacesField, words: z.array(WordField).min(2).max(100), centre: CentringSchema.optional() }).strict();
export const ExploreDoesntMatchSchema = z.object({
  results: z.array(SpaceAnswerBase.extend({ word: z.string().nullable(), ranking: z.array(ScoredWordSchema) })),
});
export type ExploreDoesntMatch = z.infer<typeof ExploreDoesntMatchSchema>;

export const ExploreVocabularyInputSchema = z
  .object({ spaces: SpacesField, prefix: z.string().max(200), limit: z.number().int().min(1).max(100).default(12) })
  .strict();
/** Words starting with the prefix (case-folded), most frequent first, from the spaces together. */
export const ExploreVocabularySchema = z.object({ words: z.array(z.object({ word: z.string(), count: z.number().optional() })) });

export const ExploreEvidenceInputSchema = z
  .object({
    /** A run folder: its run.json names the corpus and the counting settings. */
    folder: z.string().min(1),
    word: WordField,
    /** A second word: the contexts both share, and the lines where both occur within the window. */
    other: WordField.optional(),
    top: z.number().int().min(1).max(200).default(20),
    /** Concordance lines to return. */
    limit: z.number().int().min(1).max(500).default(25),
    /** The first request on a corpus builds its concordance index: `progress` events carry this id, and cancelJob(jobId) stops the build. */
    jobId: z.string().min(1).max(100).optional(),
  })
  .strict();

const ContextRowSchema = z.object({ context: z.string(), count: z.number(), contextCount: z.number(), pmi: z.number() });
const WordContextsSchema = z.object({
  word: z.string(),
  occurrences: z.number(),
  contextsCounted: z.number(),
  byPmi: z.array(ContextRowSchema),
  byCount: z.array(ContextRowSchema),
});

export const ExploreEvidenceSchema = z.object({
  corpusFile: z.string(),
  /** How contexts were counted: the run's own window, line handling and smoothing. */
  counting: z.object({ window: z.number(), crossLines: z.boolean(), alpha: z.number(), lowercase: z.boolean(), tokenPattern: z.string(), dropNumbers: z.boolean().optional(), dropPattern: z.string().optional(), skipOutOfVocabulary: z.boolean() }),
  /** The concordance index was built for this answer (the first evidence asked of this corpus). */
  indexBuilt: z.boolean(),
  word: WordContextsSchema,
  other: WordContextsSchema.optional(),
  shared: z
    .array(z.object({ context: z.string(), contextCount: z.number(), countA: z.number(), countB: z.number(), pmiA: z.number(), pmiB: z.number(), minPmi: z.number() }))
    .optional(),
  concordance: z.object({
    total: z.number(),
    lines: z.array(
      z.object({ line: z.number(), position: z.number(), left: z.array(z.string()), keyword: z.string(), right: z.array(z.string()), otherOffsets: z.array(z.number()).optional() }),
    ),
  }),
});
export type ExploreEvidence = z.infer<typeof ExploreEvidenceSchema>;
