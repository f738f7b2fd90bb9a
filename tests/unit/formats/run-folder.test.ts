import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeNpyHeader, exportEmbedding, loadEmbedding } from '../../../src/engine/formats';
import { useTempFolders } from '../../helpers/temp-folder';

function npy(values: number[], rows: number, columns: number): Buffer {
  return Buffer.concat([encodeNpyHeader(rows, columns), Buffer.from(Float32Array.from(values).buffer)]);
}

describe('Firth run folders', () => {
  const folder = useTempFolders();

  function run(files: Record<string, string | Buffer | undefined>): string {
    const root = join(folder(), 'run');
    mkdirSync(root);
    for (const [name, content] of Object.entries(files)) if (content !== undefined) writeFileSync(join(root, name), content);
    return root;
  }

  const standard = {
    'run.json': '{"model":"sgns","corpus":{"file":"/data/corpus.txt"}}',
    'vocab.tsv': 'the\t50\nof\t20\ncat\t5\n',
    'W.npy': npy([1, 2, 3, 4, 5, 6], 3, 2),
    'C.npy': npy([10, 20, 30, 40, 50, 60], 3, 2),
  };

  it('loads W, C or W + C with the words and counts of vocab.tsv', async () => {
    const root = run(standard);
    const w = await loadEmbedding(root);
    expect(w.format).toBe('run');
    expect(w.embedding.words).toEqual(['the', 'of', 'cat']);
    expect(Array.from(w.embedding.counts!)).toEqual([50, 20, 5]);
    expect(Array.from(w.embedding.vectors)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from((await loadEmbedding(root, { matrix: 'c' })).embedding.vectors)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(Array.from((await loadEmbedding(root, { matrix: 'w+c' })).embedding.vectors)).toEqual([11, 22, 33, 44, 55, 66]);
    // The counts travel on to formats that keep them.
    const csv = join(folder(), 'v.csv');
    await exportEmbedding(w.embedding, { format: 'csv', out: csv, manifest: { appVersion: 't', matrix: 'w', normalization: 'none' } });
    expect(Array.from((await loadEmbedding(csv)).embedding.counts!)).toEqual([50, 20, 5]);
  });

  it('uses WC.npy for W + C when the run saved it', async () => {
    const root = run({ ...standard, 'WC.npy': npy([0, 0, 0, 0, 0, 1], 3, 2) });
    const loaded = await loadEmbedding(root, { matrix: 'w+c' });
    expect(Array.from(loaded.embedding.vectors)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(loaded.files.map((file) => file.split('/').pop())).toEqual(['vocab.tsv', 'WC.npy']);
  });

  it('names what is missing or does not fit', async () => {
    const noC = run({ ...standard, 'C.npy': undefined });
    await expect(loadEmbedding(noC, { matrix: 'w+c' })).rejects.toMatchObject({ code: 'not-found' });
    const mismatch = run({ ...standard, 'C.npy': npy([1, 2, 3], 3, 1) });
    await expect(loadEmbedding(mismatch, { matrix: 'w+c' })).rejects.toThrow(/C\.npy is 3×1 but W\.npy is 3×2/);
    const shortVocabulary = run({ ...standard, 'vocab.tsv': 'the\t50\nof\t20\n' });
    await expect(loadEmbedding(shortVocabulary)).rejects.toThrow(/vocab\.tsv: names 2 words but the matrix W\.npy has 3 rows/);
    const badCount = run({ ...standard, 'vocab.tsv': 'the\t50\nof\tmany\ncat\t5\n' });
    await expect(loadEmbedding(badCount)).rejects.toThrow(/vocab\.tsv, line 2: the count "many" is not a non-negative number/);
    const skipped = await loadEmbedding(badCount, { skipInvalid: true });
    expect(skipped.embedding.words).toEqual(['the', 'cat']);
    expect(Array.from(skipped.embedding.vectors)).toEqual([1, 2, 5, 6]);
  });

  it('asks for a run folder when C or W + C is requested from a single-matrix file', async () => {
    const file = join(folder(), 'v.txt');
    writeFileSync(file, '1 2\na 1 2\n');
    await expect(loadEmbedding(file, { matrix: 'c' })).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'matrix' } });
    await expect(loadEmbedding(folder())).rejects.toMatchObject({ code: 'not-found' });
    await expect(loadEmbedding(file, { format: 'fasttext-bin' as 'glove' })).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'format' } });
    await expect(loadEmbedding(join(folder(), 'missing.txt'))).rejects.toMatchObject({ code: 'not-found' });
  });
});
