import { z } from 'zod';
import { SgnsSettingsSchema } from './hyperparameters/sgns';
import { SppmiSvdSettingsSchema } from './hyperparameters/sppmi-svd';
import { MfSgnsSettingsSchema } from './hyperparameters/mf-sgns';
import { GloveSettingsSchema } from './hyperparameters/glove';

/** How a run summary shows one of a model's results (run.json `results`). */
export interface ResultSummary {
  /** The key in run.json's results. */
  result: string;
  label: string;
  /** quantity: 1.2 M; rate: 1.2 M words/s; loss: four decimals; values: the first five, one decimal. */
  format: 'quantity' | 'rate' | 'loss' | 'values';
}

/** What every face knows about a model: its names, its settings schema and how its form and summary look. */
export interface ModelDescription {
  /** Short name: the form's tab, the run list. */
  label: string;
  /** One line for `firth train --help`. */
  summary: string;
  /** The settings schema: names, defaults, ranges and help text, shared by the form, the CLI, the service and the engine. */
  settings: z.ZodObject;
  /** Settings the New-run form shows without opening "Advanced". */
  mainFields: readonly string[];
  /** The setting the run list shows as k. */
  kField?: string;
  /** The results a finished run's summary shows. */
  results: readonly ResultSummary[];
  /** The setting that says how long it trained (the run list's Epochs column) and its unit; absent for a one-pass model. */
  trainingLength?: { setting: string; unit: string };
}

/**
 * The model registry of the contract: one entry per model. The engine's trainer registry
 * (`engine/models/registry.ts`) has one entry per id here, and the type checker holds the two together.
 */
export const models = {
  sgns: {
    label: 'SGNS',
    summary: 'word2vec skip-gram with negative sampling',
    settings: SgnsSettingsSchema,
    mainFields: ['window', 'negative', 'dimensions', 'epochs'],
    kField: 'negative',
    trainingLength: { setting: 'epochs', unit: 'epochs' },
    results: [
      { result: 'wordsPerSecond', label: 'Speed', format: 'rate' },
      { result: 'finalLoss', label: 'Final loss', format: 'loss' },
    ],
  },
  'sppmi-svd': {
    label: 'SPPMI-SVD',
    summary: 'shifted positive PMI + truncated SVD (Levy & Goldberg)',
    settings: SppmiSvdSettingsSchema,
    mainFields: ['window', 'shiftK', 'dimensions'],
    kField: 'shiftK',
    results: [
      { result: 'sppmiNonZeros', label: 'Non-zeros', format: 'quantity' },
      { result: 'topSingularValues', label: 'Top singular values', format: 'values' },
    ],
  },
  'mf-sgns': {
    label: 'MF-SGNS',
    summary: 'the SGNS loss over the whole co-occurrence matrix (explicit factorisation, hilbert)',
    settings: MfSgnsSettingsSchema,
    mainFields: ['window', 'negative', 'dimensions', 'steps', 'maxSize'],
    kField: 'negative',
    trainingLength: { setting: 'steps', unit: 'steps' },
    results: [
      { result: 'finalLoss', label: 'Final full-matrix loss', format: 'quantity' },
      { result: 'stepsPerSecond', label: 'Steps/s', format: 'quantity' },
    ],
  },
  glove: {
    label: 'GloVe',
    summary: 'GloVe: weighted least squares on log counts, per-cell AdaGrad (Pennington et al.)',
    settings: GloveSettingsSchema,
    mainFields: ['window', 'xMax', 'dimensions', 'iterations'],
    trainingLength: { setting: 'iterations', unit: 'iterations' },
    results: [
      { result: 'cellsPerSecond', label: 'Cells/s', format: 'quantity' },
      { result: 'finalLoss', label: 'Final cost', format: 'loss' },
    ],
  },
} as const satisfies Record<string, ModelDescription>;

export type ModelId = keyof typeof models;
export const modelIds = Object.keys(models) as [ModelId, ...ModelId[]];
export const ModelIdSchema = z.enum(modelIds);

/** A model's settings after its schema filled in the defaults. */
export type ModelSettings<M extends ModelId> = z.output<(typeof models)[M]['settings']>;

export function isModelId(value: unknown): value is ModelId {
  return typeof value === 'string' && Object.hasOwn(models, value);
}

/** One schema per model id, for objects keyed by model (saved default settings). */
export function perModel<T extends z.ZodType>(schema: T): z.ZodObject<Record<ModelId, T>> {
  return z.object(Object.fromEntries(modelIds.map((id) => [id, schema])) as Record<ModelId, T>);
}
