import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportEmbedding, loadEmbedding, type EmbeddingFormat } from '../../../src/engine/formats';
import { readTextLines } from '../../../src/engine/formats/text-lines';
import { useTempFolders } from '../../helpers/temp-folder';
import { bitsOf, provenance, trickyEmbedding } from './fixtures';

async function allLines(file: string, chunkBytes: number): Promise<Array<[number, string | null]>> {
  const lines: Array<[number, string | null]> = [];
  for await (const batch of readTextLines(file, { chunkBytes })) batch.lines.forEach((line, index) => lines.push([batch.firstLineNumber + index, line]));
  return lines;
}

describe('readTextLines', () => {
  const folder = useTempFolders();

  it('gives the same numbered lines whatever the chunk size, with multi-byte characters across chunk edges', async () => {
    const file = join(folder(), 'lines.txt');
    const long = 'ü'.repeat(100);
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`日本語 1\r\n\n${long}\nbad `), Buffer.from([0xc3]), Buffer.from('\nlast without newline')]));
    const expected: Array<[number, string | null]> = [
      [1, '日本語 1'],
      [2, ''],
      [3, long],
      [4, null],
      [5, 'last without newline'],
    ];
    for (const chunkBytes of [16, 17, 64, 1 << 20]) expect(await allLines(file, chunkBytes)).toEqual(expected);
  });
});

describe('streamed imports', () => {
  const folder = useTempFolders();

  it.each(['word2vec-text', 'word2vec-binary', 'glove', 'csv'] as EmbeddingFormat[])('%s reads the same with tiny chunks', async (format) => {
    const out = join(folder(), `v.${format}`);
    const embedding = trickyEmbedding();
    await exportEmbedding(embedding, { format, out, manifest: provenance });
    const loaded = await loadEmbedding(out, { format, chunkBytes: 64 });
    expect(loaded.embedding.words).toEqual(embedding.words);
    expect(bitsOf(loaded.embedding.vectors)).toEqual(bitsOf(embedding.vectors));
  });

  it('reads only the first N words with limit', async () => {
    const out = join(folder(), 'v.bin');
    await exportEmbedding(trickyEmbedding(), { format: 'word2vec-binary', out, manifest: provenance });
    expect((await loadEmbedding(out, { limit: 2 })).embedding.words).toEqual(['</s>', 'the']);
  });

  it('imports a file of some megabytes in chunks, growing the matrix as it goes (GloVe has no row count)', async () => {
    const rows = 20000;
    const d = 50;
    const words = Array.from({ length: rows }, (_, index) => `word${index}`);
    const vectors = Float32Array.from({ length: rows * d }, (_, index) => Math.fround(Math.sin(index) * 3));
    const out = join(folder(), 'big.txt');
    await exportEmbedding({ words, vectors, dimensions: d }, { format: 'glove', out, manifest: provenance });
    const loaded = await loadEmbedding(out, { chunkBytes: 1 << 16 });
    expect(loaded.embedding.words).toHaveLength(rows);
    expect(bitsOf(loaded.embedding.vectors)).toEqual(bitsOf(vectors));
  });

  it('stops when asked to', async () => {
    const out = join(folder(), 'v.txt');
    await exportEmbedding(trickyEmbedding(), { format: 'word2vec-text', out, manifest: provenance });
    const controller = new AbortController();
    controller.abort();
    await expect(loadEmbedding(out, { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    await expect(loadEmbedding(out, { signal: controller.signal, format: 'word2vec-binary' })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('reports the bytes read', async () => {
    const out = join(folder(), 'v.txt');
    await exportEmbedding(trickyEmbedding(), { format: 'glove', out, manifest: provenance });
    const reports: number[] = [];
    await loadEmbedding(out, { chunkBytes: 100, onProgress: (progress) => reports.push(progress.done / progress.total) });
    expect(reports.length).toBeGreaterThan(3);
    expect(reports.at(-1)).toBe(1);
  });
});
