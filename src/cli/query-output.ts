import type { ScoredWord } from '../engine/vectors/keyed-queries';

/** One line of a ranked list: rank, word, score and, when known, the corpus count. */
export function formatScoredWord(word: ScoredWord, rank: number): string {
  const count = word.count !== undefined ? `  ${String(word.count).padStart(9)}` : '';
  const zero = word.zeroVector ? '  (all-zero vector)' : '';
  return `${String(rank + 1).padStart(3)}  ${word.word.padEnd(24)} ${word.score.toFixed(4)}${count}${zero}`;
}
