import type { ImportProblems } from './import-problems';
import { readTextLines, type TextEncoding } from './text-lines';

// The two word-list files that sit beside a matrix:
//   vocab.txt  one word per line (the sidecar of a .npy export; NumPy users write it with
//              "\n".join(words));
//   vocab.tsv  word<TAB>count per line, most frequent first (a Firth run folder).
// Nothing else about src/engine/corpus is assumed: this reader only needs the two columns.

export interface WordList {
  words: string[];
  /** Present for vocab.tsv. */
  counts?: Float64Array;
  /**
   * For each kept word, its line number; rows of the matrix beside it are matched by line order, so
   * the loader needs to know which lines were dropped.
   */
  lines: number[];
  /** Lines in the file that name a word (blank trailing lines excluded), kept or not. */
  wordLines: number;
}

export interface ReadWordListOptions {
  withCounts: boolean;
  encoding?: TextEncoding;
  signal?: AbortSignal;
}

/**
 * Reads vocab.txt or vocab.tsv. Every line names a word, kept or not, so that line i still lines up
 * with row i of the matrix: a bad line is reported (or, with skipInvalid, dropped together with its
 * row by the caller). Only blank lines at the very end are ignored.
 */
export async function readWordList(file: string, problems: ImportProblems, options: ReadWordListOptions): Promise<WordList> {
  const words: string[] = [];
  const counts: number[] = [];
  const lines: number[] = [];
  const seen = new Map<string, number>();
  let blankRun: number[] = [];
  let wordLines = 0;

  const take = (line: string | null, lineNumber: number) => {
    wordLines++;
    if (line === null) return problems.report({ line: lineNumber }, 'the word is not valid UTF-8');
    let word = line;
    let count: number | undefined;
    if (options.withCounts) {
      const tab = line.lastIndexOf('\t');
      if (tab < 0) return problems.report({ line: lineNumber }, 'expected word<TAB>count');
      word = line.slice(0, tab);
      count = Number(line.slice(tab + 1));
      if (!Number.isFinite(count) || count < 0 || line.slice(tab + 1).trim() === '') {
        return problems.report({ line: lineNumber }, `the count "${line.slice(tab + 1)}" is not a non-negative number`);
      }
    }
    if (word === '') return problems.report({ line: lineNumber }, 'the word is empty');
    const earlier = seen.get(word);
    if (earlier !== undefined) return problems.report({ line: lineNumber }, `the word "${word}" appears twice (first on line ${earlier})`);
    seen.set(word, lineNumber);
    words.push(word);
    if (count !== undefined) counts.push(count);
    lines.push(lineNumber);
  };

  for await (const batch of readTextLines(file, options)) {
    batch.lines.forEach((line, index) => {
      const lineNumber = batch.firstLineNumber + index;
      if (line === '') {
        blankRun.push(lineNumber);
        return;
      }
      // Blank lines followed by more words are rows too (a matrix row whose word is empty).
      for (const blank of blankRun) take('', blank);
      blankRun = [];
      take(line, lineNumber);
    });
  }
  const list: WordList = { words, lines, wordLines };
  if (options.withCounts) list.counts = Float64Array.from(counts);
  return list;
}

/** vocab.txt: one word per line. */
export function* wordListChunks(words: string[]): Generator<string> {
  const perChunk = 65536;
  for (let start = 0; start < words.length; start += perChunk) {
    yield words.slice(start, start + perChunk).join('\n') + '\n';
  }
}
