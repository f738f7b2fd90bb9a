// Turns text into tokens and line ends, chunk by chunk. A chunk may end in the middle of a word (the
// reader cuts wherever its buffer ends), so the tokenizer keeps everything after the chunk's last
// separator and puts it in front of the next chunk. It only ever holds one partial token, however
// long the line: text8 is a single 100 MB line.

import type { TokenPattern, TokenizerOptions } from './tokenizer-options';

export interface TokenSink {
  token(word: string): void;
  /** A line ended (only when sentenceBoundary is 'line'); may repeat for blank lines. */
  lineEnd(): void;
  /** A token longer than maxTokenLength was skipped (`length`: its length so far, at least the cap). */
  longToken?(length: number): void;
}

/**
 * Tokens longer than this (UTF-16 units) are skipped and counted, never kept: no word is this long,
 * and carrying a multi-megabyte "token" (a base64 blob, a line of binary) from chunk to chunk builds
 * a string the regular expression overflows the stack on.
 */
export const maxTokenLength = 10_000;

export interface StreamingTokenizer {
  push(text: string): void;
  /** The text has ended: the carried partial token is a whole token now. */
  finish(): void;
}

// Letters, combining marks (accents written as separate code points, Indic vowel signs) and digits;
// an apostrophe joins two such runs ("don't", "o’clock") but never starts or ends a token.
const unicodeWord = String.raw`[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*`;
const unicodeLetterMarkOrDigit = /[\p{L}\p{M}\p{N}]/u;
/** A token of digits only ("1611", "23"): dropped when the corpus asks for dropNumbers. */
const digitsOnly = /^\p{N}+$/u;
const whitespace = /\s/;

function tokenExpression(pattern: TokenPattern, lines: boolean): RegExp {
  const word = pattern === 'unicode' ? unicodeWord : String.raw`\S+`;
  // In line mode one expression finds words and line ends in order, so each line's words are
  // followed by exactly one lineEnd without a second scan for newlines.
  return new RegExp(lines ? String.raw`\n|${word}` : word, pattern === 'unicode' ? 'gu' : 'g');
}

/**
 * Whether the UTF-16 unit `code` might belong to a token. Lone surrogate halves answer yes: the
 * question is asked only to find a safe place to cut, and cutting too early is harmless (the rest is
 * carried) while cutting inside a token is not.
 */
function mayBelongToToken(code: number, pattern: TokenPattern): boolean {
  if (pattern === 'whitespace') {
    if (code === 32 || (code >= 9 && code <= 13)) return false;
    if (code < 128) return true;
    return !whitespace.test(String.fromCharCode(code));
  }
  if (code < 128) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 39;
  }
  if (code === 0x2019 || (code >= 0xd800 && code <= 0xdfff)) return true;
  return unicodeLetterMarkOrDigit.test(String.fromCharCode(code));
}

/** Index just after the last character that cannot be part of a token (0 when there is none). */
function safeCut(text: string, pattern: TokenPattern): number {
  for (let index = text.length - 1; index >= 0; index--) {
    if (!mayBelongToToken(text.charCodeAt(index), pattern)) return index + 1;
  }
  return 0;
}

/** Index of the first character that cannot be part of a token, or −1 when there is none. */
function firstSeparator(text: string, pattern: TokenPattern): number {
  for (let index = 0; index < text.length; index++) {
    if (!mayBelongToToken(text.charCodeAt(index), pattern)) return index;
  }
  return -1;
}

export function createTokenizer(options: TokenizerOptions, sink: TokenSink): StreamingTokenizer {
  const lines = options.sentenceBoundary === 'line';
  const expression = tokenExpression(options.tokenPattern, lines);
  const dropNumbers = options.dropNumbers === true;
  const dropPattern = options.dropPattern ? new RegExp(`^(?:${options.dropPattern})$`, 'u') : undefined;
  let carried = '';
  /** Inside a too-long token: everything up to its end is dropped. */
  let skipping = false;
  let skippedLength = 0;

  const endSkip = (): void => {
    skipping = false;
    sink.longToken?.(skippedLength);
    skippedLength = 0;
  };

  /** Drops the carried part once it is longer than any token may be. */
  const capCarried = (): void => {
    if (carried.length <= maxTokenLength) return;
    skipping = true;
    skippedLength = carried.length;
    carried = '';
  };

  const tokenizeWhole = (text: string): void => {
    // Lowercasing whole text, not token by token, is several times faster; it is safe because the text
    // ends at a separator, so context-dependent mappings (Greek final sigma) see the real word end.
    const prepared = options.lowercase ? text.toLowerCase() : text;
    expression.lastIndex = 0;
    for (let match = expression.exec(prepared); match !== null; match = expression.exec(prepared)) {
      const word = match[0];
      if (lines && word === '\n') sink.lineEnd();
      else if (word.length > maxTokenLength) sink.longToken?.(word.length);
      else if (!(dropNumbers && digitsOnly.test(word)) && !dropPattern?.test(word)) sink.token(word);
    }
  };

  return {
    push(text: string): void {
      if (skipping) {
        const end = firstSeparator(text, options.tokenPattern);
        if (end < 0) {
          skippedLength += text.length;
          return;
        }
        skippedLength += end;
        endSkip();
        text = text.slice(end);
      }
      // Only the new text needs searching: the carried part has no separator, or it would not be carried.
      const cutInText = safeCut(text, options.tokenPattern);
      if (cutInText === 0) {
        carried += text;
        capCarried();
        return;
      }
      const complete = carried + text.slice(0, cutInText);
      carried = text.slice(cutInText);
      capCarried();
      tokenizeWhole(complete);
    },
    finish(): void {
      if (skipping) endSkip();
      const rest = carried;
      carried = '';
      if (rest.length > 0) tokenizeWhole(rest);
    },
  };
}

/** Tokens of a whole text, one array per line (one array in all when lines are not sentences). */
export function tokenizeText(text: string, options: TokenizerOptions): string[][] {
  const sentences: string[][] = [[]];
  const tokenizer = createTokenizer(options, {
    token: (word) => sentences[sentences.length - 1].push(word),
    lineEnd: () => sentences.push([]),
  });
  tokenizer.push(text);
  tokenizer.finish();
  return sentences.filter((sentence) => sentence.length > 0);
}
