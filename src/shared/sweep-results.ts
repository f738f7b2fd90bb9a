import { z } from 'zod';
import { ScoreRowSchema } from './runs';

// A sweep's results: one row per run (its varied settings, its scores with coverage and 95 %
// interval, its time), and the pure functions the CLI's table, results.csv and the app's table,
// heatmap and line chart are drawn from.

/** cancelled: the user cancelled this one run (the sweep went on); resuming the sweep queues it again. */
export const SweepRunStatusSchema = z.enum(['queued', 'done', 'failed', 'cancelled']);

export const SweepResultRowSchema = z.object({
  index: z.number().int().nonnegative(),
  model: z.string(),
  /** The run folder (absolute). */
  folder: z.string(),
  status: SweepRunStatusSchema,
  /** The varied settings' values. */
  point: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  /** Training and writing, in milliseconds (shared stages count in every run that shares them). */
  durationMs: z.number().optional(),
  scores: z.array(ScoreRowSchema),
  error: z.string().optional(),
});
export type SweepResultRow = z.infer<typeof SweepResultRowSchema>;

export const SweepStateSchema = z.enum(['running', 'done', 'cancelled', 'failed', 'interrupted']);

/** A sweep as the app shows it: its plan, where it stands and its table. */
export const SweepStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  folder: z.string(),
  state: SweepStateSchema,
  createdAt: z.string(),
  corpusFile: z.string(),
  plan: z.string(),
  runsTotal: z.number().int(),
  runsDone: z.number().int(),
  /** The varied settings, in grid order (the table's setting columns). */
  settings: z.array(z.string()),
  rows: z.array(SweepResultRowSchema),
  /** Why it stopped, when it did (the corpus changed, a run failed). */
  problem: z.string().optional(),
});
export type SweepStatus = z.infer<typeof SweepStatusSchema>;

/** A score column: one test set's metric. */
export interface ScoreColumn {
  key: string;
  set: string;
  metric: string;
}

export const scoreKey = (row: { set: string; metric: string }) => `${row.set} ${row.metric}`;

/** The score columns of a table, in first-seen order. */
export function scoreColumns(rows: readonly SweepResultRow[]): ScoreColumn[] {
  const columns = new Map<string, ScoreColumn>();
  for (const row of rows) for (const score of row.scores) if (!columns.has(scoreKey(score))) columns.set(scoreKey(score), { key: scoreKey(score), set: score.set, metric: score.metric });
  return [...columns.values()];
}

export function scoreOf(row: SweepResultRow, key: string) {
  return row.scores.find((score) => scoreKey(score) === key);
}

/** The varied settings of a table, in first-seen order. */
export function settingColumns(rows: readonly SweepResultRow[]): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row.point)) names.add(name);
  return [...names];
}

/** The best run (highest score) for each score column; ties go to the earlier run. */
export function bestRuns(rows: readonly SweepResultRow[]): Map<string, number> {
  const best = new Map<string, { index: number; score: number }>();
  for (const row of rows) {
    for (const score of row.scores) {
      const key = scoreKey(score);
      const current = best.get(key);
      if (Number.isFinite(score.score) && (!current || score.score > current.score)) best.set(key, { index: row.index, score: score.score });
    }
  }
  return new Map([...best].map(([key, value]) => [key, value.index]));
}

const csvField = (value: unknown): string => {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** results.csv: run, model, the varied settings, then score, coverage and interval for each score column, then seconds. */
export function resultsCsv(rows: readonly SweepResultRow[]): string {
  const settings = settingColumns(rows);
  const columns = scoreColumns(rows);
  const header = ['run', 'model', 'status', ...settings, ...columns.flatMap((column) => [column.key, `${column.key} coverage`, `${column.key} ci95 low`, `${column.key} ci95 high`]), 'seconds', 'folder'];
  const lines = [header.map(csvField).join(',')];
  for (const row of [...rows].sort((a, b) => a.index - b.index)) {
    const cells: unknown[] = [row.index + 1, row.model, row.status, ...settings.map((name) => row.point[name])];
    for (const column of columns) {
      const score = scoreOf(row, column.key);
      cells.push(score?.score, score?.coverage, score?.ci95?.[0], score?.ci95?.[1]);
    }
    cells.push(row.durationMs === undefined ? '' : (row.durationMs / 1000).toFixed(2), row.folder);
    lines.push(cells.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export type Aggregate = 'max' | 'mean';

export interface HeatmapCell {
  x: string;
  y: string;
  value: number | undefined;
  /** The runs the cell aggregates. */
  runs: number[];
}

/** Distinct values of a setting across the rows, numbers in numeric order. */
export function settingValues(rows: readonly SweepResultRow[], setting: string): string[] {
  const values = [...new Set(rows.filter((row) => setting in row.point).map((row) => row.point[setting]))];
  values.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
  return values.map(String);
}

function aggregate(values: number[], how: Aggregate): number | undefined {
  if (values.length === 0) return undefined;
  return how === 'max' ? Math.max(...values) : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** A score over two settings; runs that differ in the other settings are aggregated by max or mean. */
export function heatmapCells(rows: readonly SweepResultRow[], score: string, x: string, y: string, how: Aggregate = 'max'): HeatmapCell[] {
  const cells: HeatmapCell[] = [];
  for (const yValue of settingValues(rows, y)) {
    for (const xValue of settingValues(rows, x)) {
      const matching = rows.filter((row) => String(row.point[x]) === xValue && String(row.point[y]) === yValue);
      const scored = matching.flatMap((row) => {
        const value = scoreOf(row, score)?.score;
        return value === undefined || !Number.isFinite(value) ? [] : [value];
      });
      cells.push({ x: xValue, y: yValue, value: aggregate(scored, how), runs: matching.map((row) => row.index) });
    }
  }
  return cells;
}

export interface LineSeries {
  /** The line's label: a model, or a value of the second setting. */
  label: string;
  points: { x: string; value: number }[];
}

/** A score against one setting: one line per model, or per value of a second setting; others aggregated. */
export function lineSeries(rows: readonly SweepResultRow[], score: string, x: string, by: string | 'model', how: Aggregate = 'max'): LineSeries[] {
  const labelOf = (row: SweepResultRow) => (by === 'model' ? row.model : String(row.point[by]));
  const labels = by === 'model' ? [...new Set(rows.map((row) => row.model))] : settingValues(rows, by);
  return labels.map((label) => ({
    label,
    points: settingValues(rows, x).flatMap((xValue) => {
      const values = rows
        .filter((row) => labelOf(row) === label && String(row.point[x]) === xValue)
        .flatMap((row) => {
          const value = scoreOf(row, score)?.score;
          return value === undefined || !Number.isFinite(value) ? [] : [value];
        });
      const value = aggregate(values, how);
      return value === undefined ? [] : [{ x: xValue, value }];
    }),
  }));
}

/** The result table as text, for `firth sweep`: the varied settings, each score, seconds; the best per score starred. */
export function formatResultsTable(rows: readonly SweepResultRow[], maxScoreColumns = 8): string {
  const settings = settingColumns(rows);
  const columns = scoreColumns(rows).slice(0, maxScoreColumns);
  const best = bestRuns(rows);
  const header = ['run', 'model', ...settings, ...columns.map((column) => column.key), 'seconds'];
  const body = [...rows]
    .sort((a, b) => a.index - b.index)
    .map((row) => [
      String(row.index + 1),
      row.model,
      ...settings.map((name) => (name in row.point ? String(row.point[name]) : '')),
      ...columns.map((column) => {
        const score = scoreOf(row, column.key);
        if (!score) return row.status === 'done' ? '' : row.status;
        return `${score.score.toFixed(3)}${best.get(column.key) === row.index ? '*' : ''}`;
      }),
      row.durationMs === undefined ? '' : (row.durationMs / 1000).toFixed(1),
    ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((line) => line[column].length)));
  const format = (line: string[]) => line.map((cell, column) => (column < 2 + settings.length ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
  return [format(header), ...body.map(format), '', '* best run for that score'].join('\n');
}
