import { z } from 'zod';
import { ModelIdSchema } from './models';

/** One run of a project as the run list shows it (from run.json, or what is left of it). */
export const RunSummarySchema = z.object({
  id: z.string(),
  folder: z.string(),
  /** damaged: a run folder Firth cannot use (unreadable or newer run.json, a matrix missing); `problem` says why. */
  status: z.enum(['done', 'running', 'interrupted', 'damaged']),
  /** Why an interrupted or damaged run is not done, in words. */
  problem: z.string().optional(),
  model: ModelIdSchema.optional(),
  createdAt: z.string().optional(),
  /** The corpus file the run was trained on. */
  corpusFile: z.string().optional(),
  settings: z.object({ corpus: z.record(z.string(), z.unknown()), model: z.record(z.string(), z.unknown()) }).optional(),
  dimensions: z.number().optional(),
  vocabularySize: z.number().optional(),
  durationMs: z.number().optional(),
  backend: z.object({ name: z.string(), adapter: z.string() }).optional(),
  results: z.record(z.string(), z.unknown()).optional(),
  /** The analyst's name for the run (run.json's `name`); the id stays the folder's name. */
  name: z.string().optional(),
  /** The analyst's note on the run (run.json's `note`). */
  note: z.string().optional(),
  /** scores.json, when the run was evaluated. */
  scores: z.lazy(() => ScoreReportSchema).optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

/** A run's name as the analyst gives it: one line; an empty text clears it (the run shows its id again). */
export const RunNameSchema = z
  .string()
  .trim()
  .max(80, 'A run name is at most 80 characters')
  .refine((name) => !/[\r\n]/.test(name), 'A run name is one line');
/** A note on a run: free text, several lines allowed; an empty text clears it. */
export const RunNoteSchema = z.string().trim().max(2000, 'A note is at most 2000 characters');

/** The run with its name and note as they now stand. */
export const RunLabelSchema = z.object({ runId: z.string(), folder: z.string(), name: z.string().optional(), note: z.string().optional() });
export type RunLabel = z.infer<typeof RunLabelSchema>;

/** A run's display name: the analyst's name, else its id (the folder's name). */
export function runDisplayName(run: { id: string; name?: string }): string {
  return run.name ?? run.id;
}

/** One line of a score table: a set scored one way. */
export const ScoreRowSchema = z.object({
  set: z.string(),
  kind: z.enum(['similarity', 'analogy']),
  /** 'spearman' for similarity; '3CosAdd' / '3CosMul' (overall, semantic, syntactic) for analogy. */
  metric: z.string(),
  score: z.number(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  covered: z.number(),
  total: z.number(),
  coverage: z.number(),
  /** Analogy only: accuracy with uncovered questions counted wrong. */
  allQuestions: z.number().optional(),
});
export type ScoreRow = z.infer<typeof ScoreRowSchema>;

export const ScoreReportSchema = z.object({
  rows: z.array(ScoreRowSchema),
  problems: z.array(z.object({ set: z.string(), line: z.number(), reason: z.string() })),
  backend: z.string(),
  evaluatedAt: z.string().optional(),
});
export type ScoreReport = z.infer<typeof ScoreReportSchema>;

export const CorpusOverviewSchema = z.object({
  statistics: z.object({
    file: z.string(),
    sha256: z.string(),
    sizeBytes: z.number(),
    tokens: z.number(),
    types: z.number(),
    keptTokens: z.number(),
    vocabularySize: z.number(),
    sentences: z.number(),
  }),
  topWords: z.array(z.object({ word: z.string(), count: z.number() })),
  /** (rank, count) on a log-spaced subset of ranks: the Zipf plot. */
  zipf: z.array(z.object({ rank: z.number(), count: z.number() })),
  /** Bundled test sets: how much of each the vocabulary covers. */
  coverage: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['similarity', 'analogy']), covered: z.number(), total: z.number() })),
  /** Vocabulary tokens with punctuation attached ("him,"): share of kept tokens, and the most frequent such words. */
  punctuation: z.object({ share: z.number(), examples: z.array(z.string()), warn: z.boolean() }).optional(),
});
export type CorpusOverview = z.infer<typeof CorpusOverviewSchema>;
