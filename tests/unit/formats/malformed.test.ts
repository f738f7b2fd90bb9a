import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportEmbedding, loadEmbedding, type EmbeddingFormat, type ImportResult } from '../../../src/engine/formats';
import { useTempFolders } from '../../helpers/temp-folder';
import { provenance, trickyEmbedding } from './fixtures';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const invalidUtf8Word = Buffer.concat([utf8('b'), Buffer.from([0xff, 0xfe]), utf8('d')]);

describe('malformed text vector files', () => {
  const folder = useTempFolders();

  function file(name: string, content: string | Buffer): string {
    const path = join(folder(), name);
    writeFileSync(path, content);
    return path;
  }

  // name, format, content, line of the first problem, its message, words left with skipInvalid
  const cases: Array<[string, EmbeddingFormat, string | Buffer, number, RegExp, string[]]> = [
    ['ragged row', 'word2vec-text', '3 2\na 1 2\nb 1\nc 1 2\n', 3, /expected a word and 2 numbers, found 2 fields/, ['a', 'c']],
    ['too many values', 'word2vec-text', '3 2\na 1 2\nb 1 2 3\nc 1 2\n', 3, /found 4 fields/, ['a', 'c']],
    ['fewer rows than the header', 'word2vec-text', '3 2\na 1 2\nb 1 2\n', 4, /announces 3 words, but the file ends after 2/, ['a', 'b']],
    ['more rows than the header', 'word2vec-text', '2 2\na 1 2\nb 1 2\nc 1 2\n', 4, /announces 2 words, but the file holds more/, ['a', 'b']],
    ['a non-numeric value', 'word2vec-text', '3 2\na 1 2\nb 1 x2\nc 1 2\n', 3, /field 3 \("x2"\) is not a number/, ['a', 'c']],
    ['NaN', 'word2vec-text', '3 2\na 1 2\nb NaN 2\nc 1 2\n', 3, /field 2 is NaN/, ['a', 'c']],
    ['infinity', 'word2vec-text', '3 2\na 1 2\nb 1 -inf\nc 1 2\n', 3, /field 3 is -inf/, ['a', 'c']],
    ['a float32 overflow', 'word2vec-text', '3 2\na 1 2\nb 1 1e39\nc 1 2\n', 3, /field 3 is 1e39/, ['a', 'c']],
    ['a duplicate word', 'word2vec-text', '3 2\na 1 2\nb 1 2\na 3 4\n', 4, /"a" appears twice \(first on line 2\)/, ['a', 'b']],
    [
      'invalid UTF-8',
      'word2vec-text',
      Buffer.concat([utf8('3 2\na 1 2\n'), invalidUtf8Word, utf8(' 1 2\nc 1 2\n')]),
      3,
      /not valid UTF-8/,
      ['a', 'c'],
    ],
    ['GloVe ragged row', 'glove', 'a 1 2 3\nb 1 2\nc 1 2 3\n', 2, /expected a word and 3 numbers \(as on the first line\), found 3 fields/, ['a', 'c']],
    ['GloVe extra number', 'glove', 'a 1 2\nb 1 2 3\nc 1 2\n', 2, /found 4 fields/, ['a', 'c']],
    ['GloVe NaN', 'glove', 'a 1 2\nb nan 2\nc 1 2\n', 2, /field 2 is nan/, ['a', 'c']],
    ['CSV wrong field count', 'csv', 'word,v1,v2\na,1,2\nb,1\nc,1,2\n', 3, /expected 3 fields \(as in the header\), found 2/, ['a', 'c']],
    ['CSV open quote', 'csv', 'word,v1,v2\na,1,2\n"b,1,2\nc,1,2\n', 3, /quoted field is not closed/, ['a', 'c']],
  ];

  it.each(cases)('%s: an error naming the file and line', async (name, format, content, line, message) => {
    const path = file('vectors.txt', content);
    const failure = await loadEmbedding(path, { format }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure, name).toMatchObject({ code: 'corrupt-file', where: { file: path, line } });
    expect((failure as Error).message).toContain(`${path}, line ${line}: `);
    expect((failure as Error).message).toMatch(message);
  });

  it.each(cases)('%s: skipInvalid keeps the rest and says what it skipped', async (_name, format, content, line, message, words) => {
    const result = await loadEmbedding(file('vectors.txt', content), { format, skipInvalid: true });
    expect(result.embedding.words).toEqual(words);
    expect(result.skippedCount).toBe(1);
    expect(result.skipped[0].line).toBe(line);
    expect(result.skipped[0].reason).toMatch(message);
  });

  it('names the header problem of a file that is not word2vec text', async () => {
    const path = file('notes.txt', 'hello world\n');
    await expect(loadEmbedding(path, { format: 'word2vec-text' })).rejects.toMatchObject({ where: { file: path, line: 1 } });
    await expect(loadEmbedding(file('empty.txt', ''), { format: 'word2vec-text' })).rejects.toThrow(/empty/);
    await expect(loadEmbedding(file('w2v.txt', '2 3\na 1 2 3\n'), { format: 'glove' })).rejects.toThrow(/word2vec header/);
  });

  it('reads GloVe words that contain spaces (the last d fields are the numbers)', async () => {
    const result = await loadEmbedding(file('glove.txt', 'a 1 2\nnew york 3 4\nc 5 6\n'));
    expect(result.embedding.words).toEqual(['a', 'new york', 'c']);
    expect(Array.from(result.embedding.vectors)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('accepts the word2vec C layout: </s>, a trailing space on every line, CRLF', async () => {
    const result = await loadEmbedding(file('c-tool.txt', '2 3\r\n</s> 0.1 0.2 0.3 \r\nking 1 2 3 \r\n'));
    expect(result.format).toBe('word2vec-text');
    expect(result.embedding.words).toEqual(['</s>', 'king']);
  });

  it('reads Latin-1 words when told to', async () => {
    const latin1 = Buffer.concat([utf8('1 2\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9]), utf8(' 1 2\n')]);
    await expect(loadEmbedding(file('latin.txt', latin1))).rejects.toThrow(/line 2: the word is not valid UTF-8/);
    const result = await loadEmbedding(file('latin.txt', latin1), { encoding: 'latin1' });
    expect(result.embedding.words).toEqual(['café']);
  });
});

describe('malformed word2vec binary files', () => {
  const folder = useTempFolders();

  async function binary(): Promise<Buffer> {
    const path = join(folder(), 'good.bin');
    await exportEmbedding({ words: ['a', 'b', 'c'], vectors: Float32Array.of(1, 2, 3, 4, 5, 6), dimensions: 2 }, { format: 'word2vec-binary', out: path, manifest: provenance });
    const { readFileSync } = await import('node:fs');
    return readFileSync(path);
  }

  async function load(content: Buffer, skipInvalid = false): Promise<ImportResult> {
    const path = join(folder(), 'bad.bin');
    writeFileSync(path, content);
    return loadEmbedding(path, { skipInvalid });
  }

  it('names the record of a truncated file, and keeps the whole records with skipInvalid', async () => {
    const good = await binary();
    const cut = good.subarray(0, good.length - 3);
    await expect(load(cut)).rejects.toMatchObject({ code: 'corrupt-file', where: { field: 'record 3' } });
    await expect(load(cut)).rejects.toThrow(/bad\.bin, record 3: the file is cut short inside this record's vector \(6 of 8 bytes\)/);
    const kept = await load(cut, true);
    expect(kept.embedding.words).toEqual(['a', 'b']);
    expect(kept.skipped[0]).toMatchObject({ record: 3 });
  });

  it('names a record whose word is not UTF-8, or whose values are NaN, or that repeats a word', async () => {
    const good = await binary();
    // Layout: "3 2\n" then per record word, space, 8 bytes, newline (11 bytes each).
    const badWord = Buffer.from(good);
    badWord[4 + 11] = 0xff;
    await expect(load(badWord)).rejects.toThrow(/record 2: the word at byte 15 is not valid UTF-8/);
    expect((await load(badWord, true)).embedding.words).toEqual(['a', 'c']);

    const nan = Buffer.from(good);
    nan.writeFloatLE(Number.NaN, 4 + 11 + 2);
    await expect(load(nan)).rejects.toThrow(/record 2: "b": value 1 is NaN/);

    const duplicate = Buffer.from(good);
    duplicate[4 + 22] = 'a'.charCodeAt(0);
    await expect(load(duplicate)).rejects.toThrow(/record 3: the word "a" appears twice \(first on record 1\)/);
  });

  it('checks the record count against the header', async () => {
    const good = await binary();
    const short = Buffer.concat([utf8('4 2\n'), good.subarray(4)]);
    await expect(load(short)).rejects.toThrow(/record 4: the header announces 4 words, but the file ends after 3/);
    const long = Buffer.concat([good, utf8('d '), Buffer.alloc(8)]);
    await expect(load(long)).rejects.toThrow(/the file holds more data/);
  });

  it('recognises a fastText model file and says what to load instead', async () => {
    const model = Buffer.alloc(64);
    model.writeInt32LE(793712314, 0);
    await expect(load(model)).rejects.toThrow(/fastText model/);
  });

  it('reads gensim-style records without a newline after each vector', async () => {
    const vector = Buffer.alloc(8);
    vector.writeFloatLE(1.5, 0);
    vector.writeFloatLE(-2, 4);
    const gensimStyle = Buffer.concat([utf8('2 2\n'), utf8('x '), vector, utf8('y '), vector]);
    const result = await load(gensimStyle);
    expect(result.embedding.words).toEqual(['x', 'y']);
    expect(Array.from(result.embedding.vectors)).toEqual([1.5, -2, 1.5, -2]);
  });
});

describe('export checks', () => {
  const folder = useTempFolders();

  it('refuses words a format cannot hold, and non-finite values', async () => {
    const root = folder();
    const spaced = { words: ['new york'], vectors: Float32Array.of(1), dimensions: 1 };
    await expect(exportEmbedding(spaced, { format: 'word2vec-text', out: join(root, 'a.txt'), manifest: provenance })).rejects.toThrow(
      /word 1: the word "new york" contains whitespace/,
    );
    // CSV can quote it.
    await exportEmbedding(spaced, { format: 'csv', out: join(root, 'a.csv'), manifest: provenance });
    expect((await loadEmbedding(join(root, 'a.csv'))).embedding.words).toEqual(['new york']);
    const infinite = { ...trickyEmbedding(), vectors: trickyEmbedding().vectors.map((value, index) => (index === 5 ? Infinity : value)) };
    await expect(exportEmbedding(infinite, { format: 'glove', out: join(root, 'b.txt'), manifest: provenance })).rejects.toThrow(/"the" \(row 2\): value 2 is Infinity/);
    await expect(exportEmbedding(spaced, { format: 'parquet' as 'csv', out: join(root, 'p'), manifest: provenance })).rejects.toThrow(/format must be one of word2vec-text, /);
    const mismatched = { words: ['a', 'b'], vectors: Float32Array.of(1, 2, 3), dimensions: 2 };
    await expect(exportEmbedding(mismatched, { format: 'csv', out: join(root, 'c.csv'), manifest: provenance })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});

describe('damaged headers', () => {
  const folder = useTempFolders();

  it('a huge word count in the header does not allocate more than the file can hold', async () => {
    const path = join(folder(), 'lying.txt');
    writeFileSync(path, '4000000000 300\na ' + '1 '.repeat(299) + '1\n');
    await expect(loadEmbedding(path)).rejects.toThrow(/announces 4000000000 words, but the file ends after 1/);
    expect((await loadEmbedding(path, { skipInvalid: true })).embedding.words).toEqual(['a']);
    const binary = join(folder(), 'lying.bin');
    writeFileSync(binary, Buffer.concat([Buffer.from('4000000000 300\na '), Buffer.alloc(1200), Buffer.from('\n')]));
    expect((await loadEmbedding(binary, { skipInvalid: true })).embedding.words).toEqual(['a']);
  });
});
