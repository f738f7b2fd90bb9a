// How text becomes tokens. The defaults suit ordinary prose; `whitespace` suits corpora that are
// already tokenised (text8, hyperwords' cleaned corpora), where every run of non-space is a word.

import { FirthError } from '../../shared/errors';
import { withoutUndefined } from '../options';

export const tokenPatterns = ['unicode', 'whitespace'] as const;
export type TokenPattern = (typeof tokenPatterns)[number];

export const sentenceBoundaries = ['line', 'none'] as const;
/** `line`: each line is a sentence and windows never cross a line end (hyperwords). `none`: line ends
 * are ordinary whitespace, for corpora whose line breaks are layout, not sentences. */
export type SentenceBoundary = (typeof sentenceBoundaries)[number];

export interface TokenizerOptions {
  lowercase: boolean;
  /** `unicode`: runs of Unicode letters, marks and digits, with apostrophes (' or ’) kept between two
   * such runs ("don't", "o’clock"). `whitespace`: runs of anything but whitespace. */
  tokenPattern: TokenPattern;
  sentenceBoundary: SentenceBoundary;
  /** Tokens made only of digits are dropped, as if the text did not have them. Absent = false (and
   * absent from cache keys, so corpora cached before the option existed stay cached). */
  dropNumbers?: boolean;
  /** Tokens matching this regular expression in full (after lowercasing) are dropped. Absent = none. */
  dropPattern?: string;
}

export const defaultTokenizerOptions: Readonly<TokenizerOptions> = Object.freeze({
  lowercase: true,
  tokenPattern: 'unicode',
  sentenceBoundary: 'line',
});

/** Fills in defaults and rejects unknown values, naming the option. */
export function resolveTokenizerOptions(options: Partial<TokenizerOptions> = {}): TokenizerOptions {
  const resolved = { ...defaultTokenizerOptions, ...withoutUndefined(options) };
  if (typeof resolved.lowercase !== 'boolean') {
    throw new FirthError('invalid-input', `lowercase must be true or false (got ${String(resolved.lowercase)})`, { field: 'lowercase' });
  }
  if (!tokenPatterns.includes(resolved.tokenPattern)) {
    throw new FirthError('invalid-input', `tokenPattern must be one of ${tokenPatterns.join(', ')} (got "${String(resolved.tokenPattern)}")`, {
      field: 'tokenPattern',
    });
  }
  if (!sentenceBoundaries.includes(resolved.sentenceBoundary)) {
    throw new FirthError(
      'invalid-input',
      `sentenceBoundary must be one of ${sentenceBoundaries.join(', ')} (got "${String(resolved.sentenceBoundary)}")`,
      { field: 'sentenceBoundary' },
    );
  }
  if (resolved.dropNumbers !== undefined && typeof resolved.dropNumbers !== 'boolean') {
    throw new FirthError('invalid-input', `dropNumbers must be true or false (got ${String(resolved.dropNumbers)})`, { field: 'dropNumbers' });
  }
  if (resolved.dropPattern !== undefined) {
    try {
      new RegExp(`^(?:${String(resolved.dropPattern)})$`, 'u');
    } catch (error) {
      throw new FirthError('invalid-input', `dropPattern is not a valid regular expression: ${(error as Error).message}`, { field: 'dropPattern' });
    }
  }
  return {
    lowercase: resolved.lowercase,
    tokenPattern: resolved.tokenPattern,
    sentenceBoundary: resolved.sentenceBoundary,
    ...(resolved.dropNumbers ? { dropNumbers: true } : {}),
    ...(resolved.dropPattern ? { dropPattern: resolved.dropPattern } : {}),
  };
}
