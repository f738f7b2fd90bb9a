// vocab.tsv: one `word<TAB>count` line per word, in vocabulary order (the row order of every matrix
// and vector file of the run). Plain text so that people can read it and other tools can load it.

import { FirthError } from '../../shared/errors';
import { vocabularyFromWords, type Vocabulary } from './vocabulary';

export function formatVocabularyTsv(vocabulary: Vocabulary): string {
  const lines = vocabulary.words.map((word, id) => `${word}\t${vocabulary.counts[id]}\n`);
  return lines.join('');
}

/** Reads vocab.tsv back, refusing anything that would silently shift row ids. */
export function parseVocabularyTsv(text: string, file?: string): Vocabulary {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const words: string[] = [];
  const counts = new Float64Array(lines.length);
  const seen = new Set<string>();
  const fail = (lineIndex: number, problem: string): never => {
    throw new FirthError('corrupt-file', `${file ?? 'vocab.tsv'} line ${lineIndex + 1}: ${problem}`, { file, line: lineIndex + 1 });
  };
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex].endsWith('\r') ? lines[lineIndex].slice(0, -1) : lines[lineIndex];
    const fields = line.split('\t');
    if (fields.length !== 2) fail(lineIndex, `expected "word<TAB>count", found ${fields.length} field(s)`);
    const [word, countText] = fields;
    if (word.length === 0) fail(lineIndex, 'the word is empty');
    if (seen.has(word)) fail(lineIndex, `"${word}" appears twice`);
    const count = Number(countText);
    if (!/^\d+$/.test(countText) || !Number.isSafeInteger(count)) fail(lineIndex, `the count "${countText}" is not a whole number`);
    seen.add(word);
    words.push(word);
    counts[lineIndex] = count;
  }
  return vocabularyFromWords(words, counts);
}
