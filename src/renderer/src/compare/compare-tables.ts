// The Compare tab's tables, from the service's per-word arrays (all in comparison.words order).

export interface WordValue {
  index: number;
  word: string;
  value: number;
}

/**
 * The `count` words with the lowest (or highest) value, ties broken by frequency rank so the list
 * is stable; `keep` narrows the candidates (a brushed range, say).
 */
export function rankWords(
  words: readonly string[],
  values: ArrayLike<number>,
  order: 'lowest' | 'highest',
  count: number,
  keep: (value: number, index: number) => boolean = () => true,
): WordValue[] {
  const candidates: WordValue[] = [];
  for (let index = 0; index < Math.min(words.length, values.length); index++) {
    const value = values[index];
    if (Number.isFinite(value) && keep(value, index)) candidates.push({ index, word: words[index], value });
  }
  const sign = order === 'lowest' ? 1 : -1;
  candidates.sort((first, second) => sign * (first.value - second.value) || first.index - second.index);
  return candidates.slice(0, count);
}

/** Rows for a CSV of per-word columns: rank (1 = most frequent), word, then each column's value. */
export function perWordRows(words: readonly string[], columns: readonly ArrayLike<number>[]): (string | number)[][] {
  return words.map((word, index) => [index + 1, word, ...columns.map((column) => column[index])]);
}

/** "except" anchors typed as text: words separated by spaces, commas or new lines, each once. */
export function parseWordList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((word) => word !== ''))];
}

/** A top-N field: a whole number ≥ minimum, or the message to show next to it. */
export function parseCount(text: string | number, minimum: number, maximum = Number.MAX_SAFE_INTEGER): { value: number } | { error: string } {
  // A number input bound with bind:value holds a number once the user has typed in it.
  const trimmed = String(text).trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isInteger(value) || value < minimum || value > maximum) {
    return { error: `A whole number from ${minimum.toLocaleString('en')} to ${maximum.toLocaleString('en')}` };
  }
  return { value };
}

/** A selection of word indices; state holds it raw and replaces it whole, never mutating it. */
export function selectionOf(indices: Iterable<number> = []): ReadonlySet<number> {
  return new Set(indices);
}
