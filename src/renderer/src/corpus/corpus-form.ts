import { CorpusSettingsSchema } from '@shared/hyperparameters/corpus';
import type { ProjectCorpus } from '@shared/project';
import { corpusFields, fieldError, formValues, requestValues, type FieldSpec, type FormValues } from '../runs/training-form';

type CorpusSchema = Parameters<typeof fieldError>[0];

/** The settings the Corpus view edits, in the schema's order. */
export const corpusSettingFields: readonly FieldSpec[] = corpusFields;

/**
 * The form's values for a project's corpus: its settings over the schema defaults. Without a corpus
 * the file is empty and the settings are the defaults (the `unicode` pattern, for raw text): a
 * user's own corpus is what a new project is for. The sample is one button away (sampleCorpusState).
 */
export function corpusFormState(corpus: ProjectCorpus | undefined): { file: string; values: FormValues } {
  if (corpus) return { file: corpus.file, values: formValues(corpusFields, corpus.settings) };
  return { file: '', values: formValues(corpusFields, {}) };
}

/** The bundled sample, text8, is pre-tokenised (no punctuation, one long line): split on whitespace. */
export function sampleCorpusState(sampleCorpusFile: string): { file: string; values: FormValues } {
  return { file: sampleCorpusFile, values: formValues(corpusFields, { tokenPattern: 'whitespace' }) };
}

/** Each invalid setting's schema message, keyed by the setting's name; `file` when the path is empty. */
export function corpusFormErrors(file: string, values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (file.trim() === '') errors.file = 'Required: the absolute path of a UTF-8 text file (.txt or .txt.gz) on the host';
  for (const spec of corpusFields) {
    const message = fieldError(CorpusSettingsSchema as unknown as CorpusSchema, spec, values[spec.name]);
    if (message) errors[spec.name] = message;
  }
  return errors;
}

export function corpusRequest(file: string, values: FormValues): ProjectCorpus {
  return { file: file.trim(), settings: requestValues(corpusFields, values) };
}

/** Which form field a service error's `where.field` names: `corpus.file`, `corpus.settings.minCount`, `minCount` … */
export function corpusErrorKey(field: string): string {
  const name = field.split('.').at(-1) ?? field;
  if (name === 'file' || name === 'corpusFile' || name === 'corpus') return 'file';
  return corpusFields.some((spec) => spec.name === name) ? name : 'form';
}

/** Whether the form differs from what the project has saved. */
export function corpusFormChanged(corpus: ProjectCorpus | undefined, file: string, values: FormValues): boolean {
  if (!corpus) return true;
  const saved = corpusRequest(corpus.file, formValues(corpusFields, corpus.settings));
  const current = corpusRequest(file, values);
  return JSON.stringify(saved) !== JSON.stringify(current);
}
