import { describe, expect, it } from 'vitest';
import { bestRuns, formatResultsTable, heatmapCells, lineSeries, resultsCsv, scoreColumns, settingValues, type SweepResultRow } from '../../../src/shared/sweep-results';

const score = (set: string, value: number) => ({ set, kind: 'similarity' as const, metric: 'spearman', score: value, ci95: [value - 0.1, value + 0.1] as [number, number], covered: 300, total: 353, coverage: 0.85 });
const row = (index: number, point: Record<string, number | string>, scores: [number, number], model = 'sppmi-svd'): SweepResultRow => ({
  index,
  model,
  folder: `/runs/${index}`,
  status: 'done',
  point,
  durationMs: 1000 * (index + 1),
  scores: [score('ws353', scores[0]), score('men', scores[1])],
});

// window {2, 5} × k {1, 5} × d {10, 20}.
const rows: SweepResultRow[] = [
  row(0, { window: 2, shiftK: 1, dimensions: 10 }, [0.30, 0.50]),
  row(1, { window: 2, shiftK: 1, dimensions: 20 }, [0.40, 0.52]),
  row(2, { window: 2, shiftK: 5, dimensions: 10 }, [0.35, 0.60]),
  row(3, { window: 2, shiftK: 5, dimensions: 20 }, [0.45, 0.58]),
  row(4, { window: 5, shiftK: 1, dimensions: 10 }, [0.50, 0.40]),
  row(5, { window: 5, shiftK: 1, dimensions: 20 }, [0.55, 0.41]),
  row(6, { window: 5, shiftK: 5, dimensions: 10 }, [0.20, 0.45]),
  row(7, { window: 5, shiftK: 5, dimensions: 20 }, [0.25, 0.44]),
];

describe('sweep results', () => {
  it('marks the best run of each score', () => {
    expect(scoreColumns(rows).map((column) => column.key)).toEqual(['ws353 spearman', 'men spearman']);
    expect(Object.fromEntries(bestRuns(rows))).toEqual({ 'ws353 spearman': 5, 'men spearman': 2 });
  });

  it('draws a heatmap over two settings, the others by max or mean', () => {
    const max = heatmapCells(rows, 'ws353 spearman', 'window', 'shiftK', 'max');
    expect(max.map((cell) => [cell.x, cell.y, cell.value])).toEqual([
      ['2', '1', 0.4],
      ['5', '1', 0.55],
      ['2', '5', 0.45],
      ['5', '5', 0.25],
    ]);
    expect(heatmapCells(rows, 'ws353 spearman', 'window', 'shiftK', 'mean')[0].value).toBeCloseTo(0.35);
    expect(max[0].runs).toEqual([0, 1]);
  });

  it('draws one line per value of a second setting, or per model', () => {
    expect(settingValues(rows, 'dimensions')).toEqual(['10', '20']);
    expect(lineSeries(rows, 'men spearman', 'dimensions', 'window')).toEqual([
      { label: '2', points: [{ x: '10', value: 0.6 }, { x: '20', value: 0.58 }] },
      { label: '5', points: [{ x: '10', value: 0.45 }, { x: '20', value: 0.44 }] },
    ]);
    expect(lineSeries(rows, 'men spearman', 'window', 'model').map((series) => series.label)).toEqual(['sppmi-svd']);
  });

  it('writes results.csv and the CLI table from the same rows', () => {
    const csv = resultsCsv(rows).trim().split('\n');
    expect(csv[0]).toBe(
      'run,model,status,window,shiftK,dimensions,ws353 spearman,ws353 spearman coverage,ws353 spearman ci95 low,ws353 spearman ci95 high,men spearman,men spearman coverage,men spearman ci95 low,men spearman ci95 high,seconds,folder',
    );
    expect(csv[6]).toBe(`6,sppmi-svd,done,5,1,20,0.55,0.85,${0.55 - 0.1},${0.55 + 0.1},0.41,0.85,${0.41 - 0.1},${0.41 + 0.1},6.00,/runs/5`);
    const table = formatResultsTable(rows).split('\n');
    expect(table[6]).toMatch(/^6 +sppmi-svd +5 +1 +20 +0\.550\* +0\.410 +6\.0$/);
  });

});
