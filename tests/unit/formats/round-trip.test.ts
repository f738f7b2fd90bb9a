import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectEmbeddingFormat, exportEmbedding, loadEmbedding, type EmbeddingFormat } from '../../../src/engine/formats';
import { formatFloat32 } from '../../../src/engine/formats';
import { useTempFolders } from '../../helpers/temp-folder';
import { bitsOf, provenance, trickyEmbedding } from './fixtures';

const cases: Array<[EmbeddingFormat, string, boolean]> = [
  // format, output name (a file, or a folder for npy/projector), whether counts survive
  ['word2vec-text', 'vectors.vec', false],
  ['word2vec-binary', 'vectors.bin', false],
  ['glove', 'glove.txt', false],
  ['npy', 'npy-bundle', false],
  ['projector', 'projector', true],
  ['csv', 'vectors.csv', true],
];

describe('export → import round trip', () => {
  const folder = useTempFolders();

  it.each(cases)('%s gives back identical words and float32 bits', async (format, name, keepsCounts) => {
    const embedding = trickyEmbedding();
    const out = join(folder(), name);
    const exported = await exportEmbedding(embedding, { format, out, manifest: provenance });
    expect(exported).toMatchObject({ format, rows: 9, dimensions: 4 });
    expect(await detectEmbeddingFormat(out)).toBe(format);
    const loaded = await loadEmbedding(out);
    expect(loaded.format).toBe(format);
    expect(loaded.skippedCount).toBe(0);
    expect(loaded.embedding.words).toEqual(embedding.words);
    expect(loaded.embedding.dimensions).toBe(4);
    expect(bitsOf(loaded.embedding.vectors)).toEqual(bitsOf(embedding.vectors));
    if (keepsCounts) expect(Array.from(loaded.embedding.counts!)).toEqual(Array.from(embedding.counts!));
  });

  it.each(cases)('%s exports only the top N words when asked', async (format, name) => {
    const embedding = trickyEmbedding();
    const out = join(folder(), name);
    await exportEmbedding(embedding, { format, out, top: 3, manifest: provenance });
    const loaded = await loadEmbedding(out);
    expect(loaded.embedding.words).toEqual(['</s>', 'the', 'café']);
    expect(bitsOf(loaded.embedding.vectors)).toEqual(bitsOf(embedding.vectors.subarray(0, 12)));
  });

  it('writes the files each format promises', async () => {
    const root = folder();
    await exportEmbedding(trickyEmbedding(), { format: 'projector', out: join(root, 'p'), manifest: provenance });
    expect(readdirSync(join(root, 'p')).sort()).toEqual(['manifest.json', 'metadata.tsv', 'projector_config.json', 'tensors.bytes', 'tensors.tsv']);
    await exportEmbedding(trickyEmbedding(), { format: 'npy', out: join(root, 'n'), manifest: provenance });
    expect(readdirSync(join(root, 'n')).sort()).toEqual(['manifest.json', 'vectors.npy', 'vocab.txt']);
    await exportEmbedding(trickyEmbedding(), { format: 'word2vec-text', out: join(root, 'w.txt'), manifest: provenance });
    expect(readdirSync(root).sort()).toEqual(['n', 'p', 'w.txt', 'w.txt.manifest.json']);
  });

  it('reads the tensors.tsv of a Projector bundle when there is no .bytes file', async () => {
    const out = join(folder(), 'p');
    await exportEmbedding(trickyEmbedding(), { format: 'projector', out, manifest: provenance });
    const { rmSync, writeFileSync } = await import('node:fs');
    rmSync(join(out, 'tensors.bytes'));
    writeFileSync(join(out, 'projector_config.json'), '{"embeddings":[{"tensorPath":"tensors.tsv","metadataPath":"metadata.tsv"}]}');
    const loaded = await loadEmbedding(out);
    expect(bitsOf(loaded.embedding.vectors)).toEqual(bitsOf(trickyEmbedding().vectors));
  });
});

describe('formatFloat32', () => {
  it('writes short text (7–9 digits) that reads back to the same float32', () => {
    expect(formatFloat32(0.5)).toBe('0.5');
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(-0)).toBe('-0');
    expect(formatFloat32(1e-45)).toBe('1e-45');
    expect(formatFloat32(Math.fround(123456789))).toBe('1.2345679e+8');
    for (let index = 0; index < 20000; index++) {
      const value = Math.fround((Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 60 - 30));
      expect(Math.fround(Number(formatFloat32(value)))).toBe(value);
    }
  });
});
