import { models, type ModelDescription } from '@shared/models';
import { formatDuration } from '@shared/progress';
import type { RunSummary } from '@shared/runs';
import { findScore } from '../evaluate/score-table';
import { modelLabels } from './training-form';

/** One row of the run list, as text ready to show. */
export interface RunListRow {
  id: string;
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

export function runListRow(run: RunSummary): RunListRow {
  const ws353 = findScore(run.scores, 'ws353', 'spearman');
  const google = findScore(run.scores, 'google', '3CosAdd');
  return {
    id: run.id,
    folder: run.folder,
    status: run.status,
    model: run.model ? modelLabels[run.model] : dash,
    hyperparameters: keyHyperparameters(run),
    duration: formatRunDuration(run.durationMs),
    backend: run.backend ? `${run.backend.name} · ${run.backend.adapter}` : dash,
    backendName: run.backend ? run.backend.name : dash,
    ws353: ws353 ? ws353.score.toFixed(3) : dash,
    google: google ? `${(google.score * 100).toFixed(1)}%` : dash,
    scored: run.scores !== undefined,
  };
}

/** Newest first: run ids start with their local start time (see run-folder.ts). */
export function sortRuns(runs: readonly RunSummary[]): RunSummary[] {
  return [...runs].sort((a, b) => (b.createdAt ?? b.id).localeCompare(a.createdAt ?? a.id));
}
