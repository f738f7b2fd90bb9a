import { describe, expect, it } from 'vitest';
import { createTokenizer, tokenizeText } from '../../../src/engine/corpus/tokenize';
import { resolveTokenizerOptions, type TokenizerOptions } from '../../../src/engine/corpus/tokenizer-options';
import { FirthError } from '../../../src/shared/errors';

const unicode = resolveTokenizerOptions();
const whitespace = resolveTokenizerOptions({ tokenPattern: 'whitespace' });

/** Tokens and line ends ('\n') as one list, pushing the text in pieces of `pieceLength` characters. */
function tokensInPieces(text: string, options: TokenizerOptions, pieceLength: number): string[] {
  const out: string[] = [];
  const tokenizer = createTokenizer(options, { token: (word) => out.push(word), lineEnd: () => out.push('\n') });
  for (let start = 0; start < text.length; start += pieceLength) tokenizer.push(text.slice(start, start + pieceLength));
  tokenizer.finish();
  return out;
}

describe('tokenizer', () => {
  it('unicode: runs of letters and digits, apostrophes kept only inside words, lowercased', () => {
    const text = "Don't STOP—the Café's 3 kids, o’clock! 'quoted' rock'n'roll dogs' '' x''y";
    expect(tokenizeText(text, unicode)).toEqual([
      ["don't", 'stop', 'the', "café's", '3', 'kids', 'o’clock', 'quoted', "rock'n'roll", 'dogs', 'x', 'y'],
    ]);
  });

  it('whitespace: every run of non-space is a token, punctuation included', () => {
    expect(tokenizeText("Don't STOP—the Café's 3 kids, o’clock!", whitespace)).toEqual([["don't", 'stop—the', "café's", '3', 'kids,', 'o’clock!']]);
  });

  it('keeps case when lowercase is off', () => {
    expect(tokenizeText('The Cat', { ...unicode, lowercase: false })).toEqual([['The', 'Cat']]);
  });

  it('handles combining marks, non-Latin scripts and astral letters', () => {
    const decomposed = 'nai\u0308ve'; // i + combining diaeresis
    expect(tokenizeText(`${decomposed} 東京 हिन्दी Ελληνικά 𐐀𐐁`, unicode)).toEqual([[decomposed, '東京', 'हिन्दी', 'ελληνικά', '𐐨𐐩']]); // Deseret: astral letters with case
  });

  it('lowercases Greek final sigma by the word it ends, even across a chunk boundary', () => {
    expect(tokenizeText('ΟΔΟΣ ΚΑΙ', unicode)).toEqual([['οδος', 'και']]);
    expect(tokensInPieces('ΟΔΟΣ ΚΑΙ', unicode, 3)).toEqual(['οδος', 'και']);
  });

  it('makes each line a sentence (LF, CRLF, blank lines), or ignores lines when asked', () => {
    const text = 'a b\r\n\r\nc\n\nd e\n';
    expect(tokenizeText(text, unicode)).toEqual([['a', 'b'], ['c'], ['d', 'e']]);
    expect(tokenizeText(text, { ...unicode, sentenceBoundary: 'none' })).toEqual([['a', 'b', 'c', 'd', 'e']]);
    expect(tokenizeText(text, whitespace)).toEqual([['a', 'b'], ['c'], ['d', 'e']]);
  });

  it('gives the same tokens whatever the chunk boundaries, including inside words and apostrophes', () => {
    const text = "Rock'n'roll o’clock ΟΔΟΣ naïve\r\n東京 𝐀𝐁c don't\n\nhyphen-ated  end's";
    for (const options of [unicode, whitespace, { ...unicode, sentenceBoundary: 'none' as const }]) {
      const whole = tokensInPieces(text, options, text.length);
      for (let pieceLength = 1; pieceLength <= 9; pieceLength++) expect(tokensInPieces(text, options, pieceLength)).toEqual(whole);
    }
  });

  it('carries a token longer than any chunk', () => {
    const long = 'x'.repeat(5000);
    expect(tokensInPieces(`a ${long} b`, unicode, 7)).toEqual(['a', long, 'b']);
  });

  it('rejects unknown options, naming them', () => {
    expect(() => resolveTokenizerOptions({ tokenPattern: 'words' as never })).toThrow(FirthError);
    try {
      resolveTokenizerOptions({ sentenceBoundary: 'paragraph' as never });
    } catch (error) {
      expect((error as FirthError).where?.field).toBe('sentenceBoundary');
    }
  });
});
