import { contentLines, type LineProblem } from './test-set-lines';

// Word-similarity files: one pair per line, "word1 word2 score", separated by spaces or tabs (the
// hyperwords and wordvectors.org layout). Blank lines and "#" comments are skipped, and a first
// line whose score is not a number is taken as a header.

export interface SimilarityPair {
  word1: string;
  word2: string;
  /** The human rating; only its order matters to Spearman's ρ, so scales may differ between sets. */
  score: number;
  line: number;
}

export interface SimilaritySet {
  name: string;
  pairs: SimilarityPair[];
  /** Malformed lines, reported and left out. */
  problems: LineProblem[];
  /** The header line, when the file has one. */
  header?: string;
}

export function parseSimilaritySet(text: string, name: string): SimilaritySet {
  const set: SimilaritySet = { name, pairs: [], problems: [] };
  for (const { line, text: content } of contentLines(text)) {
    const fields = content.split(/[ \t]+/);
    const score = fields.length === 3 && fields[2] !== '' ? Number(fields[2]) : Number.NaN;
    if (fields.length === 3 && Number.isFinite(score)) {
      set.pairs.push({ word1: fields[0], word2: fields[1], score, line });
      continue;
    }
    if (set.pairs.length === 0 && set.problems.length === 0 && set.header === undefined && fields.length === 3) {
      set.header = content;
      continue;
    }
    set.problems.push({
      line,
      text: content,
      reason: fields.length !== 3 ? `expected "word1 word2 score", found ${fields.length} fields` : `the score "${fields[2]}" is not a number`,
    });
  }
  return set;
}
