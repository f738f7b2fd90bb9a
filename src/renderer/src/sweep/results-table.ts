import { scoreOf, type SweepResultRow } from '@shared/sweep-results';

// Sorting and filtering the sweep's result table: by a setting, a score, the run number or time.

export type SortKey = { kind: 'run' } | { kind: 'time' } | { kind: 'setting'; name: string } | { kind: 'score'; key: string };
export type SortDirection = 'ascending' | 'descending';

function sortValue(row: SweepResultRow, key: SortKey): number | string | undefined {
  switch (key.kind) {
    case 'run':
      return row.index;
    case 'time':
      return row.durationMs;
    case 'setting': {
      const value = row.point[key.name];
      return typeof value === 'boolean' ? String(value) : value;
    }
    case 'score':
      return scoreOf(row, key.key)?.score;
  }
}

/** Rows sorted by a column; rows without a value go last either way. */
export function sortRows(rows: readonly SweepResultRow[], key: SortKey, direction: SortDirection): SweepResultRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const left = sortValue(a, key);
    const right = sortValue(b, key);
    if (left === undefined || right === undefined) return left === right ? a.index - b.index : left === undefined ? 1 : -1;
    const order = typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right));
    return order === 0 ? a.index - b.index : sign * order;
  });
}

/**
 * Rows matching a filter: words that must all match, each either `setting=value` (window=5) or text
 * found in the model or any setting's value.
 */
export function filterRows(rows: readonly SweepResultRow[], filter: string): SweepResultRow[] {
  const terms = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [...rows];
  return rows.filter((row) =>
    terms.every((term) => {
      const [name, value] = term.split('=');
      if (value !== undefined) {
        const entry = Object.entries(row.point).find(([setting]) => setting.toLowerCase() === name);
        return entry !== undefined && String(entry[1]).toLowerCase() === value;
      }
      return row.model.toLowerCase().includes(term) || Object.values(row.point).some((setting) => String(setting).toLowerCase().includes(term));
    }),
  );
}
