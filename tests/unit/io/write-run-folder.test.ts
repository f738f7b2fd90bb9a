import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRunFolder } from '../../../src/engine/runs/write-run-folder';
import { useTempFolders } from '../../helpers/temp-folder';

// The run folder's files are written at once, the last one (run.json) only after the others are on
// disk; a file that fails leaves neither the folder nor its staging folder.

describe('writeRunFolder', () => {
  const folder = useTempFolders();

  it('writes every file, and builds the last one only after the others are complete', async () => {
    const out = join(folder(), 'run');
    const big = new Uint8Array(3 * 1024 * 1024).fill(7);
    let sizesSeenByLast: number[] = [];
    async function* slowly(): AsyncGenerator<Uint8Array> {
      for (let part = 0; part < 3; part++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        yield big;
      }
    }
    function* last(): Generator<string> {
      // What run.json's timings rely on: every other file is fully written when it is made.
      const staging = readdirSync(join(out, '..')).find((name) => name !== 'run')!;
      sizesSeenByLast = ['a.bin', 'b.bin'].map((name) => statSync(join(out, '..', staging, name)).size);
      yield '{"done":true}\n';
    }
    await writeRunFolder(out, [
      { name: 'a.bin', content: slowly() },
      { name: 'b.bin', content: [big, 'tail'] },
      { name: 'run.json', content: last() },
    ]);
    expect(sizesSeenByLast).toEqual([9 * 1024 * 1024, 3 * 1024 * 1024 + 4]);
    expect(readdirSync(out).sort()).toEqual(['a.bin', 'b.bin', 'run.json']);
    expect(readFileSync(join(out, 'run.json'), 'utf8')).toBe('{"done":true}\n');
    expect(readdirSync(join(out, '..'))).toEqual(['run']);
  });

  it('leaves nothing when one file fails while another is still being written', async () => {
    const root = folder();
    const out = join(root, 'run');
    let otherFinished = false;
    async function* fails(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(10);
      throw new Error('the disk is full (simulated)');
    }
    async function* slow(): AsyncGenerator<Uint8Array> {
      for (let part = 0; part < 4; part++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        yield new Uint8Array(1024);
      }
      otherFinished = true;
    }
    await expect(
      writeRunFolder(out, [
        { name: 'W.npy', content: slow() },
        { name: 'C.npy', content: fails() },
        { name: 'run.json', content: ['{}'] },
      ]),
    ).rejects.toThrow(/the disk is full \(simulated\)/);
    // The slow write was let finish before the staging folder went, so nothing is left behind.
    expect(otherFinished).toBe(true);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });
});
