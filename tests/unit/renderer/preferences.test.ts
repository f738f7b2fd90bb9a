import { describe, expect, it } from 'vitest';
import type { ProjectEntry } from '@shared/project';
import { defaultFormValues, differingFromDefaults, parseRunThreads, parseTestSetFiles, startProjectId } from '../../../src/renderer/src/runs/preferences';
import { formValues, modelFields } from '../../../src/renderer/src/runs/training-form';

const project = (id: string, corpusFile?: string): ProjectEntry =>
  ({ status: 'ok', project: { id, name: id, folder: `/p/${id}`, createdAt: '2024-01-01T00:00:00.000Z', ...(corpusFile ? { corpus: { file: corpusFile, settings: {} } } : {}) } }) as unknown as ProjectEntry;
const broken = (id: string): ProjectEntry => ({ status: 'error', id, folder: `/p/${id}`, error: { code: 'corrupt-file', message: 'bad' } }) as unknown as ProjectEntry;

describe('default hyperparameters', () => {
  it('overlays the saved defaults on the schema defaults, ignoring unknown keys', () => {
    const values = defaultFormValues('sppmi-svd', { 'sppmi-svd': { window: 3, nonsense: 1 } });
    expect(values.window).toBe('3');
    expect(values).not.toHaveProperty('nonsense');
    expect(values.dimensions).toBe(formValues(modelFields['sppmi-svd']).dimensions);
    expect(defaultFormValues('sgns', undefined)).toEqual(formValues(modelFields.sgns));
  });

  it('keeps only the values that differ from the schema defaults', () => {
    const values = { ...formValues(modelFields['sppmi-svd']), window: '3' };
    expect(differingFromDefaults('sppmi-svd', values)).toEqual({ window: 3 });
    expect(differingFromDefaults('sgns', formValues(modelFields.sgns))).toEqual({});
  });
});

describe('the project opened on start', () => {
  it('is the most recent one still listed and readable', () => {
    const projects = [project('a'), project('b'), broken('c')];
    expect(startProjectId(['gone', 'c', 'b', 'a'], projects, undefined)).toBe('b');
  });

  it('is the sample project when it is the only one, else none', () => {
    expect(startProjectId([], [project('s', '/r/text8.txt.gz')], '/r/text8.txt.gz')).toBe('s');
    expect(startProjectId([], [project('s', '/r/text8.txt.gz'), project('x')], '/r/text8.txt.gz')).toBeNull();
    expect(startProjectId([], [project('x')], '/r/text8.txt.gz')).toBeNull();
  });
});

describe('form fields', () => {
  it('reads threads: blank is the setting, else 1–256', () => {
    expect(parseRunThreads(' ')).toEqual({ value: undefined });
    expect(parseRunThreads('4')).toEqual({ value: 4 });
    expect(parseRunThreads('0')).toHaveProperty('error');
    expect(parseRunThreads('1.5')).toHaveProperty('error');
  });

  it('reads test-set files one per line', () => {
    expect(parseTestSetFiles(' /a.txt\n\n/b.txt\r\n/a.txt ')).toEqual(['/a.txt', '/b.txt']);
  });
});
