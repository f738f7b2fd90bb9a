import { describe, expect, it } from 'vitest';
import { FirthError } from '../../../src/shared/errors';
import { fileSystemError } from '../../../src/engine/io/file-errors';

const nodeError = (code: string) => Object.assign(new Error(`${code}: raw message`), { code });

describe('fileSystemError', () => {
  it('names the file and the action, and says why in words', () => {
    expect(fileSystemError(nodeError('ENOENT'), 'read', '/a/b.txt')).toMatchObject({ code: 'not-found', message: 'Cannot read /a/b.txt: it does not exist', where: { file: '/a/b.txt' } });
    expect(fileSystemError(nodeError('EACCES'), 'write', '/a/b.txt')).toMatchObject({ code: 'io', message: 'Cannot write /a/b.txt: permission denied' });
    expect(fileSystemError(nodeError('EISDIR'), 'read', '/a')).toMatchObject({ code: 'invalid-input', message: 'Cannot read /a: it is a folder, not a file' });
    expect(fileSystemError(new Error('disk on fire'), 'write', '/x')).toMatchObject({ code: 'io', message: 'Cannot write /x: disk on fire' });
  });

  it('passes a FirthError through unchanged', () => {
    const error = new FirthError('cancelled', 'Cancelled');
    expect(fileSystemError(error, 'read', '/x')).toBe(error);
  });
});
