import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/engine/io/atomic-write';
import { temporaryNameFor } from '../../../src/engine/io/temporary-name';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

describe('atomic writes', () => {
  it('never gives two writers the same temporary name, even in one millisecond of one process', () => {
    const names = new Set(Array.from({ length: 1000 }, () => temporaryNameFor('/data/cache/stats.json')));
    expect(names.size).toBe(1000);
    for (const name of names) expect(name).toMatch(/^\/data\/cache\/\.stats\.json\.\d+\.\d+\.[0-9a-f]{8}\.tmp$/);
  });

  it('replaces a file whole and leaves no temporary file behind', () => {
    const folder = tempFolder();
    const target = join(folder, 'stats.json');
    writeFileAtomic(target, 'first');
    writeFileAtomic(target, 'second');
    expect(readFileSync(target, 'utf8')).toBe('second');
    expect(readdirSync(folder)).toEqual(['stats.json']);
  });
});
