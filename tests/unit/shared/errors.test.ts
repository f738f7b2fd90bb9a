import { describe, expect, it } from 'vitest';
import { describeError, deserializeError, FirthError, serializeError } from '../../../src/shared/errors';
import { pickBackendChoice } from '../../../src/shared/compute';

describe('errors', () => {
  it('round-trip through JSON with code and location', () => {
    const original = new FirthError('corrupt-file', 'not valid JSON', { file: '/p/project.json', line: 3 });
    const back = deserializeError(JSON.parse(JSON.stringify(serializeError(original))));
    expect(back).toBeInstanceOf(FirthError);
    expect(back).toMatchObject({ code: 'corrupt-file', message: 'not valid JSON', where: { file: '/p/project.json', line: 3 } });
    expect(describeError(back.toJSON())).toBe('/p/project.json, line 3: not valid JSON');
  });

  it('turn anything else thrown into an internal error', () => {
    expect(serializeError(new TypeError('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(serializeError('text')).toEqual({ code: 'internal', message: 'text' });
  });
});

describe('backend choice', () => {
  it('takes the flag over the environment over the setting', () => {
    expect(pickBackendChoice('cpu', 'gpu', 'webasm')).toEqual({ choice: 'cpu', source: 'flag' });
    expect(pickBackendChoice(undefined, 'GPU', 'webasm')).toEqual({ choice: 'gpu', source: 'environment' });
    expect(pickBackendChoice(undefined, '', 'webasm')).toEqual({ choice: 'webasm', source: 'setting' });
    expect(() => pickBackendChoice('tpu', undefined, 'auto')).toThrow(/--backend must be one of/);
  });
});
