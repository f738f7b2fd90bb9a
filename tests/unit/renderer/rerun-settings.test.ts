import { describe, expect, it } from 'vitest';
import type { BackendInfo } from '../../../src/shared/compute';
import { rerunRequest, runFormValues, settingsDiff } from '../../../src/renderer/src/runs/run-settings';
import { backendOptions, parseThreads, threadsHint } from '../../../src/renderer/src/settings/settings-form';
import { formValues, modelFields } from '../../../src/renderer/src/runs/training-form';

const sppmi = {
  model: 'sppmi-svd' as const,
  settings: { corpus: { lowercase: true, tokenPattern: 'whitespace', sentenceBoundary: 'line', minCount: 5 }, model: { window: 3, dimensions: 10, shiftK: 1 } },
};

describe('run settings to form values', () => {
  it('puts the recorded settings on top of the schema defaults, as text', () => {
    const values = runFormValues(sppmi)!;
    expect(values.model).toBe('sppmi-svd');
    expect(values.settings).toEqual({ ...formValues(modelFields['sppmi-svd']), window: '3', dimensions: '10', shiftK: '1' });
    expect(values.corpus.tokenPattern).toBe('whitespace');
    expect(values.corpus.lowercase).toBe(true);
  });
  it('has nothing to offer for a run without recorded settings', () => {
    expect(runFormValues({ model: 'sgns', settings: undefined })).toBeNull();
    expect(runFormValues({ model: undefined, settings: sppmi.settings })).toBeNull();
    expect(rerunRequest({ model: undefined, settings: undefined }, '/c.txt', '/p/runs/x')).toBeNull();
  });
  it('re-runs with the same model, corpus and model settings into the given folder, dropping unknown keys', () => {
    const run = { ...sppmi, settings: { ...sppmi.settings, model: { ...sppmi.settings.model, notASetting: 1 } } };
    const request = rerunRequest(run, '/c.txt', '/p/runs/20240101-000000-sppmi-svd')!;
    expect(request).toMatchObject({ model: 'sppmi-svd', corpusFile: '/c.txt', out: '/p/runs/20240101-000000-sppmi-svd' });
    expect(request.settings).toMatchObject({ window: 3, dimensions: 10, shiftK: 1 });
    expect(request.settings).not.toHaveProperty('notASetting');
    expect(request.corpus).toMatchObject({ tokenPattern: 'whitespace', minCount: 5 });
  });
});

describe('settings diff', () => {
  it('lists model, corpus and model settings side by side and flags the differing rows', () => {
    const other = { ...sppmi, settings: { ...sppmi.settings, model: { ...sppmi.settings.model, dimensions: 12 } } };
    const rows = settingsDiff(sppmi, other);
    expect(rows[0]).toMatchObject({ key: 'model', left: 'SPPMI-SVD', right: 'SPPMI-SVD', differs: false });
    expect(rows.filter((row) => row.differs).map((row) => row.key)).toEqual(['settings.dimensions']);
    expect(rows.find((row) => row.key === 'settings.dimensions')).toMatchObject({ label: 'Dimensions', left: '10', right: '12' });
    expect(rows.find((row) => row.key === 'settings.window')).toMatchObject({ left: '3', right: '3', differs: false });
    expect(rows.find((row) => row.key === 'corpus.tokenPattern')?.group).toBe('corpus');
  });
  it('shows a dash where only one model has a setting', () => {
    const sgns = { model: 'sgns' as const, settings: { corpus: sppmi.settings.corpus, model: { window: 3, negative: 5 } } };
    const rows = settingsDiff(sppmi, sgns);
    expect(rows[0]).toMatchObject({ left: 'SPPMI-SVD', right: 'SGNS', differs: true });
    expect(rows.find((row) => row.key === 'settings.negative')).toMatchObject({ left: '—', right: '5', differs: true });
    expect(rows.find((row) => row.key === 'settings.window')?.differs).toBe(false);
  });
});

describe('settings form', () => {
  const backends: BackendInfo[] = [
    { name: 'gpu', available: false, adapter: 'none', reason: 'No WebGPU adapter' },
    { name: 'cpu', available: true, adapter: 'wasm-simd · 2 threads' },
    { name: 'webasm', available: true, adapter: 'gpu.js wasm' },
  ];
  it('offers auto and every backend, disabling unavailable ones with their reason', () => {
    const options = backendOptions(backends);
    expect(options.map((option) => option.value)).toEqual(['auto', 'gpu', 'cpu', 'webasm']);
    expect(options[1]).toMatchObject({ disabled: true, reason: 'No WebGPU adapter' });
    expect(options[2]).toMatchObject({ disabled: false, reason: undefined });
  });
  it('checks threads against the settings schema', () => {
    expect(parseThreads('0')).toEqual({ value: 0 });
    expect(parseThreads(' 8 ')).toEqual({ value: 8 });
    expect(parseThreads('')).toEqual({ error: 'Required' });
    expect(parseThreads('-1')).toHaveProperty('error');
    expect(parseThreads('1.5')).toHaveProperty('error');
    expect(parseThreads('999')).toHaveProperty('error');
    expect(threadsHint(0, 4)).toBe('0 = automatic: one per core (4 here)');
    expect(threadsHint(2, 4)).toBe('0 = automatic (one per core)');
  });
});
