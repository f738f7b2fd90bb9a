import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { outOfVocabulary, sentenceEnd } from '../../../src/engine/corpus/encode-corpus';
import { prepareCorpus } from '../../../src/engine/corpus/prepare-corpus';
import { FirthError } from '../../../src/shared/errors';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

function write(name: string, content: string | Uint8Array): string {
  const file = join(tempFolder(), name);
  writeFileSync(file, content);
  return file;
}

async function failure(promise: Promise<unknown>): Promise<FirthError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FirthError);
  return error as FirthError;
}

const [oov, end] = [outOfVocabulary, sentenceEnd];
const tiny = '\uFEFFThe cat sat.\r\n\r\nthe dog sat on the mat\r\n';

describe('prepareCorpus', () => {
  it('counts, builds the vocabulary and encodes a hand-checked corpus', async () => {
    const prepared = await prepareCorpus(write('tiny.txt', tiny), { minCount: 2 });
    // the ×3, sat ×2; cat, dog, on, mat ×1
    expect(prepared.vocabulary.words).toEqual(['the', 'sat']);
    expect([...prepared.vocabulary.counts]).toEqual([3, 2]);
    expect([...prepared.ids]).toEqual([0, oov, 1, end, 0, oov, 1, oov, 0, oov]);
    expect(prepared.statistics).toMatchObject({ tokens: 9, types: 6, keptTokens: 5, vocabularySize: 2, sentences: 2 });
    expect(prepared.statistics.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same result for any chunk size, for gzip, and without sentence ends when lines are ignored', async () => {
    const plain = await prepareCorpus(write('tiny.txt', tiny), { minCount: 2 });
    for (const chunkBytes of [1, 3, 8]) {
      const chunked = await prepareCorpus(write('tiny.txt', tiny), { minCount: 2 }, { chunkBytes });
      expect([...chunked.ids]).toEqual([...plain.ids]);
    }
    const packed = await prepareCorpus(write('tiny.txt.gz', gzipSync(tiny)), { minCount: 2 });
    expect([...packed.ids]).toEqual([...plain.ids]);
    const oneSentence = await prepareCorpus(write('tiny.txt', tiny), { minCount: 2, sentenceBoundary: 'none' });
    expect([...oneSentence.ids]).toEqual([0, oov, 1, 0, oov, 1, oov, 0, oov]);
    expect(oneSentence.statistics.sentences).toBe(1);
  });

  it('says when no word reaches min-count, naming the file and the option', async () => {
    const file = write('rare.txt', 'every word here is different');
    const error = await failure(prepareCorpus(file, { minCount: 2 }));
    expect(error).toMatchObject({ code: 'invalid-input', where: { file, field: 'minCount' } });
    expect(error.message).toContain(file);
  });

  it('says when a file holds no words at all', async () => {
    const file = write('blank.txt', ' \r\n\n\t\n');
    expect((await failure(prepareCorpus(file))).message).toBe(`${file} contains no words`);
    const punctuation = write('punct.txt', '... --- !!!');
    expect((await failure(prepareCorpus(punctuation))).message).toContain('contains no words');
  });

  it('checks options before touching the file', async () => {
    const error = await failure(prepareCorpus(join(tempFolder(), 'missing.txt'), { minCount: -1 }));
    expect(error.where?.field).toBe('minCount');
  });
});
