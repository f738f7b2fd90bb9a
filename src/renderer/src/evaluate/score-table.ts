import type { ScoreReport, ScoreRow } from '@shared/runs';

/** One run's score for a row of the table. */
export interface ScoreCell {
  score: number;
  ci95: [number, number] | null;
  coverage: number;
  covered: number;
  total: number;
}

/** A (set, metric) row across the selected runs; a cell is null where that run has no score. */
export interface ScoreTableRow {
  key: string;
  set: string;
  metric: string;
  kind: ScoreRow['kind'];
  cells: (ScoreCell | null)[];
}

const rowKey = (row: Pick<ScoreRow, 'set' | 'metric'>) => `${row.set} · ${row.metric}`;

/**
 * Pivots the runs' score reports into set × metric rows with a column per run, in the order the
 * rows first appear (the service reports bundled sets in catalogue order).
 */
export function pivotScores(reports: readonly (ScoreReport | undefined)[]): ScoreTableRow[] {
  const rows = new Map<string, ScoreTableRow>();
  reports.forEach((report, column) => {
    for (const row of report?.rows ?? []) {
      const key = rowKey(row);
      let entry = rows.get(key);
      if (!entry) {
        entry = { key, set: row.set, metric: row.metric, kind: row.kind, cells: reports.map(() => null) };
        rows.set(key, entry);
      }
      entry.cells[column] = { score: row.score, ci95: row.ci95, coverage: row.coverage, covered: row.covered, total: row.total };
    }
  });
  return [...rows.values()];
}

/** The headline score of a run: a set's metric when it was scored. */
export function findScore(report: ScoreReport | undefined, set: string, metric: string): ScoreRow | undefined {
  return report?.rows.find((row) => row.set === set && row.metric === metric);
}

/** The bar chart's groups: the main metric of each set (Spearman ρ, 3CosAdd), a bar per run. */
export interface BarGroup {
  key: string;
  label: string;
  bars: { column: number; score: number; ci95: [number, number] | null }[];
}

const mainMetrics = new Set(['spearman', '3CosAdd', '3CosMul']);

export function barGroups(rows: readonly ScoreTableRow[]): BarGroup[] {
  return rows
    .filter((row) => mainMetrics.has(row.metric))
    .map((row) => ({
      key: row.key,
      label: row.metric === 'spearman' ? row.set : `${row.set} ${row.metric}`,
      bars: row.cells.flatMap((cell, column) => (cell ? [{ column, score: cell.score, ci95: cell.ci95 }] : [])),
    }))
    .filter((group) => group.bars.length > 0);
}

/** The bars' y domain: always includes 0 and reaches at least 1 for accuracies and ρ up to 1; negatives shown. */
export function barDomain(groups: readonly BarGroup[]): [number, number] {
  let low = 0;
  let high = 0;
  for (const group of groups) {
    for (const bar of group.bars) {
      low = Math.min(low, bar.score, bar.ci95?.[0] ?? 0);
      high = Math.max(high, bar.score, bar.ci95?.[1] ?? 0);
    }
  }
  return [Math.max(-1, low), Math.min(1, Math.max(high, 0.1))];
}

/** `0.612 [0.54, 0.68]`. */
export function formatScore(cell: Pick<ScoreCell, 'score' | 'ci95'>): string {
  const ci = cell.ci95 ? ` [${cell.ci95[0].toFixed(2)}, ${cell.ci95[1].toFixed(2)}]` : '';
  return `${cell.score.toFixed(3)}${ci}`;
}

export const metricLabels: Record<string, string> = { spearman: 'Spearman ρ' };
