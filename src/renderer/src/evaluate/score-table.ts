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

/**
 * The groups of one chart: correlations (similarity sets) and accuracies (analogy sets) are charted
 * apart, each on its own axis, since a ρ of 0.6 and an accuracy of 60 % are not the same scale.
 */
export function barGroups(rows: readonly ScoreTableRow[], kind?: ScoreRow['kind']): BarGroup[] {
  return rows
    .filter((row) => mainMetrics.has(row.metric) && (kind === undefined || row.kind === kind))
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

/** The accuracy chart's y domain: from 0 to the highest bar or whisker (at least 10 %), never past 100 %. */
export function accuracyDomain(groups: readonly BarGroup[]): [number, number] {
  let high = 0;
  for (const group of groups) for (const bar of group.bars) high = Math.max(high, bar.score, bar.ci95?.[1] ?? 0);
  return [0, Math.min(1, Math.max(high, 0.1))];
}

/** A correlation (Spearman ρ): three decimals, `0.612`. */
export function formatCorrelation(value: number): string {
  return value.toFixed(3);
}

/** An accuracy: a percentage with one decimal, `31.2%` — the one format of every accuracy shown. */
export function formatAccuracy(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** A score alone in its kind's format: `0.612` (ρ) or `31.2%` (accuracy). */
export function formatScoreValue(score: number, kind: ScoreRow['kind']): string {
  return kind === 'analogy' ? formatAccuracy(score) : formatCorrelation(score);
}

/** A 95% interval in its kind's format: `[0.54, 0.68]`, or `[30.1, 32.4]` in percent. */
export function formatInterval(ci95: readonly [number, number], kind: ScoreRow['kind']): string {
  return kind === 'analogy' ? `[${(ci95[0] * 100).toFixed(1)}, ${(ci95[1] * 100).toFixed(1)}]` : `[${ci95[0].toFixed(2)}, ${ci95[1].toFixed(2)}]`;
}

/** The kind of a metric: Spearman ρ is a similarity score, the rest are analogy accuracies. */
export const metricKind = (metric: string): ScoreRow['kind'] => (metric === 'spearman' ? 'similarity' : 'analogy');

/** `0.612 [0.54, 0.68]` for a correlation, `31.2% [30.1, 32.4]` for an accuracy. */
export function formatScore(cell: Pick<ScoreCell, 'score' | 'ci95'>, kind: ScoreRow['kind'] = 'similarity'): string {
  return `${formatScoreValue(cell.score, kind)}${cell.ci95 ? ` ${formatInterval(cell.ci95, kind)}` : ''}`;
}

/** The items a score was computed on, inline with it: `(308/353)`. */
export function formatCovered(cell: Pick<ScoreCell, 'covered' | 'total'>): string {
  return `(${cell.covered.toLocaleString('en')}/${cell.total.toLocaleString('en')})`;
}

/** Below this share of a set's items in the vocabulary, a score describes only the set's frequent part. */
export const MIN_COVERAGE_TO_RANK = 0.5;
/** Runs whose covered items differ by more than this share of the set were scored on different subsets. */
export const MAX_COVERED_GAP = 0.05;

/** Why one set's scores cannot rank the selected runs: too little of it covered, or runs covering different items. */
export interface CoverageWarning {
  set: string;
  reason: 'low-coverage' | 'different-subsets';
  /** The figures: "SVD baseline 27%" or "101 to 276 of 353". */
  detail: string;
}

/**
 * The sets whose scores do not rank the selected runs: a run covering under half of a set's items
 * (its score is about the frequent words that happen to be in the vocabulary, not the set), or runs
 * covering different subsets (each is scored on other items). One warning per set and reason.
 */
export function coverageWarnings(rows: readonly ScoreTableRow[], runNames: readonly string[]): CoverageWarning[] {
  const warnings: CoverageWarning[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (!mainMetrics.has(row.metric) || seen.has(row.set)) continue;
    seen.add(row.set);
    const scored = row.cells.flatMap((cell, column) => (cell ? [{ cell, name: runNames[column] ?? `run ${column + 1}` }] : []));
    if (scored.length === 0) continue;
    const total = scored[0].cell.total;
    const low = scored.filter(({ cell }) => cell.coverage < MIN_COVERAGE_TO_RANK);
    if (low.length > 0) {
      warnings.push({ set: row.set, reason: 'low-coverage', detail: low.map(({ cell, name }) => `${name} ${Math.floor(cell.coverage * 100)}%`).join(', ') });
    }
    const covered = scored.map(({ cell }) => cell.covered);
    const gap = Math.max(...covered) - Math.min(...covered);
    if (scored.length > 1 && gap > MAX_COVERED_GAP * total) {
      warnings.push({
        set: row.set,
        reason: 'different-subsets',
        detail: `${Math.min(...covered).toLocaleString('en')} to ${Math.max(...covered).toLocaleString('en')} of ${total.toLocaleString('en')}`,
      });
    }
  }
  return warnings;
}

/** The warnings as at most two sentences, one per reason, each with its threshold, why, and the sets. */
export function coverageWarningLines(warnings: readonly CoverageWarning[]): string[] {
  const list = (reason: CoverageWarning['reason']) =>
    warnings
      .filter((warning) => warning.reason === reason)
      .map((warning) => `${warning.set} (${warning.detail})`)
      .join('; ');
  const lines: string[] = [];
  const low = list('low-coverage');
  if (low) {
    lines.push(`Under ${MIN_COVERAGE_TO_RANK * 100}% of the set's items in the vocabulary — the score describes the few frequent words covered, not the set: ${low}.`);
  }
  const subsets = list('different-subsets');
  if (subsets) {
    lines.push(`Runs cover different items (a gap over ${MAX_COVERED_GAP * 100}% of the set) — each score is on its own subset, so they are not comparable: ${subsets}.`);
  }
  return lines;
}

export const metricLabels: Record<string, string> = { spearman: 'Spearman ρ' };
