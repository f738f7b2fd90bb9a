// Raw text split on whitespace keeps punctuation on words ("him,", "lord."), which splits one word
// into several and fills neighbour lists with near-duplicates. The share of such tokens says when a
// corpus wants the `unicode` token pattern instead.

/** Above this share of vocabulary tokens with punctuation attached, the import warns. */
export const punctuationWarningShare = 0.02;

const attached = /^[\p{P}\p{S}]|[\p{P}\p{S}]$/u;

/** Tokens (by count) of vocabulary words that start or end with punctuation, and the most frequent such words. */
export function punctuatedTokens(words: readonly string[], counts: ArrayLike<number>, examples = 6): { share: number; tokens: number; examples: string[] } {
  let tokens = 0;
  let total = 0;
  const found: string[] = [];
  for (let rank = 0; rank < words.length; rank++) {
    total += counts[rank];
    // A word that is punctuation only ("—", "&") is a token of its own, not punctuation attached to a word.
    if (!attached.test(words[rank]) || !/[\p{L}\p{N}]/u.test(words[rank])) continue;
    tokens += counts[rank];
    if (found.length < examples) found.push(words[rank]);
  }
  return { share: total > 0 ? tokens / total : 0, tokens, examples: found };
}
