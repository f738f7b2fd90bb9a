// The counts of a few words only: the submatrix N[S, S] for a word list S, with its own marginals,
// so that the SGNS objective on it is the objective of that smaller matrix (its N_i and P_α(j) come
// from the kept cells, as they would if the corpus had only those words to count).

import { FirthError } from '../../shared/errors';
import type { CooccurrenceMatrix } from '../cooccurrence/cooccurrence-matrix';

/** N[S, S] with `words[n]` (an index into `counts`) becoming row and column n. */
export function restrictCounts(counts: CooccurrenceMatrix, words: ArrayLike<number>): CooccurrenceMatrix {
  const size = words.length;
  const newIndex = new Int32Array(counts.columns).fill(-1);
  for (let position = 0; position < size; position++) {
    const word = words[position];
    if (!Number.isSafeInteger(word) || word < 0 || word >= counts.rows || word >= counts.columns || newIndex[word] >= 0) {
      throw new FirthError('invalid-input', `restrictCounts: word ${word} at ${position} is out of range or repeated`, { field: 'words' });
    }
    newIndex[word] = position;
  }
  const rowPointers = new Uint32Array(size + 1);
  for (let position = 0; position < size; position++) {
    const word = words[position];
    let kept = 0;
    for (let slot = counts.rowPointers[word]; slot < counts.rowPointers[word + 1]; slot++) if (newIndex[counts.columnIndices[slot]] >= 0) kept++;
    rowPointers[position + 1] = rowPointers[position] + kept;
  }
  const cells = rowPointers[size];
  const columnIndices = new Uint32Array(cells);
  const values = new Float64Array(cells);
  const rowSums = new Float64Array(size);
  const columnSums = new Float64Array(size);
  let total = 0;
  const rowCells: Array<[number, number]> = [];
  for (let position = 0; position < size; position++) {
    const word = words[position];
    rowCells.length = 0;
    for (let slot = counts.rowPointers[word]; slot < counts.rowPointers[word + 1]; slot++) {
      const column = newIndex[counts.columnIndices[slot]];
      if (column >= 0) rowCells.push([column, counts.values[slot]]);
    }
    // Columns ascend within a row (the CSR promise), in the new order.
    rowCells.sort((left, right) => left[0] - right[0]);
    let slot = rowPointers[position];
    for (const [column, value] of rowCells) {
      columnIndices[slot] = column;
      values[slot++] = value;
      rowSums[position] += value;
      columnSums[column] += value;
      total += value;
    }
  }
  return { rows: size, columns: size, rowPointers, columnIndices, values, rowSums, columnSums, total };
}
