import { describe, expect, it } from 'vitest';
import { buildVocabulary, keptTokens, resolveVocabularyOptions } from '../../../src/engine/corpus/vocabulary';
import { formatVocabularyTsv, parseVocabularyTsv } from '../../../src/engine/corpus/vocabulary-tsv';
import { FirthError } from '../../../src/shared/errors';

const types = ['b', 'a', 'c', 'd', 'B', 'é'];
const counts = [3, 3, 5, 1, 3, 2];

function fieldOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(FirthError);
    expect((error as FirthError).code).toBe('invalid-input');
    return (error as FirthError).where?.field;
  }
  throw new Error('expected an error');
}

describe('vocabulary', () => {
  it('sorts by count descending, ties by word in code-unit order, and applies min-count and max-size', () => {
    const all = buildVocabulary(types, counts, { minCount: 1, maxSize: undefined });
    expect(all.words).toEqual(['c', 'B', 'a', 'b', 'é', 'd']); // 'B' (U+0042) before 'a' (U+0061)
    expect([...all.counts]).toEqual([5, 3, 3, 3, 2, 1]);
    expect(all.index.get('a')).toBe(2);
    expect(keptTokens(all)).toBe(17);

    expect(buildVocabulary(types, counts, { minCount: 3, maxSize: undefined }).words).toEqual(['c', 'B', 'a', 'b']);
    expect(buildVocabulary(types, counts, { minCount: 1, maxSize: 2 }).words).toEqual(['c', 'B']);
    expect(buildVocabulary(types, counts, { minCount: 6, maxSize: undefined }).words).toEqual([]);
  });

  it('round-trips through vocab.tsv', () => {
    const vocabulary = buildVocabulary(types, counts, { minCount: 1, maxSize: undefined });
    const text = formatVocabularyTsv(vocabulary);
    expect(text.split('\n')[0]).toBe('c\t5');
    const parsed = parseVocabularyTsv(text);
    expect(parsed.words).toEqual(vocabulary.words);
    expect([...parsed.counts]).toEqual([...vocabulary.counts]);
    expect(parsed.index.get('é')).toBe(4);
  });

  it('refuses a damaged vocab.tsv, naming the line', () => {
    for (const [text, line] of [
      ['a\t3\nb 2\n', 2],
      ['a\t3\na\t2\n', 2],
      ['a\tthree\n', 1],
      ['\t3\n', 1],
      ['a\t3\nb\t-1\n', 2],
    ] as const) {
      try {
        parseVocabularyTsv(text, 'vocab.tsv');
        throw new Error(`accepted ${JSON.stringify(text)}`);
      } catch (error) {
        expect(error).toMatchObject({ code: 'corrupt-file', where: { file: 'vocab.tsv', line } });
      }
    }
  });

  it('checks min-count and max-size, naming the option', () => {
    for (const minCount of [0, -1, 2.5, Number.NaN]) expect(fieldOf(() => resolveVocabularyOptions({ minCount }))).toBe('minCount');
    for (const maxSize of [0, -3, Number.NaN]) expect(fieldOf(() => resolveVocabularyOptions({ maxSize }))).toBe('maxSize');
    expect(resolveVocabularyOptions({})).toEqual({ minCount: 5, maxSize: undefined });
  });
});
