// A dense, deliberately plain co-occurrence count to test the hash-and-CSR implementation against:
// hyperwords' corpus2pairs loop (every centre emits a pair for every context on both sides), no tricks.

import type { CooccurrenceMatrix } from '../../../src/engine/cooccurrence/cooccurrence-matrix';
import type { WindowWeighting } from '../../../src/engine/cooccurrence/cooccurrence-options';

/** N as a dense V×V array for ids already subsampled/cleaned: −1 placeholder, −2 sentence end. */
export function denseCounts(stream: ArrayLike<number>, size: number, window: number, weighting: WindowWeighting): Float64Array {
  const weight = (distance: number): number =>
    weighting === 'flat' ? 1 : weighting === 'dyn' ? (window - distance + 1) / window : 1 / distance;
  const dense = new Float64Array(size * size);
  const sentenceOf = new Int32Array(stream.length);
  for (let position = 0, sentence = 0; position < stream.length; position++) {
    if (stream[position] === -2) sentence++;
    sentenceOf[position] = sentence;
  }
  for (let centre = 0; centre < stream.length; centre++) {
    const word = stream[centre];
    if (word < 0) continue;
    for (let other = centre - window; other <= centre + window; other++) {
      if (other === centre || other < 0 || other >= stream.length) continue;
      const context = stream[other];
      if (context < 0 || sentenceOf[other] !== sentenceOf[centre]) continue;
      dense[word * size + context] += weight(Math.abs(other - centre));
    }
  }
  return dense;
}

export function toDense(matrix: CooccurrenceMatrix): Float64Array {
  const dense = new Float64Array(matrix.rows * matrix.columns);
  for (let row = 0; row < matrix.rows; row++) {
    for (let slot = matrix.rowPointers[row]; slot < matrix.rowPointers[row + 1]; slot++) {
      dense[row * matrix.columns + matrix.columnIndices[slot]] += matrix.values[slot];
    }
  }
  return dense;
}

/** A random corpus of `length` tokens over `size` words (Zipf-like), with OOV tokens and sentence ends. */
export function randomCorpus(length: number, size: number, seed: number): Int32Array {
  let state = seed >>> 0 || 1;
  const random = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const ids = new Int32Array(length);
  for (let position = 0; position < length; position++) {
    const draw = random();
    if (draw < 0.05) ids[position] = -2;
    else if (draw < 0.12) ids[position] = -1;
    else ids[position] = Math.min(size - 1, Math.floor(size * random() ** 2));
  }
  return ids;
}
