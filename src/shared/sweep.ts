import { z } from 'zod';
import { FirthError } from './errors';
import { CorpusSettingsSchema } from './hyperparameters/corpus';
import { ModelIdSchema, models, type ModelId } from './models';

// A sweep: one or more models, each with a grid of values for some of its settings (every other
// setting fixed at its given or default value). The grid's points are ordinary runs. This file holds
// the sweep file's schema and the expansion of a sweep into its runs, with every value checked
// against the model's own settings schema, so the CLI, the app and the service reject the same grids.

export const SWEEP_SCHEMA_VERSION = 1;
/** `kind` of a sweep folder's sweep.json (the spec plus where the sweep stands). */
export const SWEEP_RECORD_KIND = 'firth-sweep';
/** Above this many runs a sweep starts only when confirmed (`--yes`, or the app's dialog). */
export const LARGE_SWEEP_RUNS = 200;

const GridValueSchema = z.union([z.number(), z.string(), z.boolean()]);
export type GridValue = z.infer<typeof GridValueSchema>;

/** One model's part of a sweep: the values of each varied setting, and fixed values for others. */
export const SweepModelSchema = z
  .object({
    model: ModelIdSchema,
    /** Setting name (as in the model's schema: shiftK, dimensions…) → the values to try. */
    grid: z.record(z.string(), z.array(GridValueSchema)),
    /** Settings held at one value in every run of this model (the rest take their defaults). */
    settings: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type SweepModel = z.infer<typeof SweepModelSchema>;

/** A sweep file (`sweep.json` as saved by the app, or written by hand for `firth sweep --file`). */
export const SweepSpecSchema = z
  .object({
    schemaVersion: z.literal(SWEEP_SCHEMA_VERSION).default(SWEEP_SCHEMA_VERSION),
    /** A name for people; the sweep folder's name when the app makes one. */
    name: z.string().min(1).max(100).optional(),
    models: z.array(SweepModelSchema).min(1),
    /** Tokenizer and vocabulary settings of the corpus, shared by every run. */
    corpus: CorpusSettingsSchema.partial().strict().optional(),
    /** Bundled test sets every finished run is scored on (all when absent; [] scores none). */
    sets: z.array(z.string()).optional(),
  })
  .strict();
export type SweepSpec = z.output<typeof SweepSpecSchema>;
export type SweepSpecInput = z.input<typeof SweepSpecSchema>;

/** One point of the grid: one run. */
export interface SweepPoint {
  /** 0-based place in the sweep (models in order, then the grid with the last setting fastest). */
  index: number;
  model: ModelId;
  /** The varied settings' values at this point. */
  point: Record<string, GridValue>;
  /** Every setting of the model, defaults filled in. */
  settings: Record<string, unknown>;
}

type Wrapped = z.ZodType & { unwrap?: () => z.ZodType };

/** The innermost schema of a field (.default / .optional removed). */
function innerSchema(schema: z.ZodType): z.ZodType {
  let current = schema as Wrapped;
  while (typeof current.unwrap === 'function' && ['default', 'optional', 'nullable', 'prefault'].includes(current.def.type)) current = current.unwrap() as Wrapped;
  return current;
}

/** A field's allowed values in words: "1 to 20", "> 0 and ≤ 1", "flat, dyn or harmonic". */
export function describeRange(field: z.ZodType): string {
  const inner = innerSchema(field) as z.ZodType & { minValue?: number | null; maxValue?: number | null; options?: readonly unknown[]; isInt?: boolean };
  if (inner.def.type === 'enum' && inner.options) {
    const options = inner.options.map(String);
    return options.length === 1 ? options[0] : `${options.slice(0, -1).join(', ')} or ${options.at(-1)}`;
  }
  if (inner.def.type === 'boolean') return 'true or false';
  if (inner.def.type !== 'number') return 'a valid value';
  const min = Number.isFinite(inner.minValue) ? inner.minValue! : undefined;
  const max = Number.isFinite(inner.maxValue) ? inner.maxValue! : undefined;
  const whole = inner.isInt || inner.safeParse(0.5).success === false && inner.safeParse(1).success && inner.safeParse(1.5).success === false;
  const kind = whole ? 'a whole number' : 'a number';
  const lower = min === undefined ? undefined : inner.safeParse(min).success ? `≥ ${min}` : `> ${min}`;
  const upper = max === undefined ? undefined : inner.safeParse(max).success ? `≤ ${max}` : `< ${max}`;
  if (lower?.startsWith('≥') && upper?.startsWith('≤')) return `${kind} from ${min} to ${max}`;
  const bounds = [lower, upper].filter(Boolean).join(' and ');
  return bounds ? `${kind} ${bounds}` : kind;
}

/** The field name used in error messages: models[0].grid.window. */
const gridField = (modelIndex: number, setting?: string) => `models[${modelIndex}].grid${setting ? `.${setting}` : ''}`;

/** The grid's points of one model, the last setting varying fastest. */
function cartesian(entries: [string, GridValue[]][]): Record<string, GridValue>[] {
  let points: Record<string, GridValue>[] = [{}];
  for (const [setting, values] of entries) points = points.flatMap((point) => values.map((value) => ({ ...point, [setting]: value })));
  return points;
}

/**
 * The runs of a sweep, every value checked: an empty grid, a setting the model does not have and a
 * value outside a setting's range are errors naming the model, the setting and the range.
 * Duplicate values are tried once.
 */
export function expandSweep(spec: SweepSpec): SweepPoint[] {
  const points: SweepPoint[] = [];
  spec.models.forEach((entry, modelIndex) => {
    const model = models[entry.model];
    const shape = model.settings.shape as Record<string, z.ZodType>;
    const names = Object.keys(shape);
    const gridEntries = Object.entries(entry.grid);
    if (gridEntries.length === 0) {
      throw new FirthError('invalid-input', `The grid of ${model.label} is empty: give at least one setting with values (settings: ${names.join(', ')})`, {
        field: gridField(modelIndex),
      });
    }
    const checked: [string, GridValue[]][] = [];
    for (const [setting, values] of gridEntries) {
      const field = shape[setting];
      if (!field) {
        throw new FirthError('invalid-input', `${setting} is not a setting of ${model.label}: its settings are ${names.join(', ')}`, { field: gridField(modelIndex, setting) });
      }
      if (values.length === 0) {
        throw new FirthError('invalid-input', `The grid gives no values for ${setting} of ${model.label}: give at least one`, { field: gridField(modelIndex, setting) });
      }
      for (const value of values) {
        if (!field.safeParse(value).success) {
          throw new FirthError('invalid-input', `${setting} = ${JSON.stringify(value)} is out of range for ${model.label}: ${setting} must be ${describeRange(field)}`, {
            field: gridField(modelIndex, setting),
          });
        }
      }
      checked.push([setting, [...new Set(values)]]);
    }
    const fixed = entry.settings ?? {};
    for (const setting of Object.keys(fixed)) {
      if (!shape[setting]) {
        throw new FirthError('invalid-input', `${setting} is not a setting of ${model.label}: its settings are ${names.join(', ')}`, { field: `models[${modelIndex}].settings.${setting}` });
      }
      if (Object.hasOwn(entry.grid, setting)) {
        throw new FirthError('invalid-input', `${setting} is both in the grid and fixed for ${model.label}: give it in one place`, { field: `models[${modelIndex}].settings.${setting}` });
      }
    }
    for (const point of cartesian(checked)) {
      const parsed = model.settings.strict().safeParse({ ...fixed, ...point });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const setting = String(issue?.path[0] ?? '');
        throw new FirthError('invalid-input', `${model.label}: ${setting} ${issue?.message ?? 'is invalid'}${shape[setting] ? ` (must be ${describeRange(shape[setting])})` : ''}`, {
          field: `models[${modelIndex}].settings.${setting}`,
        });
      }
      points.push({ index: points.length, model: entry.model, point, settings: parsed.data as Record<string, unknown> });
    }
  });
  return points;
}

/** Refuses a sweep of more than LARGE_SWEEP_RUNS runs unless the user confirmed it. */
export function checkSweepSize(runs: number, confirmed: boolean, estimate?: string): void {
  if (runs > LARGE_SWEEP_RUNS && !confirmed) {
    throw new FirthError(
      'invalid-input',
      `This sweep has ${runs} runs (more than ${LARGE_SWEEP_RUNS})${estimate ? `, ${estimate}` : ''}: confirm it to start (firth sweep --yes)`,
      { field: 'confirm' },
    );
  }
}

/** A sweep file's text checked against the schema; errors name the file and the field. */
export function parseSweepSpec(text: string, file: string): SweepSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FirthError('corrupt-file', `${file} is not valid JSON (${(error as Error).message})`, { file });
  }
  // A sweep folder's sweep.json holds the spec it ran: loading it repeats that sweep.
  const record = json as { kind?: unknown; spec?: unknown } | null;
  const parsed = SweepSpecSchema.safeParse(record && typeof record === 'object' && record.kind === SWEEP_RECORD_KIND ? record.spec : json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const keys = issue?.code === 'unrecognized_keys' ? issue.keys : [];
  const field = [...(issue?.path ?? []).map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)), ...keys.slice(0, 1).map((key) => `.${key}`)].join('').replace(/^\./, '') || '(top level)';
  const message = keys.length > 0 ? `unknown field ${JSON.stringify(keys[0])}` : (issue?.message ?? 'invalid');
  throw new FirthError('invalid-input', `${file}: ${field}: ${message}`, { file, field });
}

/** A short label of a point for run folder names and tables: window=2 shiftK=5 dimensions=100. */
export function pointLabel(point: Record<string, GridValue>): string {
  return Object.entries(point)
    .map(([setting, value]) => `${setting}=${String(value)}`)
    .join(' ');
}
