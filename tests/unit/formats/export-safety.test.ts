import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportEmbedding, loadEmbedding } from '../../../src/engine/formats';
import { commitStagedFiles, stageFile } from '../../../src/engine/formats/atomic-files';
import { useTempFolders } from '../../helpers/temp-folder';
import { provenance, trickyEmbedding } from './fixtures';

const small = { words: ['a', 'b'], vectors: Float32Array.of(1, 2, 3, 4), dimensions: 2 };
const temporaryFiles = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.tmp'));

describe('exports never overwrite by accident', () => {
  const folder = useTempFolders();

  it('refuses an existing file unless force, and leaves it untouched', async () => {
    const root = folder();
    const out = join(root, 'vectors.txt');
    await exportEmbedding(small, { format: 'word2vec-text', out, manifest: provenance });
    const before = readFileSync(out, 'utf8');
    await expect(exportEmbedding(trickyEmbedding(), { format: 'word2vec-text', out, manifest: provenance })).rejects.toMatchObject({
      code: 'already-exists',
      where: { file: out },
    });
    expect(readFileSync(out, 'utf8')).toBe(before);
    await exportEmbedding(trickyEmbedding(), { format: 'word2vec-text', out, force: true, trashFolder: join(root, 'trash'), manifest: provenance });
    expect((await loadEmbedding(out)).embedding.words).toHaveLength(9);
    expect(temporaryFiles(root)).toEqual([]);
  });

  it('refuses when only the manifest would be overwritten, and writes nothing at all', async () => {
    const root = folder();
    writeFileSync(join(root, 'vectors.bin.manifest.json'), '{}');
    await expect(exportEmbedding(small, { format: 'word2vec-binary', out: join(root, 'vectors.bin'), manifest: provenance })).rejects.toMatchObject({
      code: 'already-exists',
    });
    expect(readdirSync(root)).toEqual(['vectors.bin.manifest.json']);
  });

  it('treats a folder export as one unit', async () => {
    const root = folder();
    const out = join(root, 'bundle');
    await exportEmbedding(small, { format: 'projector', out, manifest: provenance });
    await expect(exportEmbedding(small, { format: 'projector', out, manifest: provenance })).rejects.toMatchObject({ code: 'already-exists' });
    await exportEmbedding(trickyEmbedding(), { format: 'projector', out, force: true, trashFolder: join(root, 'trash'), manifest: provenance });
    expect((await loadEmbedding(out)).embedding.words).toHaveLength(9);
    expect(temporaryFiles(out)).toEqual([]);
  });

  it('leaves no temporary or partial file when an export fails half-way', async () => {
    const root = folder();
    // The third word cannot be written as word2vec text; the check runs as the file is produced.
    const bad = { words: ['a', 'b', 'c d'], vectors: Float32Array.of(1, 2, 3), dimensions: 1 };
    await expect(exportEmbedding(bad, { format: 'word2vec-text', out: join(root, 'v.txt'), manifest: provenance })).rejects.toMatchObject({
      code: 'invalid-input',
    });
    expect(readdirSync(root)).toEqual([]);
    // A folder export that fails before writing removes the folder it made.
    const broken = { words: ['a', 'b\nc'], vectors: Float32Array.of(1, 2), dimensions: 1 };
    await expect(exportEmbedding(broken, { format: 'npy', out: join(root, 'n'), manifest: provenance })).rejects.toThrow(/contains a line break/);
    expect(readdirSync(root)).toEqual([]);
    // A stream that breaks after some bytes were written.
    function* failing() {
      yield 'first part\n';
      throw new Error('disk on fire');
    }
    await expect(stageFile(join(root, 'x.txt'), failing())).rejects.toThrow(/Cannot write .*x\.txt: disk on fire/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('takes back files already placed when a target appears at the last moment', async () => {
    const root = folder();
    const first = await stageFile(join(root, 'one.txt'), ['one']);
    const second = await stageFile(join(root, 'two.txt'), ['two']);
    writeFileSync(join(root, 'two.txt'), 'someone else');
    expect(() => commitStagedFiles([first, second], false)).toThrow(/two\.txt already exists/);
    expect(readdirSync(root)).toEqual(['two.txt']);
    expect(readFileSync(join(root, 'two.txt'), 'utf8')).toBe('someone else');
  });

  it('reports a missing parent folder of a file export', async () => {
    await expect(exportEmbedding(small, { format: 'csv', out: join(folder(), 'no', 'such', 'v.csv'), manifest: provenance })).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});

describe('the manifest', () => {
  const folder = useTempFolders();

  it('records the provenance given, the export settings and a checksum of every file', async () => {
    const out = join(folder(), 'bundle');
    const result = await exportEmbedding(trickyEmbedding(), { format: 'npy', out, top: 5, manifest: provenance });
    expect(result.manifestFile).toBe(join(out, 'manifest.json'));
    const manifest = JSON.parse(readFileSync(result.manifestFile, 'utf8'));
    expect(manifest).toMatchObject({
      ...provenance,
      export: { format: 'npy', words: 5, dimensions: 4, top: 5, hasCounts: true },
    });
    expect(Date.parse(manifest.export.createdAt)).not.toBeNaN();
    expect(manifest.export.files.map((file: { name: string }) => file.name)).toEqual(['vectors.npy', 'vocab.txt']);
    for (const file of manifest.export.files as Array<{ name: string; sizeBytes: number; sha256: string }>) {
      const bytes = readFileSync(join(out, file.name));
      expect(file.sizeBytes).toBe(bytes.length);
      expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(result.files.map((file) => file.path)).toEqual([join(out, 'vectors.npy'), join(out, 'vocab.txt'), join(out, 'manifest.json')]);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });
});
