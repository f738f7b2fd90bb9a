import { z } from 'zod';
import { CorpusSettingsSchema } from '@shared/hyperparameters/corpus';
import { modelIds, models, type ModelId } from '@shared/models';

export type TrainingModel = ModelId;
export type SettingsGroup = 'corpus' | 'settings';
export type FieldKind = 'integer' | 'number' | 'boolean' | 'choice' | 'text';

/** One form field, read from a schema field: its kind, default and `.describe()` text. */
export interface FieldSpec {
  name: string;
  kind: FieldKind;
  description: string;
  /** undefined for an optional field with no default (corpus maxSize). */
  defaultValue: number | boolean | string | undefined;
  options: readonly string[];
  min: number | undefined;
  max: number | undefined;
  optional: boolean;
}

/** What a form field holds: number fields keep the text typed, so a half-typed value is not lost. */
export type FieldValue = string | boolean;
export type FormValues = Record<string, FieldValue>;

/** One value per model of the registry. */
const perModel = <T>(value: (model: ModelId) => T): Record<ModelId, T> => Object.fromEntries(modelIds.map((id) => [id, value(id)])) as Record<ModelId, T>;

export const modelSchemas = perModel((id) => models[id].settings);
export const modelLabels: Record<TrainingModel, string> = perModel((id) => models[id].label);

/** Fields shown without opening "Advanced"; the rest of each schema goes under it. */
export const mainFields: Record<TrainingModel | 'corpus', readonly string[]> = {
  ...perModel((id) => models[id].mainFields),
  corpus: ['tokenPattern'],
};

/** Friendlier labels for the main fields; advanced ones use the schema's name. */
/** Every setting in words, the same words wherever it shows (Corpus tab, Runs form, settings diff). */
export const fieldLabels: Record<string, string> = {
  // Corpus
  lowercase: 'Lowercase',
  tokenPattern: 'Token pattern',
  sentenceBoundary: 'Sentence boundary',
  dropNumbers: 'Drop numbers',
  dropPattern: 'Drop tokens matching',
  minCount: 'Min count',
  maxSize: 'Max vocabulary size',
  // Both models
  window: 'Window',
  dimensions: 'Dimensions',
  subsample: 'Subsampling threshold',
  seed: 'Random seed',
  // SGNS
  fixedWindow: 'Fixed window',
  negative: 'Negatives k',
  nsExponent: 'Noise exponent',
  epochs: 'Epochs',
  alpha: 'Learning rate',
  minAlpha: 'Final learning rate',
  update: 'Update mode',
  // SPPMI-SVD
  weighting: 'Window weighting',
  subsampleMode: 'Subsampling mode',
  oovMode: 'OOV mode',
  cds: 'Context smoothing',
  shiftK: 'Shift k',
  eig: 'Eigenvalue weight',
  solver: 'SVD solver',
  powerIterations: 'Power iterations',
  oversample: 'Oversampling',
  wc: 'Save W+C',
  // MF-SGNS
  negativeTerm: 'Negative term',
  steps: 'Steps',
  learningRate: 'Learning rate',
  optimizer: 'Optimizer',
  tolerance: 'Stopping tolerance',
  init: 'Initialisation',
  // GloVe
  xMax: 'x_max',
  iterations: 'Iterations',
  gradientClip: 'Gradient clip',
};

/** Where one model's setting means something else than the same name elsewhere (GloVe's alpha is f's exponent). */
const modelFieldLabels: Partial<Record<TrainingModel, Record<string, string>>> = {
  glove: { alpha: 'Weighting exponent α' },
  // The model's own cap on the corpus vocabulary (the form shows the corpus's "Max vocabulary size" too).
  'mf-sgns': { maxSize: 'Vocabulary cap' },
};

/** A setting's label in a model's form: the model's own word for it, else the shared one, else its name. */
export const fieldLabel = (model: TrainingModel | 'corpus', name: string): string =>
  (model === 'corpus' ? undefined : modelFieldLabels[model]?.[name]) ?? fieldLabels[name] ?? name;

type AnyObjectSchema = z.ZodObject<Record<string, z.ZodType>>;

function unwrap(field: z.ZodType): { inner: z.ZodType; optional: boolean } {
  let inner = field;
  let optional = false;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) {
    if (inner instanceof z.ZodOptional) optional = true;
    inner = inner.unwrap() as z.ZodType;
  }
  return { inner, optional };
}

/** The schema's fields as form fields, in the schema's order. */
export function fieldSpecs(schema: AnyObjectSchema): FieldSpec[] {
  const defaults = schema.parse({}) as Record<string, unknown>;
  return Object.entries(schema.shape).map(([name, field]) => {
    const { inner, optional } = unwrap(field);
    const base = { name, description: field.description ?? '', defaultValue: defaults[name] as FieldSpec['defaultValue'], optional };
    if (inner instanceof z.ZodNumber) {
      const finite = (value: number | null) => (value !== null && Number.isFinite(value) && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined);
      return { ...base, kind: inner.isInt ? 'integer' : 'number', options: [], min: finite(inner.minValue), max: finite(inner.maxValue) };
    }
    if (inner instanceof z.ZodBoolean) return { ...base, kind: 'boolean', options: [], min: undefined, max: undefined };
    if (inner instanceof z.ZodEnum) return { ...base, kind: 'choice', options: inner.options as string[], min: undefined, max: undefined };
    // Free text (MF-SGNS's init: random or a run folder).
    if (inner instanceof z.ZodString) return { ...base, kind: 'text', options: [], min: undefined, max: undefined };
    throw new Error(`No form field for ${name}`);
  });
}

export const corpusFields = fieldSpecs(CorpusSettingsSchema as unknown as AnyObjectSchema);
export const modelFields: Record<TrainingModel, FieldSpec[]> = perModel((id) => fieldSpecs(models[id].settings as unknown as AnyObjectSchema));

/** Something per model, built from each model id (the form's values, the saved defaults). */
export { perModel };

function toFieldValue(spec: FieldSpec, value: unknown): FieldValue {
  if (spec.kind === 'boolean') return value === true;
  return value === undefined ? '' : String(value);
}

/** Form values for the schema defaults with `overrides` on top. */
export function formValues(specs: FieldSpec[], overrides: Record<string, unknown> = {}): FormValues {
  return Object.fromEntries(specs.map((spec) => [spec.name, toFieldValue(spec, overrides[spec.name] ?? spec.defaultValue)]));
}

/** What a field's text means to the schema: numbers parsed, empty optional fields left out. */
export function parseFieldValue(spec: FieldSpec, value: FieldValue): unknown {
  if (spec.kind === 'boolean') return value === true;
  if (spec.kind === 'choice') return value;
  if (spec.kind === 'text') return String(value).trim() === '' ? undefined : String(value).trim();
  const text = String(value).trim();
  if (text === '') return undefined;
  // Number('') is 0 and Number('1e') is NaN: NaN reaches the schema, which names the problem.
  return Number(text);
}

/** The schema's own message for a field's value, or null when it is valid. */
export function fieldError(schema: AnyObjectSchema, spec: FieldSpec, value: FieldValue): string | null {
  const parsed = parseFieldValue(spec, value);
  if (parsed === undefined && !spec.optional) return 'Required';
  const result = schema.shape[spec.name].safeParse(parsed);
  return result.success ? null : (result.error.issues[0]?.message ?? 'Invalid value');
}

/** Every invalid field's message, keyed `corpus.<name>` or `settings.<name>` like the service's `where.field`. */
export function formErrors(model: TrainingModel, corpus: FormValues, settings: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const check = (group: SettingsGroup, schema: AnyObjectSchema, specs: FieldSpec[], values: FormValues) => {
    for (const spec of specs) {
      const message = fieldError(schema, spec, values[spec.name]);
      if (message) errors[`${group}.${spec.name}`] = message;
    }
  };
  check('corpus', CorpusSettingsSchema as unknown as AnyObjectSchema, corpusFields, corpus);
  check('settings', modelSchemas[model] as unknown as AnyObjectSchema, modelFields[model], settings);
  return errors;
}

/** Form values as the request's plain object; empty optional fields are left out. */
export function requestValues(specs: FieldSpec[], values: FormValues): Record<string, unknown> {
  const entries = specs.map((spec) => [spec.name, parseFieldValue(spec, values[spec.name])] as const);
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

export interface Preset {
  id: string;
  label: string;
  /** The model a preset switches to; none keeps the current one. */
  model?: TrainingModel;
  /** Per model: what differs from the schema's defaults. */
  settings: Partial<Record<TrainingModel, Record<string, unknown>>>;
}

export const presets: readonly Preset[] = [
  { id: 'word2vec', label: 'word2vec defaults', model: 'sgns', settings: { sgns: {} } },
  {
    id: 'levy-goldberg',
    label: 'Levy & Goldberg best for SVD',
    model: 'sppmi-svd',
    // Levy, Goldberg & Dagan 2015, table of recommendations for SVD.
    settings: { 'sppmi-svd': { window: 2, cds: 0.75, shiftK: 1, eig: 0.5 } },
  },
  {
    id: 'peer-benchmark',
    label: 'peer benchmark settings',
    settings: { 'sppmi-svd': { window: 5, shiftK: 5, cds: 0.75, dimensions: 100 }, sgns: {} },
  },
  {
    id: 'mf-sgns-hilbert',
    label: 'MF-SGNS (hilbert)',
    model: 'mf-sgns',
    // Kenyon-Dean & Newell's hilbert: the negative term k·(N_i − N_ij)·P_α(j), full-batch Adam.
    settings: { 'mf-sgns': { negativeTerm: 'hilbert', window: 5, weighting: 'dyn', negative: 5, cds: 0.75, optimizer: 'adam', learningRate: 0.02, steps: 300 } },
  },
  {
    id: 'glove-paper',
    label: 'GloVe (paper)',
    model: 'glove',
    // Pennington et al. 2014 and glove.c's demo: window 10 with 1/distance, x_max 10, α 0.75, η 0.05.
    settings: { glove: { window: 10, weighting: 'harmonic', xMax: 10, alpha: 0.75, learningRate: 0.05, iterations: 15, dimensions: 100 } },
  },
];

/** The model and its form values after choosing a preset: defaults with the preset on top. */
export function applyPreset(preset: Preset, currentModel: TrainingModel): { model: TrainingModel; values: FormValues } {
  const model = preset.model ?? currentModel;
  return { model, values: formValues(modelFields[model], preset.settings[model] ?? {}) };
}

/** Which form field a service error's `where.field` names: `settings.window`, `corpus.minCount`, `corpusFile`. */
export function errorFieldKey(field: string | undefined): string {
  if (!field) return 'form';
  if (field === 'corpusFile' || field === 'out') return field;
  const [group, name] = field.split('.');
  return (group === 'settings' || group === 'corpus') && name ? `${group}.${name}` : 'form';
}
