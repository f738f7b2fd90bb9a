import { isModelId } from '@shared/models';
import { parseSweepSpec, SWEEP_SCHEMA_VERSION, type SweepSpec } from '@shared/sweep';
import type { TrainingModel } from '../runs/training-form';
import type { GridTexts } from './sweep-form';

// Sweep files in the Runs tab: "Save sweep file" writes the form as the sweep file the CLI reads
// (firth sweep --file), "Load sweep file" fills the form from one (or from a sweep folder's sweep.json).

/** The form's contents as a sweep file (what "Save sweep file" writes). */
export function sweepFileText(spec: Omit<SweepSpec, 'schemaVersion'>): string {
  return `${JSON.stringify({ schemaVersion: SWEEP_SCHEMA_VERSION, ...spec }, null, 2)}\n`;
}

/** What the form shows of a loaded sweep file: its first model's grid (fixed settings as single values), name and sets. */
export interface LoadedSweep {
  model: TrainingModel;
  name: string;
  texts: GridTexts;
  sets: string[] | undefined;
  /** Models of the file beyond the first, which the form does not show. */
  otherModels: string[];
}

/** A sweep file's text into the form; errors name the file and the field (parseSweepSpec). */
export function loadSweepFile(text: string, fileName: string): LoadedSweep {
  const spec = parseSweepSpec(text, fileName);
  const [first, ...others] = spec.models;
  if (!isModelId(first.model)) throw new Error(`${fileName}: models[0].model: unknown model`);
  const texts: GridTexts = {};
  for (const [setting, value] of Object.entries(first.settings ?? {})) texts[setting] = String(value);
  for (const [setting, values] of Object.entries(first.grid)) texts[setting] = values.map(String).join(', ');
  return { model: first.model, name: spec.name ?? '', texts, sets: spec.sets, otherModels: others.map((entry) => entry.model) };
}
