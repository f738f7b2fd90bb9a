import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTextChunks, type ReadTextOptions } from '../../../src/engine/corpus/read-text';
import { FirthError } from '../../../src/shared/errors';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

function write(name: string, content: string | Uint8Array): string {
  const file = join(tempFolder(), name);
  writeFileSync(file, content);
  return file;
}

async function readAll(file: string, options: ReadTextOptions = {}): Promise<string> {
  let text = '';
  for await (const chunk of readTextChunks(file, options)) text += chunk;
  return text;
}

async function failure(promise: Promise<unknown>): Promise<FirthError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FirthError);
  return error as FirthError;
}

const bytes = (...values: (number | string)[]): Uint8Array =>
  Uint8Array.from(values.flatMap((value) => (typeof value === 'string' ? [...Buffer.from(value, 'utf8')] : [value])));

describe('readTextChunks', () => {
  it('drops a BOM and keeps CRLF for the tokenizer', async () => {
    const file = write('bom.txt', bytes(0xef, 0xbb, 0xbf, 'héllo\r\nworld\r\n'));
    expect(await readAll(file)).toBe('héllo\r\nworld\r\n');
  });

  it('decodes characters split across tiny chunks', async () => {
    const text = 'é😀 naïve 東京 ok';
    const file = write('multi.txt', text);
    for (const chunkBytes of [1, 2, 3, 5]) expect(await readAll(file, { chunkBytes })).toBe(text);
  });

  it('reads gzip, detected by its magic number', async () => {
    const text = 'the quick brown fox\njumps over\n'.repeat(100);
    expect(await readAll(write('corpus.txt.gz', gzipSync(text)), { chunkBytes: 7 })).toBe(text);
    expect(await readAll(write('misnamed.txt', gzipSync(text)))).toBe(text);
  });

  it('passes the stored (compressed) bytes to onRawBytes and reports progress in them', async () => {
    const compressed = gzipSync('abc '.repeat(1000));
    const file = write('c.txt.gz', compressed);
    let seen = 0;
    const reports: number[] = [];
    await readAll(file, { chunkBytes: 64, onRawBytes: (chunk) => (seen += chunk.length), onProgress: (progress) => reports.push(progress.done) });
    expect(seen).toBe(compressed.length);
    expect(reports.at(-1)).toBe(compressed.length);
  });

  it('reports invalid UTF-8 with its byte offset, also across chunks and at the end', async () => {
    const cases: [Uint8Array, number][] = [
      [bytes('abc', 0xff, ' def'), 3],
      [bytes('é', 0xc3, 'x'), 2], // a lead byte without its continuation
      [bytes('ab', 0xe0, 0x80, 0x80), 2], // overlong encoding
      [bytes('ab', 0xed, 0xa0, 0x80), 2], // a UTF-16 surrogate
      [bytes('abcd', 0xe2, 0x82), 4], // cut off by the end of the file
    ];
    for (const [content, offset] of cases) {
      for (const chunkBytes of [1, 2, 3, 1 << 20]) {
        const file = write('bad.txt', content);
        const error = await failure(readAll(file, { chunkBytes }));
        expect(error.code).toBe('invalid-input');
        expect(error.where?.file).toBe(file);
        expect(error.message).toContain(`byte offset ${offset}`);
      }
    }
  });

  it('refuses binary data at its first NUL byte, in the decompressed text for gzip', async () => {
    const plain = write('binary.bin', bytes('hello', 0, 'world'));
    expect((await failure(readAll(plain))).message).toContain('byte offset 5');
    const packed = write('binary.gz', gzipSync(bytes('0123456789', 0)));
    const error = await failure(readAll(packed));
    expect(error.message).toMatch(/NUL byte\) at byte offset 10 of the decompressed text/);
  });

  it('names the file when it is missing, a folder, empty, unreadable or corrupt gzip', async () => {
    const folder = tempFolder();
    const missing = join(folder, 'nope.txt');
    expect(await failure(readAll(missing))).toMatchObject({ code: 'not-found', where: { file: missing } });
    const subfolder = join(folder, 'sub');
    mkdirSync(subfolder);
    expect(await failure(readAll(subfolder))).toMatchObject({ code: 'invalid-input', where: { file: subfolder } });
    const empty = write('empty.txt', '');
    const emptyError = await failure(readAll(empty));
    expect(emptyError.message).toBe(`${empty} is empty`);
    const corrupt = write('corrupt.gz', bytes(0x1f, 0x8b, 8, 0, 'this is not deflate data at all'));
    expect(await failure(readAll(corrupt))).toMatchObject({ code: 'corrupt-file', where: { file: corrupt } });
    if (process.getuid?.() !== 0) {
      const locked = write('locked.txt', 'secret');
      chmodSync(locked, 0o000);
      expect(await failure(readAll(locked))).toMatchObject({ code: 'io', where: { file: locked } });
    }
  });

  it('stops with a cancelled error when the signal is aborted', async () => {
    const file = write('big.txt', 'word '.repeat(10_000));
    const aborted = new AbortController();
    aborted.abort();
    expect((await failure(readAll(file, { signal: aborted.signal }))).code).toBe('cancelled');
    const midway = new AbortController();
    let chunks = 0;
    const reading = (async () => {
      for await (const _chunk of readTextChunks(file, { chunkBytes: 100, signal: midway.signal })) if (++chunks === 3) midway.abort();
    })();
    expect((await failure(reading)).code).toBe('cancelled');
    expect(chunks).toBe(3);
  });
});
