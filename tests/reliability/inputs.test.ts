import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { prepareCorpus } from '../../src/engine/corpus/prepare-corpus';
import { hashFile } from '../../src/engine/corpus/hash-file';
import { readAnalogySet, readSimilaritySet } from '../../src/engine/evaluation/read-test-set';
import { loadEmbedding } from '../../src/engine/formats';
import { FirthError } from '../../src/shared/errors';
import { useTempFolders } from '../helpers/temp-folder';
import { tinyCorpusText } from './snapshot';

// Corpora, test sets and vector files that are not what they should be: every one is refused with a
// message naming the file and saying what is wrong — never a hang, a crash or a raw error code.

const rawCode = /\b(ENOENT|ENOTDIR|EISDIR|EACCES|EPERM|EAGAIN|ENXIO)\b/;

function fifo(folder: string, name = 'pipe'): string {
  const path = join(folder, name);
  execFileSync('mkfifo', [path]);
  return path;
}

async function socketFile(folder: string): Promise<{ path: string; close(): void }> {
  const path = join(folder, 'socket');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { path, close: () => server.close() };
}

async function expectRefusal(work: Promise<unknown>, words: RegExp, file: string): Promise<void> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(FirthError);
  expect((error as FirthError).message).toMatch(words);
  expect((error as FirthError).message).toContain(file);
  expect((error as FirthError).message).not.toMatch(rawCode);
}

const linux = process.platform === 'linux';

describe('corpora that are not corpora', () => {
  const folder = useTempFolders();
  const prepare = (file: string) => prepareCorpus(file, { minCount: 1 });

  it.runIf(linux)('a named pipe is refused at once (no hang)', async () => {
    const path = fifo(folder());
    await expectRefusal(prepare(path), /named pipe \(FIFO\)/, path);
  });
  it.runIf(linux)('a named pipe is refused when hashing too', async () => {
    const path = fifo(folder());
    await expectRefusal(hashFile(path), /named pipe/, path);
  });
  it.runIf(linux)('a character device is refused', async () => expectRefusal(prepare('/dev/zero'), /a device/, '/dev/zero'));
  it.runIf(linux)('a socket is refused', async () => {
    const socket = await socketFile(folder());
    try {
      await expectRefusal(prepare(socket.path), /a socket/, socket.path);
    } finally {
      socket.close();
    }
  });
  it('a folder is refused', async () => {
    const path = folder();
    await expectRefusal(prepare(path), /is a folder/, path);
  });
  it('a missing file is named', async () => {
    const path = join(folder(), 'nope.txt');
    await expectRefusal(prepare(path), /does not exist/, path);
  });
  it('a path through a file (ENOTDIR) is named, not coded', async () => {
    const root = folder();
    writeFileSync(join(root, 'file'), 'x');
    await expectRefusal(prepare(join(root, 'file', 'corpus.txt')), /does not exist: a part of its path is not a folder/, join(root, 'file', 'corpus.txt'));
  });
  it('an empty file', async () => {
    const path = join(folder(), 'empty.txt');
    writeFileSync(path, '');
    await expectRefusal(prepare(path), /is empty/, path);
  });
  it('binary data names the byte offset', async () => {
    const path = join(folder(), 'bin.txt');
    writeFileSync(path, Buffer.from([0x61, 0x20, 0x00, 0x62]));
    await expectRefusal(prepare(path), /NUL byte\) at byte offset 2/, path);
  });
  it('invalid UTF-8 names the byte offset', async () => {
    const path = join(folder(), 'latin.txt');
    writeFileSync(path, Buffer.from([0x61, 0x20, 0xe9, 0x20, 0x62]));
    await expectRefusal(prepare(path), /not UTF-8 text.*byte offset 2/, path);
  });
  it('a damaged gzip file', async () => {
    const path = join(folder(), 'cut.txt.gz');
    writeFileSync(path, gzipSync(tinyCorpusText()).subarray(0, 40));
    await expectRefusal(prepare(path), /gzip|cut off|not a readable/, path);
  });
  it('whitespace only: no words', async () => {
    const path = join(folder(), 'blank.txt');
    writeFileSync(path, '   \n\n\t \n');
    await expectRefusal(prepare(path), /contains no words/, path);
  });
  it('min-count above every word names the most frequent', async () => {
    const path = join(folder(), 'few.txt');
    writeFileSync(path, 'a b c a\n');
    await expect(prepareCorpus(path, { minCount: 50 })).rejects.toMatchObject({ where: { field: 'minCount' }, message: expect.stringContaining('"a", occurs 2 times') });
  });
  it('a token of several million characters is skipped and counted, not a stack overflow', async () => {
    const path = join(folder(), 'long.txt');
    writeFileSync(path, `a b c\n${'x'.repeat(3_000_000)} d\na b\n`);
    for (const tokenPattern of ['unicode', 'whitespace'] as const) {
      const prepared = await prepareCorpus(path, { minCount: 1, tokenPattern });
      expect(prepared.statistics.longTokensSkipped).toBe(1);
      expect(prepared.statistics.tokens).toBe(6);
    }
  });
  it('a file of nothing but one huge token says why it has no words', async () => {
    const path = join(folder(), 'blob.txt');
    writeFileSync(path, 'y'.repeat(2_500_000));
    await expectRefusal(prepare(path), /no words \(1 tokens longer than/, path);
  });
});

describe('test sets that are not test sets', () => {
  const folder = useTempFolders();

  it.runIf(linux)('a named pipe as a similarity set', async () => {
    const path = fifo(folder(), 'set.txt');
    await expectRefusal(readSimilaritySet(path), /named pipe/, path);
  });
  it.runIf(linux)('a named pipe as an analogy set', async () => {
    const path = fifo(folder(), 'questions.txt');
    await expectRefusal(readAnalogySet(path), /named pipe/, path);
  });
  it('a folder as a test set', async () => {
    const path = folder();
    await expectRefusal(readSimilaritySet(path), /is a folder/, path);
  });
  it('a missing test set', async () => {
    const path = join(folder(), 'missing.txt');
    await expectRefusal(readSimilaritySet(path), /does not exist/, path);
  });
  it('a test set that is not UTF-8', async () => {
    const path = join(folder(), 'bad.txt');
    writeFileSync(path, Buffer.from([0x61, 0x20, 0xff, 0x20, 0x31, 0x0a]));
    await expectRefusal(readSimilaritySet(path), /not UTF-8/, path);
  });
});

describe('vector files that are not what they claim', () => {
  const folder = useTempFolders();
  const load = (path: string) => loadEmbedding(path);

  it('a word2vec binary header claiming 10^12 dimensions is refused before any allocation', async () => {
    const path = join(folder(), 'absurd.bin');
    writeFileSync(path, Buffer.concat([Buffer.from('3 1000000000000\n'), Buffer.alloc(64, 1)]));
    await expectRefusal(loadEmbedding(path, { format: 'word2vec-binary' }), /header gives 1000000000000 dimensions/, path);
  });
  it('a word2vec binary header claiming 2^31 dimensions', async () => {
    const path = join(folder(), 'absurd2.bin');
    writeFileSync(path, Buffer.concat([Buffer.from('1 2147483648\n'), Buffer.alloc(16)]));
    await expectRefusal(loadEmbedding(path, { format: 'word2vec-binary' }), /larger than the rest of the file/, path);
  });
  it('a word2vec text header claiming 10^12 dimensions', async () => {
    const path = join(folder(), 'absurd.txt');
    writeFileSync(path, '2 1000000000000\na 1 2\nb 3 4\n');
    await expectRefusal(loadEmbedding(path, { format: 'word2vec-text' }), /header gives 1000000000000 dimensions/, path);
  });
  it('a word2vec text header claiming 10^15 words allocates no more than the file holds', async () => {
    const path = join(folder(), 'many.txt');
    writeFileSync(path, '1000000000000000 2\na 1 2\nb 3 4\n');
    await expectRefusal(loadEmbedding(path, { format: 'word2vec-text' }), /announces 1000000000000000 words/, path);
  });
  it('a binary header that lies about the dimension says so', async () => {
    const path = join(folder(), 'lies.bin');
    const vector = (values: number[]) => Buffer.from(Float32Array.from(values).buffer);
    writeFileSync(path, Buffer.concat([Buffer.from('2 2\n'), Buffer.from('a '), vector([1, 2, 3, 4]), Buffer.from('\nb '), vector([5, 6, 7, 8]), Buffer.from('\n')]));
    await expectRefusal(loadEmbedding(path, { format: 'word2vec-binary' }), /header's dimension \(2\) does not match/, path);
  });
  it.runIf(linux)('a named pipe as a vector file', async () => {
    const path = fifo(folder(), 'vectors.txt');
    await expectRefusal(loadEmbedding(path, { format: 'word2vec-text' }), /named pipe/, path);
  });
  it.runIf(linux)('a device as a vector file', async () => expectRefusal(loadEmbedding('/dev/zero', { format: 'glove' }), /a device/, '/dev/zero'));
  it('a missing vector file', async () => {
    const path = join(folder(), 'none.txt');
    await expectRefusal(load(path), /does not exist|not found/, path);
  });
  it('an empty vector file', async () => {
    const path = join(folder(), 'empty.vec');
    writeFileSync(path, '');
    await expect(load(path)).rejects.toBeInstanceOf(FirthError);
  });
  it('a .npy whose shape needs more bytes than the file has', async () => {
    const root = folder();
    writeFileSync(join(root, 'vocab.txt'), 'a\nb\n');
    const path = join(root, 'short.npy');
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (100000000, 100000), }";
    const padded = header.padEnd(118, ' ') + '\n';
    const preamble = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, padded.length, 0]);
    writeFileSync(path, Buffer.concat([preamble, Buffer.from(padded), Buffer.alloc(16)]));
    await expectRefusal(loadEmbedding(path, { format: 'npy' }), /cut short/, path);
  });
  it('a .npy that is not a .npy', async () => {
    const root = folder();
    writeFileSync(join(root, 'vocab.txt'), 'a\nb\n');
    const path = join(root, 'fake.npy');
    writeFileSync(path, 'hello');
    await expectRefusal(loadEmbedding(path, { format: 'npy' }), /not a NumPy/, path);
  });
  it('a ragged GloVe file names the line', async () => {
    const path = join(folder(), 'ragged.txt');
    writeFileSync(path, 'a 1 2 3\nb 1 2\n');
    await expectRefusal(loadEmbedding(path, { format: 'glove' }), /line 2/, path);
  });
  it('NaN values name the word', async () => {
    const path = join(folder(), 'nan.txt');
    writeFileSync(path, '2 2\na 1 2\nb NaN 4\n');
    await expectRefusal(loadEmbedding(path, { format: 'word2vec-text' }), /line 3/, path);
  });
  it('a Projector folder whose tensor file is a folder', async () => {
    const root = folder();
    writeFileSync(join(root, 'metadata.tsv'), 'a\nb\n');
    writeFileSync(join(root, 'projector_config.json'), JSON.stringify({ embeddings: [{ tensorPath: 'tensors.bytes', tensorShape: [2, 2], metadataPath: 'metadata.tsv' }] }));
    mkdirSync(join(root, 'tensors.bytes'));
    await expect(loadEmbedding(root, { format: 'projector' })).rejects.toMatchObject({ message: expect.stringMatching(/is a folder/) });
  });
});
