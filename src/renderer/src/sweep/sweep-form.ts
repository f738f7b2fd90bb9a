import type { GridValue } from '@shared/sweep';
import { fieldLabels, modelFields, type FieldSpec, type TrainingModel } from '../runs/training-form';

// The Sweep section's form: for each setting of the model a text of values ("2, 5, 10"); an empty
// text leaves the setting at its default. Values are read by the setting's kind here, and checked
// against the schema by the service (planSweep), which names the setting and its range.

export type GridTexts = Record<string, string>;

/** The settings the form offers first: the ones a sweep usually varies. */
export const sweepMainFields: Record<TrainingModel, readonly string[]> = {
  'sppmi-svd': ['window', 'shiftK', 'dimensions', 'cds', 'eig', 'weighting'],
  sgns: ['window', 'negative', 'dimensions', 'epochs', 'subsample'],
};

export const sweepFieldLabel = (field: FieldSpec) => fieldLabels[field.name] ?? field.name;

/** The model's fields, main ones first. */
export function sweepFields(model: TrainingModel): { main: FieldSpec[]; more: FieldSpec[] } {
  const main = sweepMainFields[model] ?? [];
  const fields = modelFields[model];
  return {
    main: main.flatMap((name) => fields.filter((field) => field.name === name)),
    more: fields.filter((field) => !main.includes(field.name)),
  };
}

/** One setting's values from its text; an error says which value is not of the setting's kind. */
export function parseValues(text: string, field: FieldSpec): { values: GridValue[] } | { error: string } {
  const parts = text
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  const values: GridValue[] = [];
  for (const part of parts) {
    if (field.kind === 'boolean') {
      if (part !== 'true' && part !== 'false') return { error: `${part}: write true or false` };
      values.push(part === 'true');
    } else if (field.kind === 'choice') {
      if (!field.options.includes(part)) return { error: `${part}: choose from ${field.options.join(', ')}` };
      values.push(part);
    } else {
      const number = Number(part);
      if (!Number.isFinite(number)) return { error: `${part} is not a number` };
      values.push(number);
    }
  }
  return { values };
}

/** The grid from the form's texts, and the errors by setting. */
export function gridFromTexts(model: TrainingModel, texts: GridTexts): { grid: Record<string, GridValue[]>; errors: Record<string, string> } {
  const grid: Record<string, GridValue[]> = {};
  const errors: Record<string, string> = {};
  for (const field of modelFields[model]) {
    const text = texts[field.name]?.trim();
    if (!text) continue;
    const parsed = parseValues(text, field);
    if ('error' in parsed) errors[field.name] = parsed.error;
    else grid[field.name] = parsed.values;
  }
  return { grid, errors };
}

/** The number of runs the texts make (before the service checks them). */
export function runCount(grid: Record<string, GridValue[]>): number {
  const sizes = Object.values(grid).map((values) => new Set(values).size);
  return sizes.length === 0 ? 0 : sizes.reduce((product, size) => product * size, 1);
}

/** The setting an error of the service names (models[0].grid.window → window). */
export function errorSetting(field: string | undefined): string | undefined {
  return /^models\[\d+\]\.(?:grid|settings)\.(\w+)$/.exec(field ?? '')?.[1];
}
