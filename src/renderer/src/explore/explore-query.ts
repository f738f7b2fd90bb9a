// Pure helpers of the Explore tab: what to complete as the user types, which neighbours every
// chosen space agrees on, how numbers read.

/** The word being typed at the end of a query ("king - ma" → prefix "ma", before "king - "). */
export function lastWord(text: string): { before: string; prefix: string } {
  // A hyphen ends the word too: in "king-ma" it is most often a minus sign.
  const prefix = /[^\s+\u2212-]*$/u.exec(text)?.[0] ?? '';
  return { before: text.slice(0, text.length - prefix.length), prefix };
}

/** Words of a "doesn't match" list: separated by spaces or commas. */
export function wordsOf(text: string): string[] {
  return text
    .split(/[\s,]+/u)
    .map((word) => word.trim())
    .filter((word) => word !== '');
}

/** The neighbours that every list holds (only meaningful with two lists or more). */
export function commonWords(lists: ReadonlyArray<ReadonlyArray<{ word: string }>>): Set<string> {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length < 2) return new Set();
  const [first, ...rest] = nonEmpty;
  const sets = rest.map((list) => new Set(list.map((item) => item.word)));
  return new Set(first.map((item) => item.word).filter((word) => sets.every((set) => set.has(word))));
}

/** A cosine with three decimals and a true minus sign. */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(3).replace('-', '\u2212');
}

/** A corpus count with thousands separators, or a dash when the space does not know it. */
export function formatCount(value: number | undefined): string {
  return value === undefined ? '—' : Math.round(value).toLocaleString('en-US');
}
