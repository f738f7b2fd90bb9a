import { describe, expect, it } from 'vitest';
import { FirthError } from '../../../src/shared/errors';
import { checkSweepSize, describeRange, expandSweep, parseSweepSpec, SweepSpecSchema } from '../../../src/shared/sweep';
import { describePlan, estimateSweepSeconds, planSweep } from '../../../src/shared/sweep-plan';
import { SppmiSvdSettingsSchema } from '../../../src/shared/hyperparameters/sppmi-svd';

const spec = (grid: Record<string, unknown[]>, model = 'sppmi-svd', settings?: Record<string, unknown>) =>
  SweepSpecSchema.parse({ models: [{ model, grid, ...(settings ? { settings } : {}) }] });

function errorOf(action: () => unknown): FirthError {
  try {
    action();
  } catch (error) {
    return error as FirthError;
  }
  throw new Error('expected an error');
}

describe('expandSweep', () => {
  it('makes one run per grid point, the last setting fastest, defaults filled in', () => {
    const points = expandSweep(spec({ window: [2, 5], shiftK: [1, 5, 15], dimensions: [100, 300] }));
    expect(points).toHaveLength(12);
    expect(points[0].point).toEqual({ window: 2, shiftK: 1, dimensions: 100 });
    expect(points[1].point).toEqual({ window: 2, shiftK: 1, dimensions: 300 });
    expect(points[11].point).toEqual({ window: 5, shiftK: 15, dimensions: 300 });
    expect(points[3].settings).toMatchObject({ window: 2, shiftK: 5, dimensions: 300, cds: 0.75, eig: 0.5 });
    expect(points.map((point) => point.index)).toEqual([...Array(12).keys()]);
  });

  it('tries a repeated value once and keeps fixed settings', () => {
    const points = expandSweep(spec({ window: [2, 2, 5] }, 'sppmi-svd', { cds: 1 }));
    expect(points.map((point) => point.settings.window)).toEqual([2, 5]);
    expect(points.every((point) => point.settings.cds === 1)).toBe(true);
  });

  it('refuses an empty grid, and a setting with no values', () => {
    expect(errorOf(() => expandSweep(spec({}))).message).toMatch(/grid of SPPMI-SVD is empty/);
    const noValues = errorOf(() => expandSweep(spec({ window: [] })));
    expect(noValues.message).toMatch(/no values for window/);
    expect(noValues.where?.field).toBe('models[0].grid.window');
  });

  it('names the setting and its range for a value out of range', () => {
    const error = errorOf(() => expandSweep(spec({ window: [2, 50] })));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe('window = 50 is out of range for SPPMI-SVD: window must be a whole number from 1 to 20');
    expect(error.where?.field).toBe('models[0].grid.window');
    expect(errorOf(() => expandSweep(spec({ cds: [0] }))).message).toMatch(/cds must be a number > 0 and ≤ 1/);
    expect(errorOf(() => expandSweep(spec({ weighting: ['linear'] }))).message).toMatch(/weighting must be flat, dyn or harmonic/);
  });

  it('refuses a setting that is not the model’s, listing the model’s settings', () => {
    const error = errorOf(() => expandSweep(spec({ negative: [5, 10] })));
    expect(error.message).toMatch(/^negative is not a setting of SPPMI-SVD: its settings are window, weighting/);
    expect(error.where?.field).toBe('models[0].grid.negative');
    // SGNS has it: a two-model sweep checks each model against its own schema.
    const both = SweepSpecSchema.parse({ models: [{ model: 'sgns', grid: { negative: [5, 10] } }, { model: 'sppmi-svd', grid: { shiftK: [1, 5] } }] });
    expect(expandSweep(both).map((point) => point.model)).toEqual(['sgns', 'sgns', 'sppmi-svd', 'sppmi-svd']);
  });

  it('asks for confirmation above 200 runs', () => {
    expect(() => checkSweepSize(200, false)).not.toThrow();
    expect(errorOf(() => checkSweepSize(201, false, 'about 3 h')).message).toMatch(/201 runs \(more than 200\), about 3 h: confirm it/);
    expect(() => checkSweepSize(201, true)).not.toThrow();
  });

  it('describes ranges from the schema', () => {
    expect(describeRange(SppmiSvdSettingsSchema.shape.shiftK)).toBe('a number ≥ 1');
    expect(describeRange(SppmiSvdSettingsSchema.shape.eig)).toBe('a number from 0 to 1');
    expect(describeRange(SppmiSvdSettingsSchema.shape.wc)).toBe('true or false');
  });
});

describe('parseSweepSpec', () => {
  it('names the file and the field that does not match the schema', () => {
    const error = errorOf(() => parseSweepSpec(JSON.stringify({ models: [{ model: 'sppmi-svd', grid: { window: '2,5' } }] }), '/tmp/s.json'));
    expect(error.message).toMatch(/^\/tmp\/s\.json: models\[0\]\.grid\.window: /);
    expect(error.where).toMatchObject({ file: '/tmp/s.json', field: 'models[0].grid.window' });
    expect(errorOf(() => parseSweepSpec('{"models": [], "extra": 1}', 'f.json')).message).toMatch(/^f\.json: extra: unknown field "extra"|^f\.json: models: /);
    expect(errorOf(() => parseSweepSpec('{not json', 'f.json')).code).toBe('corrupt-file');
    expect(errorOf(() => parseSweepSpec('{"models":[{"model":"fasttext","grid":{}}]}', 'f.json')).where?.field).toBe('models[0].model');
  });

  it('reads a sweep folder’s sweep.json as the spec it ran', () => {
    const inner = { models: [{ model: 'sppmi-svd', grid: { window: [2] } }] };
    expect(parseSweepSpec(JSON.stringify({ kind: 'firth-sweep', id: 'x', spec: inner }), 'sweep.json').models[0].grid).toEqual({ window: [2] });
  });
});

describe('planSweep', () => {
  it('shares one count per window and one SVD per (window, k) at the largest d; p and w + c are free', () => {
    const points = expandSweep(spec({ window: [2, 5], shiftK: [1, 5, 15], dimensions: [100, 300], eig: [0, 0.5], wc: [false, true] }));
    const plan = planSweep(points);
    expect(plan).toMatchObject({ runs: 48, counts: 2, factorisations: 6, separateRuns: 0 });
    for (const group of plan.groups) {
      for (const factor of group.factors) {
        expect(factor.size).toBe(300);
        expect(factor.runs).toHaveLength(8);
        const keys = new Set(factor.runs.map((index) => `${points[index].settings.window} ${points[index].settings.shiftK}`));
        expect(keys.size).toBe(1);
      }
    }
    expect(describePlan(plan)).toBe('48 runs: 2 co-occurrence counts, 6 SVDs (at the largest d, truncated for smaller d)');
  });

  it('gives every cds α and solver its own SVD, and every SGNS run its own training', () => {
    expect(planSweep(expandSweep(spec({ cds: [0.75, 1], dimensions: [10, 20] })))).toMatchObject({ counts: 1, factorisations: 2 });
    const sgns = planSweep(expandSweep(spec({ window: [2, 5], negative: [1, 5] }, 'sgns')));
    expect(sgns).toMatchObject({ runs: 4, counts: 0, factorisations: 0, separateRuns: 4 });
  });

  it('estimates the time from the plan', () => {
    const plan = planSweep(expandSweep(spec({ window: [2, 5], shiftK: [1, 5, 15], dimensions: [100, 300] })));
    // 2 counts × 2 s + 6 SVDs at d 300 × 3 × 4 s + 12 runs × 1 s.
    expect(estimateSweepSeconds(plan, { countSeconds: 2, svdSecondsAt100: 4, perRunSeconds: 1, separateRunSeconds: 100 })).toBe(4 + 72 + 12);
  });
});
