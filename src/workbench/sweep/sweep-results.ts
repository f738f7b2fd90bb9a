import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScoreReportSchema } from '../../shared/runs';
import { pointLabel } from '../../shared/sweep';
import { resultsCsv, settingColumns, type SweepResultRow, type SweepStatus } from '../../shared/sweep-results';
import { writeFileAtomic } from '../../engine/io/atomic-write';
import { fileSystemError } from '../../engine/io/file-errors';
import { findRunRecord } from '../runs/run-record';
import { effectiveState, RESULTS_FILE, runFolderOf, type SweepRecord } from './sweep-record';

/** A run's scores.json, when it was scored. */
function readScores(folder: string) {
  const file = join(folder, 'scores.json');
  if (!existsSync(file)) return [];
  try {
    const parsed = ScoreReportSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.rows : [];
  } catch {
    return [];
  }
}

/** The table's rows, read from the runs' own run.json and scores.json (never copied figures). */
export function sweepRows(folder: string, record: SweepRecord): SweepResultRow[] {
  return record.runs.map((entry) => {
    const runFolder = runFolderOf(folder, entry);
    const run = entry.status === 'done' ? findRunRecord(runFolder) : undefined;
    return {
      index: entry.index,
      model: entry.model,
      folder: runFolder,
      status: entry.status,
      point: entry.point,
      ...(run?.timingsMs?.total !== undefined ? { durationMs: run.timingsMs.total } : entry.durationMs !== undefined ? { durationMs: entry.durationMs } : {}),
      scores: run ? readScores(runFolder) : [],
      ...(entry.error ? { error: entry.error } : {}),
    };
  });
}

/** results.csv, rewritten after every run. */
export function writeResultsCsv(folder: string, rows: readonly SweepResultRow[]): void {
  const file = join(folder, RESULTS_FILE);
  try {
    writeFileAtomic(file, resultsCsv(rows));
  } catch (error) {
    throw fileSystemError(error, 'write', file);
  }
}

/** The sweep as the contract shows it. */
export function sweepStatus(folder: string, record: SweepRecord, runningHere: boolean): SweepStatus {
  const rows = sweepRows(folder, record);
  return {
    id: record.id,
    name: record.name,
    folder,
    state: effectiveState(record, runningHere),
    createdAt: record.createdAt,
    corpusFile: record.corpus.file,
    plan: record.plan.summary,
    runsTotal: record.runs.length,
    runsDone: record.runs.filter((entry) => entry.status === 'done').length,
    settings: settingColumns(rows),
    rows,
    ...(record.problem ? { problem: record.problem } : {}),
  };
}

/** A run folder's name in a sweep: 003-sppmi-svd-window5-shiftK1-dimensions300. */
export function sweepRunName(index: number, model: string, point: Record<string, unknown>, prefix = ''): string {
  const settings = pointLabel(point as Record<string, string | number | boolean>)
    .replaceAll('=', '')
    .replaceAll(' ', '-')
    .replace(/[^A-Za-z0-9._-]/g, '_');
  return `${prefix}${String(index + 1).padStart(3, '0')}-${model}${settings ? `-${settings}` : ''}`.slice(0, 180);
}
