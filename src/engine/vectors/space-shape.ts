import { FirthError } from '../../shared/errors';
import type { Embedding } from '../formats/embedding';
import { symmetricEigen } from '../linalg/symmetric-eigen';
import { normalizeRows } from './unit-rows';

// When cosines mislead. Two cases a reader of neighbour lists cannot see:
// - an all-zero vector (an SPPMI row with no positive cell) has cosine 0 with everything, so its
//   "neighbours" are arbitrary;
// - when most unit vectors point one way (the norm of their mean near 1), every cosine is high and
//   neighbour lists are dominated by that common direction. Mu & Viswanath (2018, "All-but-the-Top")
//   remove it: subtract the mean vector, then the projections on the top principal components.

/** Above this mean-unit-vector norm the space gets a warning (a 2-epoch SGNS on the sample: 0.98). */
export const sharedDirectionThreshold = 0.9;

export interface SpaceShape {
  words: number;
  dimensions: number;
  /** How many words have an all-zero vector. */
  zeroVectors: number;
  /** ‖mean of the non-zero unit vectors‖: 0 for directions spread evenly, 1 when all coincide. */
  meanUnitNorm: number;
}

export function spaceShape(embedding: Embedding): SpaceShape {
  const d = embedding.dimensions;
  const unit = normalizeRows(embedding.vectors, d);
  const mean = new Float64Array(d);
  let zeroVectors = 0;
  const rows = embedding.words.length;
  for (let row = 0; row < rows; row++) {
    let zero = true;
    for (let index = 0; index < d; index++) {
      const value = unit[row * d + index];
      if (value !== 0) zero = false;
      mean[index] += value;
    }
    if (zero) zeroVectors++;
  }
  const nonZero = rows - zeroVectors;
  let squares = 0;
  for (let index = 0; index < d; index++) squares += (mean[index] / Math.max(1, nonZero)) ** 2;
  return { words: rows, dimensions: d, zeroVectors, meanUnitNorm: Math.sqrt(squares) };
}

/**
 * Mu & Viswanath's post-processing: every non-zero vector minus the mean of the non-zero vectors,
 * then minus its projection on the top `components` principal directions of the centred vectors.
 * All-zero vectors stay zero (they carry nothing to centre). Returns a new embedding.
 */
export function centreVectors(embedding: Embedding, components = 0): Embedding {
  const d = embedding.dimensions;
  if (!Number.isSafeInteger(components) || components < 0 || components >= d) {
    throw new FirthError('invalid-input', `The number of principal components to remove must be a whole number from 0 to ${d - 1} (got ${components})`, { field: 'components' });
  }
  const rows = embedding.words.length;
  const source = embedding.vectors;
  const isZero = new Uint8Array(rows);
  const mean = new Float64Array(d);
  let nonZero = 0;
  for (let row = 0; row < rows; row++) {
    let zero = true;
    for (let index = 0; index < d; index++) if (source[row * d + index] !== 0) zero = false;
    isZero[row] = zero ? 1 : 0;
    if (zero) continue;
    nonZero++;
    for (let index = 0; index < d; index++) mean[index] += source[row * d + index];
  }
  for (let index = 0; index < d; index++) mean[index] /= Math.max(1, nonZero);
  const vectors = new Float32Array(source.length);
  const centred = new Float64Array(d);
  const covariance = components > 0 ? new Float64Array(d * d) : undefined;
  for (let row = 0; row < rows; row++) {
    if (isZero[row]) continue;
    for (let index = 0; index < d; index++) centred[index] = source[row * d + index] - mean[index];
    if (covariance) {
      for (let i = 0; i < d; i++) for (let j = i; j < d; j++) covariance[i * d + j] += centred[i] * centred[j];
    }
    for (let index = 0; index < d; index++) vectors[row * d + index] = centred[index];
  }
  if (covariance && components > 0) {
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) covariance[i * d + j] = covariance[j * d + i];
    const eigen = symmetricEigen(covariance, d);
    // Eigenvalues ascend: the top components are the last rows.
    const directions = Array.from({ length: components }, (_, rank) => eigen.vectors.subarray((d - 1 - rank) * d, (d - rank) * d));
    for (let row = 0; row < rows; row++) {
      if (isZero[row]) continue;
      const offset = row * d;
      for (const direction of directions) {
        let projection = 0;
        for (let index = 0; index < d; index++) projection += vectors[offset + index] * direction[index];
        for (let index = 0; index < d; index++) vectors[offset + index] -= projection * direction[index];
      }
    }
  }
  const centredEmbedding: Embedding = { words: embedding.words, vectors, dimensions: d };
  if (embedding.counts) centredEmbedding.counts = embedding.counts;
  return centredEmbedding;
}
