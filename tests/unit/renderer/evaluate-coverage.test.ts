import { describe, expect, it } from 'vitest';
import type { RunSummary, ScoreReport } from '../../../src/shared/runs';
import {
  accuracyDomain,
  barGroups,
  coverageWarningLines,
  coverageWarnings,
  formatCovered,
  formatScore,
  MIN_COVERAGE_TO_RANK,
  pivotScores,
} from '../../../src/renderer/src/evaluate/score-table';
import { runListRow, trainingLength } from '../../../src/renderer/src/runs/run-list';

// The Evaluate tab and the run list: scores with their coverage inline, one format per kind of
// score, correlations and accuracies charted apart, and a warning naming why a set cannot rank runs.

const row = (set: string, metric: string, score: number, covered: number, total: number) => ({
  set,
  kind: (metric === 'spearman' ? 'similarity' : 'analogy') as 'similarity' | 'analogy',
  metric,
  score,
  ci95: [score - 0.05, score + 0.05] as [number, number],
  covered,
  total,
  coverage: covered / total,
});
const report = (rows: ReturnType<typeof row>[]): ScoreReport => ({ rows, problems: [], backend: 'cpu' });

describe('evaluation scores', () => {
  it('formats a correlation to three decimals and every accuracy as a percentage, with the covered items inline', () => {
    const [similarity, analogy] = pivotScores([report([row('ws353', 'spearman', 0.60214, 308, 353), row('google', '3CosAdd', 0.3124, 12034, 19544)])]);
    expect(`${formatScore(similarity.cells[0]!, similarity.kind)} ${formatCovered(similarity.cells[0]!)}`).toBe('0.602 [0.55, 0.65] (308/353)');
    expect(`${formatScore(analogy.cells[0]!, analogy.kind)} ${formatCovered(analogy.cells[0]!)}`).toBe('31.2% [26.2, 36.2] (12,034/19,544)');
  });

  it('charts correlations and accuracies apart, accuracies from 0 to their highest whisker', () => {
    const rows = pivotScores([report([row('ws353', 'spearman', 0.6, 300, 353), row('simlex999', 'spearman', 0.3, 900, 999), row('google', '3CosAdd', 0.25, 15000, 19544)])]);
    expect(barGroups(rows, 'similarity').map((group) => group.label)).toEqual(['ws353', 'simlex999']);
    const accuracies = barGroups(rows, 'analogy');
    expect(accuracies.map((group) => group.label)).toEqual(['google 3CosAdd']);
    expect(accuracyDomain(accuracies)).toEqual([0, 0.3]);
    expect(accuracyDomain([])).toEqual([0, 0.1]);
  });

  it('warns when a run covers under half of a set, or when runs cover different subsets, naming the threshold', () => {
    const a = report([row('ws353', 'spearman', 0.6, 340, 353), row('google', '3CosAdd', 0.3, 8000, 19544), row('google', '3CosAdd semantic', 0.2, 8000, 19544)]);
    const b = report([row('ws353', 'spearman', 0.7, 250, 353), row('google', '3CosAdd', 0.4, 8100, 19544)]);
    const warnings = coverageWarnings(pivotScores([a, b]), ['SVD baseline', 'sgns-run']);
    expect(warnings).toEqual([
      { set: 'ws353', reason: 'different-subsets', detail: '250 to 340 of 353' },
      { set: 'google', reason: 'low-coverage', detail: 'SVD baseline 40%, sgns-run 41%' },
    ]);
    expect(coverageWarningLines(warnings)).toEqual([
      `Under ${MIN_COVERAGE_TO_RANK * 100}% of the set's items in the vocabulary — the score describes the few frequent words covered, not the set: google (SVD baseline 40%, sgns-run 41%).`,
      'Runs cover different items (a gap over 5% of the set) — each score is on its own subset, so they are not comparable: ws353 (250 to 340 of 353).',
    ]);
    // Runs covering the same items, over half of the set: nothing to say.
    expect(coverageWarnings(pivotScores([report([row('ws353', 'spearman', 0.6, 300, 353)]), report([row('ws353', 'spearman', 0.5, 305, 353)])]), ['a', 'b'])).toEqual([]);
  });
});

describe('run list', () => {
  const base: RunSummary = { id: '20240611-142305-sgns', folder: '/p/runs/20240611-142305-sgns', status: 'done', model: 'sgns', settings: { corpus: {}, model: { window: 5, negative: 5, epochs: 3 } } };

  it('shows epochs, steps or iterations from the settings, and — for SPPMI-SVD', () => {
    expect(trainingLength(base)).toBe('3');
    expect(trainingLength({ model: 'mf-sgns', settings: { corpus: {}, model: { steps: 300 } } })).toBe('300 steps');
    expect(trainingLength({ model: 'glove', settings: { corpus: {}, model: { iterations: 15 } } })).toBe('15 iterations');
    expect(trainingLength({ model: 'sppmi-svd', settings: { corpus: {}, model: { window: 2 } } })).toBe('—');
    expect(trainingLength({})).toBe('—');
  });

  it('shows the analyst\'s name and note, else the id; scores with their coverage', () => {
    expect(runListRow(base)).toMatchObject({ name: base.id, note: '', noteLine: '', length: '3', ws353Coverage: '' });
    const labelled = runListRow({
      ...base,
      name: 'Baseline',
      note: 'Three epochs only.\nTry ten.',
      scores: report([row('ws353', 'spearman', 0.61234, 308, 353), row('google', '3CosAdd', 0.0456, 9772, 19544)]),
    });
    expect(labelled).toMatchObject({ id: base.id, name: 'Baseline', noteLine: 'Three epochs only.', ws353: '0.612', google: '4.6%' });
    expect(labelled).toMatchObject({ ws353Coverage: '87% covered', ws353CoverageTitle: '308 of 353 pairs in the vocabulary', googleCoverage: '50% covered' });
  });
});
