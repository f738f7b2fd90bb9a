import { describe, expect, it } from 'vitest';
import type { SweepResultRow } from '../../../src/shared/sweep-results';
import { errorSetting, gridFromTexts, parseValues, runCount, sweepFields } from '../../../src/renderer/src/sweep/sweep-form';
import { loadSweepFile, sweepFileText } from '../../../src/renderer/src/sweep/sweep-file';
import { filterRows, sortRows } from '../../../src/renderer/src/sweep/results-table';
import { modelFields } from '../../../src/renderer/src/runs/training-form';

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

describe('sweep results table', () => {
  it('sorts and filters the table', () => {
    expect(sortRows(rows, { kind: 'score', key: 'ws353 spearman' }, 'descending').map((entry) => entry.index)).toEqual([5, 4, 3, 1, 2, 0, 7, 6]);
    expect(sortRows(rows, { kind: 'setting', name: 'window' }, 'descending').map((entry) => entry.index)).toEqual([4, 5, 6, 7, 0, 1, 2, 3]);
    expect(filterRows(rows, 'window=5 shiftk=1').map((entry) => entry.index)).toEqual([4, 5]);
    expect(filterRows(rows, '').length).toBe(8);
  });
});

describe('sweep form', () => {
  it('reads each setting’s values by its kind and counts the runs', () => {
    const window = modelFields['sppmi-svd'].find((field) => field.name === 'window')!;
    expect(parseValues('2, 5 10', window)).toEqual({ values: [2, 5, 10] });
    expect(parseValues('2, x', window)).toEqual({ error: 'x is not a number' });
    const { grid, errors } = gridFromTexts('sppmi-svd', { window: '2,5', weighting: 'flat, dyn', wc: 'true,false', eig: '' });
    expect(grid).toEqual({ window: [2, 5], weighting: ['flat', 'dyn'], wc: [true, false] });
    expect(errors).toEqual({});
    expect(gridFromTexts('sppmi-svd', { weighting: 'linear' }).errors.weighting).toBe('linear: choose from flat, dyn, harmonic');
    expect(runCount(grid)).toBe(8);
    expect(errorSetting('models[0].grid.shiftK')).toBe('shiftK');
    expect(sweepFields('sppmi-svd').main.map((field) => field.name)).toEqual(['window', 'shiftK', 'dimensions', 'cds', 'eig', 'weighting']);
  });

  it('saves the form as a sweep file and loads it back, naming the file and field of a bad one', () => {
    const text = sweepFileText({ name: 'grid', models: [{ model: 'sppmi-svd', grid: { window: [2, 5], wc: [true, false] } }], sets: [] });
    expect(JSON.parse(text)).toEqual({ schemaVersion: 1, name: 'grid', models: [{ model: 'sppmi-svd', grid: { window: [2, 5], wc: [true, false] } }], sets: [] });
    const loaded = loadSweepFile(text, 'grid.sweep.json');
    expect(loaded).toEqual({ model: 'sppmi-svd', name: 'grid', texts: { window: '2, 5', wc: 'true, false' }, sets: [], otherModels: [] });
    expect(gridFromTexts(loaded.model, loaded.texts).grid).toEqual({ window: [2, 5], wc: [true, false] });
    const fixed = loadSweepFile(JSON.stringify({ models: [{ model: 'sgns', grid: { negative: [5] }, settings: { epochs: 1 } }, { model: 'sppmi-svd', grid: { window: [2] } }] }), 'two.json');
    expect(fixed).toMatchObject({ model: 'sgns', texts: { epochs: '1', negative: '5' }, otherModels: ['sppmi-svd'] });
    expect(() => loadSweepFile('{"models": [{"model": "sppmi-svd", "grid": {"window": 2}}]}', 'bad.json')).toThrow(/^bad\.json: models\[0\]\.grid\.window: /);
  });
});
