import type { ProjectEntry } from '@shared/project';
import { formValues, modelFields, requestValues, type FormValues, type TrainingModel } from './training-form';

/** The user's saved defaults per model, as settings keep them. */
export type SavedDefaults = Partial<Record<TrainingModel, Record<string, unknown>>>;

/** A model's form values: the schema defaults with the user's saved defaults on top (unknown keys ignored). */
export function defaultFormValues(model: TrainingModel, saved: SavedDefaults | undefined): FormValues {
  return formValues(modelFields[model], saved?.[model] ?? {});
}

/** What the form holds for a model that differs from the schema defaults: what "Save as my defaults" stores. */
export function differingFromDefaults(model: TrainingModel, values: FormValues): Record<string, unknown> {
  const specs = modelFields[model];
  const request = requestValues(specs, values);
  return Object.fromEntries(specs.filter((spec) => spec.name in request && request[spec.name] !== spec.defaultValue).map((spec) => [spec.name, request[spec.name]]));
}

/**
 * The project to reopen on start: the most recent one that is still listed (and readable); else the
 * sample project when it is the only project; else none.
 */
export function startProjectId(recent: readonly string[], projects: readonly ProjectEntry[], sampleCorpusFile: string | undefined): string | null {
  const healthy = projects.flatMap((entry) => (entry.status === 'ok' ? [entry.project] : []));
  const last = recent.find((id) => healthy.some((project) => project.id === id));
  if (last) return last;
  const only = projects.length === 1 ? healthy[0] : undefined;
  return only && sampleCorpusFile !== undefined && only.corpus?.file === sampleCorpusFile ? only.id : null;
}

/** The threads field: blank means the setting (undefined), else a whole number 1–256. */
export function parseRunThreads(text: string): { value: number | undefined } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: undefined };
  const value = Number(trimmed);
  if (!Number.isInteger(value) || value < 1 || value > 256) return { error: 'A whole number from 1 to 256, or blank' };
  return { value };
}

/** Test-set file paths typed one per line: trimmed, blanks and repeats dropped. */
export function parseTestSetFiles(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== ''))];
}
