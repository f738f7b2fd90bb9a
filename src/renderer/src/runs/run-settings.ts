import type { RunSummary } from '@shared/runs';
import { corpusFields, fieldLabels, formValues, modelFields, modelLabels, requestValues, type FormValues, type TrainingModel } from './training-form';

/** What the New-run form holds for a run's settings: its model, corpus and model values. */
export interface RunFormValues {
  model: TrainingModel;
  corpus: FormValues;
  settings: FormValues;
}

type RunSettingsSource = Pick<RunSummary, 'model' | 'settings'>;

/** The form values that reproduce a run: the schema defaults with the run's recorded settings on top. */
export function runFormValues(run: RunSettingsSource): RunFormValues | null {
  if (!run.model || !run.settings) return null;
  return {
    model: run.model,
    corpus: formValues(corpusFields, run.settings.corpus),
    settings: formValues(modelFields[run.model], run.settings.model),
  };
}

/** The startTraining request that trains a run again into `out`, or null when the run recorded no settings. */
export function rerunRequest(
  run: RunSettingsSource,
  corpusFile: string,
  out: string,
): { model: TrainingModel; corpusFile: string; out: string; corpus: Record<string, unknown>; settings: Record<string, unknown> } | null {
  const values = runFormValues(run);
  if (!values) return null;
  return {
    model: values.model,
    corpusFile,
    out,
    corpus: requestValues(corpusFields, values.corpus),
    settings: requestValues(modelFields[values.model], values.settings),
  };
}

/** One row of the settings comparison. */
export interface SettingsDiffRow {
  /** `model`, `corpus.<name>` or `settings.<name>`, like the form's error keys. */
  key: string;
  group: 'model' | 'corpus' | 'settings';
  label: string;
  left: string;
  right: string;
  differs: boolean;
}

const dash = '—';

function show(value: unknown): string {
  if (value === undefined || value === null) return dash;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Names in schema order first, then any others the runs recorded, alphabetically. */
function orderedNames(known: readonly string[], ...records: Record<string, unknown>[]): string[] {
  const extra = new Set<string>();
  for (const record of records) for (const name of Object.keys(record)) if (!known.includes(name)) extra.add(name);
  const present = known.filter((name) => records.some((record) => name in record));
  return [...present, ...[...extra].sort()];
}

/** Two runs' settings side by side: the model, then corpus settings, then model settings. */
export function settingsDiff(left: RunSettingsSource, right: RunSettingsSource): SettingsDiffRow[] {
  const rows: SettingsDiffRow[] = [];
  const push = (group: SettingsDiffRow['group'], name: string, label: string, a: unknown, b: unknown) => {
    const leftText = show(a);
    const rightText = show(b);
    rows.push({ key: group === 'model' ? 'model' : `${group}.${name}`, group, label, left: leftText, right: rightText, differs: leftText !== rightText });
  };
  push('model', 'model', 'Model', left.model ? modelLabels[left.model] : undefined, right.model ? modelLabels[right.model] : undefined);

  const leftCorpus = left.settings?.corpus ?? {};
  const rightCorpus = right.settings?.corpus ?? {};
  for (const name of orderedNames(
    corpusFields.map((spec) => spec.name),
    leftCorpus,
    rightCorpus,
  )) {
    push('corpus', name, fieldLabels[name] ?? name, leftCorpus[name], rightCorpus[name]);
  }

  const leftModel = left.settings?.model ?? {};
  const rightModel = right.settings?.model ?? {};
  const known = [...new Set([...(left.model ? modelFields[left.model] : []), ...(right.model ? modelFields[right.model] : [])].map((spec) => spec.name))];
  for (const name of orderedNames(known, leftModel, rightModel)) {
    push('settings', name, fieldLabels[name] ?? name, leftModel[name], rightModel[name]);
  }
  return rows;
}
