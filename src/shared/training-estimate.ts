import { z } from 'zod';
import { BackendChoiceSchema } from './compute';
import { ModelIdSchema } from './models';
import { ProjectIdSchema } from './project';
import { formatEstimate } from './sweep-plan';

// What the Runs form shows before an MF-SGNS or GloVe run starts: the time per step (per iteration
// for GloVe), the whole run's time, and the memory MF-SGNS will ask for. The rates are measured
// (a short calibration on the chosen backend); the sizes come from the prepared corpus when the
// cache has it, else from the settings (the cap) and are said to be an upper bound.

export const TrainingEstimateInputSchema = z
  .object({
    projectId: ProjectIdSchema,
    model: ModelIdSchema,
    /** The corpus, when not the project's. */
    corpusFile: z.string().min(1).optional(),
    corpus: z.record(z.string(), z.unknown()).default({}),
    settings: z.record(z.string(), z.unknown()).default({}),
    backend: BackendChoiceSchema.optional(),
    threads: z.number().int().min(1).max(256).optional(),
  })
  .strict();

export const TrainingEstimateSchema = z.object({
  unit: z.enum(['step', 'iteration']),
  /** The words the model trains; `vocabularyExact` false when the corpus is not prepared yet (then it is the cap). */
  vocabulary: z.number().int(),
  vocabularyExact: z.boolean(),
  dimensions: z.number().int(),
  steps: z.number().int(),
  secondsPerStep: z.number(),
  totalSeconds: z.number(),
  /** MF-SGNS: what the run will hold (its refusal uses the same estimate). */
  memoryBytes: z.number().nullable(),
  /** GloVe: the non-zero cells, from an earlier run on the same counts or estimated from the corpus's tokens. */
  cells: z.number().nullable(),
  rate: z.object({ value: z.number(), unit: z.enum(['GFLOP/s', 'cells/s']), backend: z.string() }),
  /** One line for the form. */
  text: z.string(),
});
export type TrainingEstimate = z.infer<typeof TrainingEstimateSchema>;

/** The flops of one MF-SGNS step at V words and d dimensions (three GEMMs per tile: W·Cᵀ, G·C, Gᵀ·W). */
export const mfSgnsFlopsPerStep = (V: number, d: number): number => 6 * V * V * d;

/**
 * Non-zero cells of a V-word count matrix over `tokens` tokens with a window of `window` both ways:
 * at most V² and at most one per pair event; about a quarter of the events are new cells (measured on
 * the benchmark corpus: 5.2 M distinct cells of 20.5 M events at window 5).
 */
export const estimatedCooccurrenceCells = (V: number, tokens: number, window: number): number => Math.min(V * V, Math.round(0.25 * 2 * window * tokens));

const compact = (value: number) => (value >= 1e6 ? `${(value / 1e6).toFixed(1)} M` : value >= 1e4 ? `${Math.round(value / 1e3)} k` : value.toLocaleString('en'));
const bytes = (value: number) => (value >= 2 ** 30 ? `${(value / 2 ** 30).toFixed(1)} GB` : `${Math.max(1, Math.round(value / 2 ** 20))} MB`);
const perStep = (seconds: number) => (seconds < 0.1 ? `${(seconds * 1000).toFixed(0)} ms` : seconds < 10 ? `${seconds.toFixed(2)} s` : `${Math.round(seconds)} s`);

/** "≈ 0.42 s per step · 300 steps: about 2 min · memory ≈ 1.1 GB · V 10,000 (the cap), d 100 · 14 GFLOP/s on cpu (measured)". */
export function describeTrainingEstimate(estimate: Omit<TrainingEstimate, 'text'>): string {
  const parts = [
    `≈ ${perStep(estimate.secondsPerStep)} per ${estimate.unit}`,
    `${estimate.steps.toLocaleString('en')} ${estimate.unit}${estimate.steps === 1 ? '' : 's'}: ${formatEstimate(estimate.totalSeconds)}`,
  ];
  if (estimate.memoryBytes !== null) parts.push(`memory ≈ ${bytes(estimate.memoryBytes)}`);
  parts.push(`V ${estimate.vocabulary.toLocaleString('en')}${estimate.vocabularyExact ? '' : ' at most (corpus not prepared yet)'}, d ${estimate.dimensions}`);
  if (estimate.cells !== null) parts.push(`≈ ${compact(estimate.cells)} non-zero cells`);
  const rate = estimate.rate.unit === 'GFLOP/s' ? `${estimate.rate.value.toPrecision(3)} GFLOP/s` : `${compact(estimate.rate.value)} cells/s`;
  parts.push(`${rate} measured on ${estimate.rate.backend}`);
  return parts.join(' · ');
}
