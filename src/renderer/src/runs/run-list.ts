import { models, type ModelDescription } from '@shared/models';
import { formatDuration } from '@shared/progress';
import { runDisplayName, type RunSummary, type ScoreRow } from '@shared/runs';
import { findScore, formatAccuracy, formatCorrelation } from '../evaluate/score-table';
import { modelLabels } from './training-form';

/** One row of the run list, as text ready to show. */
export interface RunListRow {
  id: string;
  /** The analyst's name, else the id. */
  name: string;
  /** The analyst's note ('' when none), and its first line for the list. */
  note: string;
  noteLine: string;
  /** Epochs, steps or iterations, from the model's settings; — for a one-pass model (SPPMI-SVD). */
  length: string;
  folder: string;
  status: RunSummary['status'];
  model: string;
  /** window, k (negatives or shift) and d. */
  hyperparameters: string;
  duration: string;
  backend: string;
  /** The backend's name alone (cpu, gpu, webasm): the list's column; the full text is its tooltip. */
  backendName: string;
  /** WordSim-353 Spearman ρ, when scored. */
  ws353: string;
  /** Google analogies, 3CosAdd accuracy, when scored. */
  google: string;
  /** How much of each set the scores cover ("87% covered"), and in items for the tooltip; '' when not scored. */
  ws353Coverage: string;
  ws353CoverageTitle: string;
  googleCoverage: string;
  googleCoverageTitle: string;
  scored: boolean;
}

const asNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const dash = '—';

/** The key hyperparameters: window, k (SGNS negatives, SPPMI shift) and d. */
export function keyHyperparameters(run: Pick<RunSummary, 'model' | 'settings' | 'dimensions'>): string {
  const model = run.settings?.model ?? {};
  const window = asNumber(model.window);
  const kField = run.model ? (models[run.model] as ModelDescription).kField : undefined;
  const k = kField ? asNumber(model[kField]) : undefined;
  const d = run.dimensions ?? asNumber(model.dimensions);
  const parts = [window === undefined ? null : `win ${window}`, k === undefined ? null : `k ${k}`, d === undefined ? null : `d ${d}`];
  return parts.filter((part) => part !== null).join(' · ') || dash;
}

/** Seconds with one decimal under ten seconds (the sample trains in a few), else `1m05s`. */
export function formatRunDuration(durationMs: number | undefined): string {
  if (durationMs === undefined) return dash;
  return durationMs < 10_000 ? `${(durationMs / 1000).toFixed(1)}s` : formatDuration(durationMs);
}

/** `3` for epochs (the column's own unit), `300 steps`, `15 iterations`; — when the model has no such setting. */
export function trainingLength(run: Pick<RunSummary, 'model' | 'settings'>): string {
  const length = run.model ? (models[run.model] as ModelDescription).trainingLength : undefined;
  const value = length ? asNumber(run.settings?.model[length.setting]) : undefined;
  if (!length || value === undefined) return dash;
  return length.unit === 'epochs' ? String(value) : `${value} ${length.unit}`;
}

/** "87% covered", and "308 of 353 items in the vocabulary" for its tooltip. */
function coverage(row: ScoreRow | undefined, items: string): [string, string] {
  if (!row) return ['', ''];
  return [`${Math.floor(row.coverage * 100)}% covered`, `${row.covered.toLocaleString('en')} of ${row.total.toLocaleString('en')} ${items} in the vocabulary`];
}

export function runListRow(run: RunSummary): RunListRow {
  const ws353 = findScore(run.scores, 'ws353', 'spearman');
  const google = findScore(run.scores, 'google', '3CosAdd');
  const [ws353Coverage, ws353CoverageTitle] = coverage(ws353, 'pairs');
  const [googleCoverage, googleCoverageTitle] = coverage(google, 'questions');
  return {
    id: run.id,
    name: runDisplayName(run),
    note: run.note ?? '',
    noteLine: run.note?.split('\n')[0] ?? '',
    length: trainingLength(run),
    folder: run.folder,
    status: run.status,
    model: run.model ? modelLabels[run.model] : dash,
    hyperparameters: keyHyperparameters(run),
    duration: formatRunDuration(run.durationMs),
    backend: run.backend ? `${run.backend.name} · ${run.backend.adapter}` : dash,
    backendName: run.backend ? run.backend.name : dash,
    ws353: ws353 ? formatCorrelation(ws353.score) : dash,
    google: google ? formatAccuracy(google.score) : dash,
    ws353Coverage,
    ws353CoverageTitle,
    googleCoverage,
    googleCoverageTitle,
    scored: run.scores !== undefined,
  };
}

/** Newest first: run ids start with their local start time (see run-folder.ts). */
export function sortRuns(runs: readonly RunSummary[]): RunSummary[] {
  return [...runs].sort((a, b) => (b.createdAt ?? b.id).localeCompare(a.createdAt ?? a.id));
}
