import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenizer, maxTokenLength, tokenizeText } from '../../src/engine/corpus/tokenize';
import type { TokenizerOptions } from '../../src/engine/corpus/tokenizer-options';
import { prepareCorpus } from '../../src/engine/corpus/prepare-corpus';
import { parseExpression } from '../../src/engine/evaluation/expression';
import { loadEmbedding } from '../../src/engine/formats';
import { FirthError } from '../../src/shared/errors';
import { useTempFolders } from '../helpers/temp-folder';

// Properties over generated inputs (fast-check, seeded so a failure repeats): the tokenizer's
// output does not depend on where the reader cuts the text, no token is ever longer than the cap,
// and the corpus reader, the vector importers and the expression parser only ever fail with a
// FirthError — never a RangeError, a TypeError or a native abort.

const seed = 20261207;
const options = (tokenPattern: 'unicode' | 'whitespace', sentenceBoundary: 'line' | 'none', lowercase: boolean): TokenizerOptions => ({ tokenPattern, sentenceBoundary, lowercase });
const optionsArbitrary = fc.tuple(fc.constantFrom('unicode' as const, 'whitespace' as const), fc.constantFrom('line' as const, 'none' as const), fc.boolean()).map(([pattern, boundary, lowercase]) => options(pattern, boundary, lowercase));
// Text with words, spaces, line ends, apostrophes, accents, astral characters and the odd long run.
const textArbitrary = fc.array(fc.oneof(fc.constantFrom('the', 'Cat', "don't", 'o’clock', 'naïve', 'é', '😀', 'x1', ' ', '  ', '\n', '\t', '\r\n', "'", '-', '.', 'Σ'), fc.string({ maxLength: 8 })), { maxLength: 60 }).map((parts) => parts.join(''));

function tokensInPieces(text: string, tokenizerOptions: TokenizerOptions, cuts: number[]): string[][] {
  const sentences: string[][] = [[]];
  const tokenizer = createTokenizer(tokenizerOptions, { token: (word) => sentences[sentences.length - 1].push(word), lineEnd: () => sentences.push([]) });
  let at = 0;
  for (const cut of [...cuts.map((value) => Math.min(value, text.length))].sort((a, b) => a - b)) {
    tokenizer.push(text.slice(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  tokenizer.push(text.slice(at));
  tokenizer.finish();
  return sentences.filter((sentence) => sentence.length > 0);
}

describe('properties: the tokenizer', () => {
  it('gives the same tokens wherever the text is cut', () => {
    fc.assert(
      fc.property(textArbitrary, optionsArbitrary, fc.array(fc.nat(200), { maxLength: 6 }), (text, tokenizerOptions, cuts) => {
        // Cuts inside a surrogate pair happen in the reader too (it decodes bytes, then cuts strings).
        expect(tokensInPieces(text, tokenizerOptions, cuts)).toEqual(tokenizeText(text, tokenizerOptions));
      }),
      { seed, numRuns: 300 },
    );
  });

  it('never yields a token longer than the cap and counts every long one it skips', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(3 * maxTokenLength), { minLength: 1, maxLength: 4 }), optionsArbitrary, fc.nat(5000), (lengths, tokenizerOptions, chunk) => {
        const text = lengths.map((length) => 'a'.repeat(length)).join(' ');
        let skipped = 0;
        let longest = 0;
        const tokenizer = createTokenizer(tokenizerOptions, { token: (word) => (longest = Math.max(longest, word.length)), lineEnd: () => undefined, longToken: () => skipped++ });
        const size = chunk + 1;
        for (let at = 0; at < text.length; at += size) tokenizer.push(text.slice(at, at + size));
        tokenizer.finish();
        expect(longest).toBeLessThanOrEqual(maxTokenLength);
        expect(skipped).toBe(lengths.filter((length) => length > maxTokenLength).length);
      }),
      { seed, numRuns: 60 },
    );
  });
});

describe('properties: readers fail only with a FirthError', () => {
  const folder = useTempFolders();

  const onlyFirthErrors = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof FirthError)) throw error;
    }
  };

  it('the corpus reader, on arbitrary bytes', async () => {
    const root = folder();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), optionsArbitrary, async (bytes, tokenizerOptions) => {
        const file = join(root, 'corpus.txt');
        writeFileSync(file, bytes);
        await onlyFirthErrors(() => prepareCorpus(file, { ...tokenizerOptions, minCount: 1 }));
      }),
      { seed, numRuns: 150 },
    );
  });

  const formats = ['word2vec-text', 'word2vec-binary', 'glove', 'csv'] as const;
  // Bytes that often look like the start of a real file: a header, then noise.
  const vectorBytes = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.tuple(fc.nat(1e6), fc.oneof(fc.nat(8), fc.nat(2 ** 31), fc.constant(1e12)), fc.uint8Array({ maxLength: 200 })).map(([count, dimensions, rest]) =>
      Buffer.concat([Buffer.from(`${count} ${dimensions}\n`), Buffer.from(rest)]),
    ),
    fc.array(fc.tuple(fc.constantFrom('a', 'b', 'word', '', 'é'), fc.array(fc.oneof(fc.double(), fc.constant(Number.NaN)), { maxLength: 4 })), { maxLength: 6 }).map((rows) =>
      Buffer.from(rows.map(([word, values]) => `${word} ${values.join(' ')}`).join('\n')),
    ),
  );
  it.each(formats)('the %s importer, on arbitrary and header-shaped bytes', async (format) => {
    const root = folder();
    await fc.assert(
      fc.asyncProperty(vectorBytes, async (bytes) => {
        const file = join(root, `vectors.${format === 'csv' ? 'csv' : 'txt'}`);
        writeFileSync(file, bytes);
        await onlyFirthErrors(() => loadEmbedding(file, { format }));
      }),
      { seed, numRuns: 120 },
    );
  });
});

describe('properties: the expression parser', () => {
  const expressionArbitrary = fc.array(fc.oneof(fc.constantFrom('king', 'man', 'woman', '-', '+', '−', ' ', 'new-york', '--', '++'), fc.string({ maxLength: 5 })), { maxLength: 12 }).map((parts) => parts.join(''));

  it('returns signed words or throws a FirthError naming the problem', () => {
    fc.assert(
      fc.property(expressionArbitrary, fc.boolean(), (text, hyphenatedWordsExist) => {
        try {
          const terms = parseExpression(text, () => hyphenatedWordsExist);
          expect(terms.length).toBeGreaterThan(0);
          for (const term of terms) {
            expect(term.word.length).toBeGreaterThan(0);
            expect([1, -1]).toContain(term.sign);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(FirthError);
          expect((error as FirthError).code).toBe('invalid-input');
        }
      }),
      { seed, numRuns: 500 },
    );
  });

  it('a well-formed "a - b + c" always parses to its words and signs', () => {
    const word = fc.stringMatching(/^[a-z]{1,8}$/);
    fc.assert(
      fc.property(word, fc.array(fc.tuple(fc.constantFrom('+', '-'), word), { maxLength: 5 }), (first, rest) => {
        const text = [first, ...rest.map(([sign, next]) => `${sign} ${next}`)].join(' ');
        expect(parseExpression(text)).toEqual([{ word: first, sign: 1 }, ...rest.map(([sign, next]) => ({ word: next, sign: sign === '+' ? 1 : -1 }))]);
      }),
      { seed, numRuns: 200 },
    );
  });
});
