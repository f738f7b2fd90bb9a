import { FirthError } from '../../shared/errors';

/** |A∩B| / |A∪B| of two neighbour lists of length `size` (no repeats within a list). */
function jaccard(neighborsA: Uint32Array, offsetA: number, neighborsB: Uint32Array, offsetB: number, size: number): number {
  // Lists are short (k ≲ 100), so a nested scan beats building a set per word.
  let shared = 0;
  for (let first = 0; first < size; first++) {
    const value = neighborsA[offsetA + first];
    for (let second = 0; second < size; second++) {
      if (neighborsB[offsetB + second] === value) {
        shared++;
        break;
      }
    }
  }
  return shared / (2 * size - shared);
}

/**
 * Jaccard overlap of each word's k nearest neighbours in two spaces (rows×k lists over the same
 * shared vocabulary): 1 when the neighbourhoods agree, 0 when they share nothing.
 */
export function neighborOverlap(neighborsA: Uint32Array, neighborsB: Uint32Array, rows: number, k: number): Float64Array {
  if (neighborsA.length !== rows * k || neighborsB.length !== rows * k) {
    throw new FirthError('invalid-input', `Neighbour lists must hold ${rows}×${k} = ${rows * k} rows (got ${neighborsA.length} and ${neighborsB.length})`, {
      field: 'neighbors',
    });
  }
  const overlap = new Float64Array(rows);
  for (let row = 0; row < rows; row++) overlap[row] = jaccard(neighborsA, row * k, neighborsB, row * k, k);
  return overlap;
}

/**
 * One word's overlap at every k = 1 … kMax: how agreement changes as the neighbourhood widens. The
 * lists must have been computed with kMax neighbours per row; the first k of a best-first list are
 * the k nearest, so one computation serves every smaller k.
 */
export function overlapSweep(neighborsA: Uint32Array, neighborsB: Uint32Array, row: number, kMax: number): Float64Array {
  if (!Number.isSafeInteger(kMax) || kMax < 1 || neighborsA.length % kMax !== 0 || neighborsA.length !== neighborsB.length) {
    throw new FirthError('invalid-input', `Neighbour lists must be computed with kMax = ${kMax} neighbours per row`, { field: 'kMax' });
  }
  if (!Number.isSafeInteger(row) || row < 0 || (row + 1) * kMax > neighborsA.length) {
    throw new FirthError('invalid-input', `Row ${row} is outside the neighbour lists`, { field: 'row' });
  }
  const offset = row * kMax;
  const sweep = new Float64Array(kMax);
  // Grow both prefixes by one at a time and count the new matches incrementally: O(kMax²) in all.
  const seenA = new Set<number>();
  const seenB = new Set<number>();
  let shared = 0;
  for (let k = 1; k <= kMax; k++) {
    const fromA = neighborsA[offset + k - 1];
    const fromB = neighborsB[offset + k - 1];
    seenA.add(fromA);
    seenB.add(fromB);
    if (seenB.has(fromA)) shared++;
    if (fromB !== fromA && seenA.has(fromB)) shared++;
    sweep[k - 1] = shared / (2 * k - shared);
  }
  return sweep;
}
