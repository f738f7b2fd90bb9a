import { FirthError } from '../../shared/errors';

// Which words each format can hold; checked before anything is written.

/** Why a word cannot be written to a space-separated vector file, or undefined when it can. */
export function unwritableSpaceSeparatedWord(word: string): string | undefined {
  if (word === '') return 'the word is empty';
  if (/\s/u.test(word)) return `the word "${word}" contains whitespace, which the format uses to separate fields`;
  return undefined;
}

/** Throws 'invalid-input' naming the first word (by row) that the format cannot hold. */
export function checkWordsWritable(words: string[], problem: (word: string) => string | undefined, format: string): void {
  for (let row = 0; row < words.length; row++) {
    const reason = problem(words[row]);
    if (reason) throw new FirthError('invalid-input', `Cannot export as ${format}: word ${row + 1}: ${reason}`, { field: 'words' });
  }
}

