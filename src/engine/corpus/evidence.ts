// The evidence behind a neighbour, read from the corpus through its concordance index: which
// contexts a word has (by count and by PMI), which contexts two words share, and the lines where they
// occur. Contexts are counted as a run counts them: every token up to `window` away on each side,
// within the line unless the run lets windows cross lines, and only contexts in the run's vocabulary;
// words outside the vocabulary are deleted before windowing ("dirty", word2vec and SPPMI's default)
// or keep their positions ("clean"), as the run did. Not reproduced: SGNS's random window shrinking
// and subsampling, SPPMI's window weighting: the counts here are plain and reproducible.
//
// PMI(w, c) = log( P(c | w) / P_α(c) ), where P(c | w) = #(w, c) / Σ_c' #(w, c') is counted around w's
// occurrences and P_α(c) = #c^α / Σ_c' #c'^α is the smoothed unigram distribution of contexts
// (α = 0.75: SPPMI's cds, SGNS's noise exponent). The window is unweighted: the counts are the
// plain co-occurrences a reader can check against the concordance lines.

import { lineOfToken, positionsOf, type ConcordanceIndex } from './concordance-index';

export interface EvidenceSettings {
  window: number;
  /** Windows run across line ends (the run's sentenceBoundary 'none'). */
  crossLines: boolean;
  /** Context-distribution smoothing exponent. */
  alpha: number;
  /** Whether a word (as tokenized) is a context the run kept; every word when absent. */
  inVocabulary?: (word: string) => boolean;
  /** Words outside the vocabulary are removed before windowing (word2vec's way), instead of holding their positions. */
  skipOutOfVocabulary?: boolean;
}

export interface ContextRow {
  context: string;
  /** #(w, c): times c occurs within the window of w. */
  count: number;
  /** #c: the context's corpus frequency. */
  contextCount: number;
  pmi: number;
}

export interface WordContexts {
  word: string;
  occurrences: number;
  /** Σ_c #(w, c): every context counted around the word. */
  contextsCounted: number;
  byPmi: ContextRow[];
  byCount: ContextRow[];
}

export interface SharedContextRow {
  context: string;
  contextCount: number;
  countA: number;
  countB: number;
  pmiA: number;
  pmiB: number;
  /** The smaller PMI: a context ranks high only when it is typical of both words. */
  minPmi: number;
}

export interface ConcordanceLine {
  /** 1-based line number in the corpus file. */
  line: number;
  /** Token position in the corpus. */
  position: number;
  left: string[];
  keyword: string;
  right: string[];
  /** For a pair: where the other word is, as an offset from the keyword (−window … window). */
  otherOffsets?: number[];
}

/** The first and one-past-last token a window around `position` may reach. */
function bounds(index: ConcordanceIndex, position: number, crossLines: boolean): [number, number] {
  if (crossLines) return [0, index.tokens.length];
  const line = lineOfToken(index, position);
  return [index.lineStarts[line - 1], index.lineStarts[line]];
}

/** Calls `visit` with each context position of the token at `position` (in-vocabulary contexts only). */
function forEachContext(index: ConcordanceIndex, position: number, settings: EvidenceSettings, keep: Uint8Array, visit: (at: number) => void): void {
  const [first, end] = bounds(index, position, settings.crossLines);
  if (settings.skipOutOfVocabulary) {
    // Out-of-vocabulary tokens are gone: the window reaches `window` kept tokens on each side.
    for (let at = position - 1, found = 0; at >= first && found < settings.window; at--) {
      if (!keep[index.tokens[at]]) continue;
      visit(at);
      found++;
    }
    for (let at = position + 1, found = 0; at < end && found < settings.window; at++) {
      if (!keep[index.tokens[at]]) continue;
      visit(at);
      found++;
    }
    return;
  }
  const from = Math.max(first, position - settings.window);
  const to = Math.min(end, position + settings.window + 1);
  for (let at = from; at < to; at++) if (at !== position && keep[index.tokens[at]]) visit(at);
}

/** Context type → #(w, c) around every occurrence of the word. */
function countContexts(index: ConcordanceIndex, positions: Int32Array, settings: EvidenceSettings, keep: Uint8Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const position of positions) {
    forEachContext(index, position, settings, keep, (at) => {
      const type = index.tokens[at];
      counts.set(type, (counts.get(type) ?? 0) + 1);
    });
  }
  return counts;
}

/** Per index and vocabulary test: which types count as contexts, and Σ #c^α over them. */
const contextTables = new WeakMap<ConcordanceIndex, Map<string, { keep: Uint8Array; alphaTotal: number; alpha: number }>>();

function contextTable(index: ConcordanceIndex, settings: EvidenceSettings, cacheKey: string) {
  let tables = contextTables.get(index);
  if (!tables) {
    tables = new Map();
    contextTables.set(index, tables);
  }
  let table = tables.get(cacheKey);
  if (!table || table.alpha !== settings.alpha) {
    const keep = new Uint8Array(index.types.length);
    let alphaTotal = 0;
    for (let type = 0; type < index.types.length; type++) {
      if (settings.inVocabulary && !settings.inVocabulary(index.types[type])) continue;
      keep[type] = 1;
      alphaTotal += (index.postingStarts[type + 1] - index.postingStarts[type]) ** settings.alpha;
    }
    table = { keep, alphaTotal, alpha: settings.alpha };
    tables.set(cacheKey, table);
  }
  return table;
}

function frequency(index: ConcordanceIndex, type: number): number {
  return index.postingStarts[type + 1] - index.postingStarts[type];
}

interface CountedWord {
  positions: Int32Array;
  counts: Map<number, number>;
  total: number;
  pmiOf(type: number, count: number): number;
}

function countWord(index: ConcordanceIndex, word: string, settings: EvidenceSettings, cacheKey: string): CountedWord {
  const table = contextTable(index, settings, cacheKey);
  const positions = positionsOf(index, word);
  const counts = countContexts(index, positions, settings, table.keep);
  let total = 0;
  for (const count of counts.values()) total += count;
  return {
    positions,
    counts,
    total,
    pmiOf: (type, count) => Math.log(count / total) - Math.log(frequency(index, type) ** settings.alpha / table.alphaTotal),
  };
}

/**
 * The word's `top` contexts by PMI (among contexts seen at least `minPairCount` times, so that one
 * chance co-occurrence with a rare word does not top the list) and by count.
 */
export function wordContexts(index: ConcordanceIndex, word: string, settings: EvidenceSettings, options: { top?: number; minPairCount?: number; cacheKey?: string } = {}): WordContexts {
  const top = options.top ?? 20;
  const minPairCount = options.minPairCount ?? 3;
  const counted = countWord(index, word, settings, options.cacheKey ?? '');
  const rows: ContextRow[] = [...counted.counts].map(([type, count]) => ({ context: index.types[type], count, contextCount: frequency(index, type), pmi: counted.pmiOf(type, count) }));
  const byCount = [...rows].sort((a, b) => b.count - a.count || b.pmi - a.pmi).slice(0, top);
  const byPmi = rows.filter((row) => row.count >= minPairCount).sort((a, b) => b.pmi - a.pmi || b.count - a.count).slice(0, top);
  return { word, occurrences: counted.positions.length, contextsCounted: counted.total, byPmi, byCount };
}

/** The contexts both words have, ranked by the smaller of their two PMIs. */
export function sharedContexts(index: ConcordanceIndex, first: string, second: string, settings: EvidenceSettings, options: { top?: number; cacheKey?: string } = {}): SharedContextRow[] {
  const a = countWord(index, first, settings, options.cacheKey ?? '');
  const b = countWord(index, second, settings, options.cacheKey ?? '');
  const rows: SharedContextRow[] = [];
  for (const [type, countA] of a.counts) {
    const countB = b.counts.get(type);
    if (countB === undefined) continue;
    const pmiA = a.pmiOf(type, countA);
    const pmiB = b.pmiOf(type, countB);
    rows.push({ context: index.types[type], contextCount: frequency(index, type), countA, countB, pmiA, pmiB, minPmi: Math.min(pmiA, pmiB) });
  }
  return rows.sort((x, y) => y.minPmi - x.minPmi || Math.min(y.countA, y.countB) - Math.min(x.countA, x.countB)).slice(0, options.top ?? 20);
}

/**
 * Keyword-in-context lines: the first `limit` occurrences of the word in corpus order, with `span`
 * tokens on each side (within the line). With `other`, only occurrences that have the other word
 * within the window, and where it is.
 */
export function concordance(
  index: ConcordanceIndex,
  word: string,
  settings: EvidenceSettings,
  options: { other?: string; limit?: number; span?: number; cacheKey?: string } = {},
): { total: number; lines: ConcordanceLine[] } {
  const limit = options.limit ?? 25;
  const span = options.span ?? 10;
  const positions = positionsOf(index, word);
  const otherType = options.other !== undefined ? index.typeIndex.get(options.other) : undefined;
  if (options.other !== undefined && otherType === undefined) return { total: 0, lines: [] };
  const { keep } = contextTable(index, settings, options.cacheKey ?? '');
  const lines: ConcordanceLine[] = [];
  let total = 0;
  for (const position of positions) {
    let otherOffsets: number[] | undefined;
    if (otherType !== undefined) {
      const offsets: number[] = [];
      forEachContext(index, position, settings, keep, (at) => {
        if (index.tokens[at] === otherType) offsets.push(at - position);
      });
      if (offsets.length === 0) continue;
      otherOffsets = offsets.sort((a, b) => a - b);
    }
    total++;
    if (lines.length >= limit) {
      // Without a pair to test, the total is the word's frequency: no need to walk on.
      if (otherType === undefined) {
        total = positions.length;
        break;
      }
      continue;
    }
    const line = lineOfToken(index, position);
    const lineStart = index.lineStarts[line - 1];
    const lineEnd = index.lineStarts[line];
    const text = (from: number, to: number) => Array.from(index.tokens.subarray(from, to), (type) => index.types[type]);
    lines.push({
      line,
      position,
      left: text(Math.max(lineStart, position - span), position),
      keyword: index.types[index.tokens[position]],
      right: text(position + 1, Math.min(lineEnd, position + span + 1)),
      ...(otherOffsets ? { otherOffsets } : {}),
    });
  }
  return { total, lines };
}
