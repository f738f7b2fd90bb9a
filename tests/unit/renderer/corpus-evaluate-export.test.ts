import { describe, expect, it } from 'vitest';
import type { RunSummary, ScoreReport } from '@shared/runs';
import { decadeTicks } from '../../../src/renderer/src/components/charts/chart-scales';
import { corpusErrorKey, corpusFormChanged, corpusFormErrors, corpusFormState, corpusRequest, sampleCorpusState } from '../../../src/renderer/src/corpus/corpus-form';
import { coverageRows, formatBytes, formatPercent, zipfChart, zipfExponent } from '../../../src/renderer/src/corpus/corpus-overview';
import { barDomain, barGroups, findScore, formatScore, pivotScores } from '../../../src/renderer/src/evaluate/score-table';
import { defaultExportPath, parseTop, writesFolder } from '../../../src/renderer/src/export/export-paths';
import { keyHyperparameters, runListRow, sortRuns } from '../../../src/renderer/src/runs/run-list';

const report = (rows: [string, string, number][]): ScoreReport => ({
  rows: rows.map(([set, metric, score]) => ({
    set,
    kind: metric === 'spearman' ? 'similarity' : 'analogy',
    metric,
    score,
    ci95: [score - 0.1, score + 0.1],
    covered: 90,
    total: 100,
    coverage: 0.9,
  })),
  problems: [],
  backend: 'cpu',
});

describe('Zipf plot', () => {
  it('drops zero ranks and counts, sorts by rank and pads the domains to decades', () => {
    const chart = zipfChart([
      { rank: 10, count: 300 },
      { rank: 1, count: 5000 },
      { rank: 0, count: 7 },
      { rank: 2000, count: 0 },
      { rank: 1000, count: 3 },
    ]);
    expect(chart.points.map((point) => point.rank)).toEqual([1, 10, 1000]);
    expect(chart.x).toEqual([1, 1000]);
    expect(chart.y).toEqual([1, 10000]);
    expect(zipfChart([]).x).toEqual([1, 10]);
    expect(zipfChart([{ rank: 10, count: 10 }])).toMatchObject({ x: [10, 100], y: [10, 100] });
  });
  it('fits the exponent s of count ∝ rank^−s', () => {
    const points = [1, 10, 100, 1000].map((rank) => ({ rank, count: 1e6 / rank }));
    expect(zipfExponent(points)).toBeCloseTo(1, 10);
    expect(zipfExponent([{ rank: 1, count: 5 }])).toBeNull();
  });
  it('labels the decades of a log axis', () => {
    expect(decadeTicks([1, 1000])).toEqual([1, 10, 100, 1000]);
    expect(decadeTicks([3, 250])).toEqual([10, 100]);
    expect(decadeTicks([0, 10])).toEqual([]);
  });
});

describe('corpus overview', () => {
  it('flags test sets the vocabulary covers poorly', () => {
    const rows = coverageRows([
      { id: 'ws353', name: 'WordSim-353', kind: 'similarity', covered: 340, total: 353 },
      { id: 'rw', name: 'Rare words', kind: 'similarity', covered: 500, total: 2034 },
      { id: 'empty', name: 'Empty', kind: 'analogy', covered: 0, total: 0 },
    ]);
    expect(rows.map((row) => row.low)).toEqual([false, true, true]);
    expect(formatPercent(rows[0].share)).toBe('96.3%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatBytes(6 * 1024 * 1024)).toBe('6.0 MiB');
    expect(formatBytes(12)).toBe('12 B');
  });
  it('starts a new project empty with the unicode pattern, offers the sample split on whitespace, else the project settings over the defaults', () => {
    expect(corpusFormState(undefined)).toMatchObject({ file: '', values: { tokenPattern: 'unicode', minCount: '5', maxSize: '' } });
    const sample = sampleCorpusState('/r/text8-sample.txt.gz');
    expect(sample).toMatchObject({ file: '/r/text8-sample.txt.gz', values: { tokenPattern: 'whitespace', minCount: '5', maxSize: '' } });
    const saved = { file: '/c.txt', settings: { minCount: 2 } };
    const state = corpusFormState(saved);
    expect(state.values).toMatchObject({ tokenPattern: 'unicode', minCount: '2', lowercase: true });
    expect(corpusFormChanged(saved, state.file, state.values)).toBe(false);
    expect(corpusFormChanged(saved, state.file, { ...state.values, minCount: '3' })).toBe(true);
    expect(corpusRequest(' /c.txt ', { ...state.values, maxSize: '' })).toEqual({
      file: '/c.txt',
      settings: { lowercase: true, tokenPattern: 'unicode', sentenceBoundary: 'line', dropNumbers: false, minCount: 2 },
    });
  });
  it('reports schema messages by setting and maps service fields back', () => {
    const { values } = corpusFormState(undefined);
    expect(corpusFormErrors('', { ...values, minCount: '0' })).toMatchObject({ file: expect.stringContaining('Required'), minCount: 'Too small: expected number to be >=1' });
    expect(corpusErrorKey('corpus.file')).toBe('file');
    expect(corpusErrorKey('corpus.settings.minCount')).toBe('minCount');
    expect(corpusErrorKey('somewhere')).toBe('form');
  });
});

describe('score table', () => {
  const a = report([
    ['ws353', 'spearman', 0.6],
    ['google', '3CosAdd', 0.3],
    ['google', '3CosAdd semantic', 0.2],
  ]);
  const b = report([
    ['ws353', 'spearman', 0.7],
    ['simlex999', 'spearman', -0.05],
  ]);

  it('pivots set × metric rows with a column per run', () => {
    const rows = pivotScores([a, undefined, b]);
    expect(rows.map((row) => row.key)).toEqual(['ws353 · spearman', 'google · 3CosAdd', 'google · 3CosAdd semantic', 'simlex999 · spearman']);
    expect(rows[0].cells.map((cell) => cell?.score ?? null)).toEqual([0.6, null, 0.7]);
    expect(rows[3].cells[0]).toBeNull();
    expect(formatScore(rows[0].cells[0]!)).toBe('0.600 [0.50, 0.70]');
  });
  it('charts the main metric of each set and keeps 0 in the domain', () => {
    const groups = barGroups(pivotScores([a, b]));
    expect(groups.map((group) => group.label)).toEqual(['ws353', 'google 3CosAdd', 'simlex999']);
    expect(groups[0].bars.map((bar) => bar.column)).toEqual([0, 1]);
    const [low, high] = barDomain(groups);
    expect(low).toBeCloseTo(-0.15);
    expect(high).toBeCloseTo(0.8);
    expect(barDomain([])).toEqual([0, 0.1]);
  });
  it('finds a headline score', () => {
    expect(findScore(a, 'google', '3CosAdd')?.score).toBe(0.3);
    expect(findScore(undefined, 'ws353', 'spearman')).toBeUndefined();
  });
});

describe('run list', () => {
  const run: RunSummary = {
    id: '20240611-142305-sppmi-svd',
    folder: '/p/runs/20240611-142305-sppmi-svd',
    status: 'done',
    model: 'sppmi-svd',
    settings: { corpus: {}, model: { window: 2, shiftK: 1, dimensions: 10 } },
    dimensions: 10,
    durationMs: 4321,
    backend: { name: 'cpu', adapter: 'node' },
    scores: report([
      ['ws353', 'spearman', 0.61234],
      ['google', '3CosAdd', 0.0456],
    ]),
  };
  it('shows the key hyperparameters, duration, backend and main scores', () => {
    expect(runListRow(run)).toMatchObject({ model: 'SPPMI-SVD', hyperparameters: 'win 2 · k 1 · d 10', duration: '4.3s', backend: 'cpu · node', ws353: '0.612', google: '4.6%' });
    expect(keyHyperparameters({ model: 'sgns', settings: { corpus: {}, model: { window: 5, negative: 5 } }, dimensions: 100 })).toBe('win 5 · k 5 · d 100');
    expect(runListRow({ id: 'x', folder: '/x', status: 'interrupted' })).toMatchObject({ model: '—', hyperparameters: '—', ws353: '—', scored: false });
  });
  it('lists the newest run first', () => {
    const older = { ...run, id: '20240101-000000-sgns', createdAt: undefined };
    expect(sortRuns([older, run]).map((candidate) => candidate.id)).toEqual([run.id, older.id]);
  });
});

describe('export paths', () => {
  it('defaults to <project>/exports/<run id>.<ext>, or a folder for several files', () => {
    expect(defaultExportPath('/p/Study/', 'r1', 'word2vec-text')).toBe('/p/Study/exports/r1.txt');
    expect(defaultExportPath('/p/Study', 'r1', 'word2vec-binary')).toBe('/p/Study/exports/r1.bin');
    expect(defaultExportPath('/p/Study', 'r1', 'npy')).toBe('/p/Study/exports/r1-npy');
    expect(defaultExportPath('C:\\p\\Study', 'r1', 'csv')).toBe('C:\\p\\Study\\exports\\r1.csv');
    expect(writesFolder('projector')).toBe(true);
    expect(writesFolder('glove')).toBe(false);
  });
  it('reads the top-N field', () => {
    expect(parseTop(' ')).toEqual({ value: undefined, error: null });
    expect(parseTop('5000')).toEqual({ value: 5000, error: null });
    expect(parseTop('0').error).toMatch(/1 or more/);
    expect(parseTop('1.5').error).not.toBeNull();
  });
});
