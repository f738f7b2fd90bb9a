import { FirthError } from '../../shared/errors';

// Word arithmetic such as "king - man + woman": words joined by + and − (ASCII "-" or U+2212),
// with or without spaces, and an optional sign before the first word. It is parsed, never
// evaluated as code. A hyphen inside a word ("well-known") is a word character when the whole
// word is known, and a minus otherwise ("king-man+woman").

export interface ExpressionTerm {
  word: string;
  /** +1 or −1. */
  sign: number;
}

type Token = { kind: 'word'; text: string; column: number } | { kind: 'operator'; sign: number; column: number };

function syntaxError(message: string): FirthError {
  return new FirthError('invalid-input', message, { field: 'query' });
}

/** Splits a run of non-space characters on "+" and "−" (always operators) and on hyphens at its ends. */
function tokenize(text: string, isWord: (word: string) => boolean): Token[] {
  const tokens: Token[] = [];
  const segments = /[^\s+\u2212]+|[+\u2212]/gu;
  for (let match = segments.exec(text); match; match = segments.exec(text)) {
    const column = match.index + 1;
    const segment = match[0];
    if (segment === '+' || segment === '\u2212') {
      tokens.push({ kind: 'operator', sign: segment === '+' ? 1 : -1, column });
      continue;
    }
    // Hyphens at the ends of a segment are minus signs ("-king", "king-").
    let first = 0;
    while (first < segment.length && segment[first] === '-') tokens.push({ kind: 'operator', sign: -1, column: column + first++ });
    let last = segment.length;
    while (last > first && segment[last - 1] === '-') last--;
    if (last > first) tokens.push(...splitHyphenated(segment.slice(first, last), column + first, isWord));
    for (let position = last; position < segment.length; position++) tokens.push({ kind: 'operator', sign: -1, column: column + position });
  }
  return tokens;
}

/**
 * "a-b-c": the longest runs of parts that form known words stay words, the hyphens between runs are
 * minus signs. Empty parts ("a--b") mean two operators in a row, which the parser reports.
 */
function splitHyphenated(text: string, column: number, isWord: (word: string) => boolean): Token[] {
  if (!text.includes('-') || isWord(text)) return [{ kind: 'word', text, column }];
  const parts = text.split('-');
  const starts: number[] = [];
  for (let index = 0, at = column; index < parts.length; index++) {
    starts.push(at);
    at += parts[index].length + 1;
  }
  const tokens: Token[] = [];
  for (let first = 0; first < parts.length; ) {
    let last = first;
    for (let candidate = parts.length - 1; candidate > first; candidate--) {
      if (parts.slice(first, candidate + 1).every((part) => part !== '') && isWord(parts.slice(first, candidate + 1).join('-'))) {
        last = candidate;
        break;
      }
    }
    const word = parts.slice(first, last + 1).join('-');
    if (word !== '') tokens.push({ kind: 'word', text: word, column: starts[first] });
    if (last + 1 < parts.length) tokens.push({ kind: 'operator', sign: -1, column: starts[last + 1] - 1 });
    first = last + 1;
  }
  return tokens;
}

/**
 * Parses "a - b + c" into signed words. `isWord` says which hyphenated words exist (default: none,
 * so every inner hyphen is a minus). Malformed input (nothing, two operators in a row, a trailing
 * operator, two words without an operator) is an 'invalid-input' error naming the column.
 */
export function parseExpression(text: string, isWord: (word: string) => boolean = () => false): ExpressionTerm[] {
  const tokens = tokenize(text, isWord);
  if (tokens.length === 0) throw syntaxError('The query is empty: give a word or an expression such as "king - man + woman"');
  const terms: ExpressionTerm[] = [];
  let sign: number | undefined;
  let expectWord = true;
  for (const token of tokens) {
    if (token.kind === 'operator') {
      if (sign !== undefined) throw syntaxError(`Two operators in a row at column ${token.column}: put a word between them`);
      sign = token.sign;
      expectWord = true;
      continue;
    }
    if (!expectWord) throw syntaxError(`Expected + or − before "${token.text}" at column ${token.column}`);
    terms.push({ word: token.text, sign: sign ?? 1 });
    sign = undefined;
    expectWord = false;
  }
  if (sign !== undefined) throw syntaxError('The query ends with an operator: add a word after it');
  return terms;
}
