import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { FirthError } from '../../shared/errors';

export interface PcaProjection {
  /** Each row's coordinate on the first and second principal axes. */
  x: Float64Array;
  y: Float64Array;
  /** λᵢ / Σλ: the share of the total variance each axis explains. */
  explained: [number, number];
}

/**
 * The rows (rows×d, row-major) projected on their top two principal axes. With X the centred rows,
 * the axes are the leading eigenvectors of the covariance Xᵀ·X / rows. The d×d eigenproblem is solved
 * in float64 with ml-matrix: d is at most a few hundred to ~1,000, so it is small next to the
 * rows·d²/2 products that build the covariance.
 *
 * An eigenvector is only defined up to sign; each axis is flipped so that its largest-|loading|
 * coordinate is positive, so the same vectors always give the same picture.
 */
export function pcaProjection(vectors: Float32Array, rows: number, d: number): PcaProjection {
  if (!Number.isSafeInteger(rows) || rows < 1 || !Number.isSafeInteger(d) || d < 1) {
    throw new FirthError('invalid-input', `pcaProjection needs at least 1 row and 1 dimension (got ${rows}×${d})`, { field: 'rows' });
  }
  if (vectors.length < rows * d) {
    throw new FirthError('invalid-input', `pcaProjection needs ${rows}×${d} values (got ${vectors.length})`, { field: 'vectors' });
  }

  const mean = new Float64Array(d);
  for (let row = 0; row < rows; row++) {
    const offset = row * d;
    for (let j = 0; j < d; j++) mean[j] += vectors[offset + j];
  }
  for (let j = 0; j < d; j++) mean[j] /= rows;

  // Upper triangle of Xᵀ·X, then mirrored; one centred row at a time in float64.
  const scatter = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let row = 0; row < rows; row++) {
    const offset = row * d;
    for (let j = 0; j < d; j++) centred[j] = vectors[offset + j] - mean[j];
    for (let i = 0; i < d; i++) {
      const value = centred[i];
      if (value === 0) continue;
      const scatterRow = i * d;
      for (let j = i; j < d; j++) scatter[scatterRow + j] += value * centred[j];
    }
  }
  const covariance = new Matrix(d, d);
  let totalVariance = 0;
  for (let i = 0; i < d; i++) {
    totalVariance += scatter[i * d + i];
    for (let j = i; j < d; j++) {
      covariance.set(i, j, scatter[i * d + j] / rows);
      covariance.set(j, i, scatter[i * d + j] / rows);
    }
  }
  totalVariance /= rows;

  const x = new Float64Array(rows);
  const y = new Float64Array(rows);
  if (!(totalVariance > 0)) return { x, y, explained: [0, 0] };

  const decomposition = new EigenvalueDecomposition(covariance, { assumeSymmetric: true });
  const eigenvalues = decomposition.realEigenvalues;
  const order = eigenvalues.map((_, index) => index).sort((left, right) => eigenvalues[right] - eigenvalues[left] || left - right);
  const axes = [order[0], order[1] ?? -1].map((column) => orientedAxis(decomposition.eigenvectorMatrix, column, d));

  for (let row = 0; row < rows; row++) {
    const offset = row * d;
    let first = 0;
    let second = 0;
    for (let j = 0; j < d; j++) {
      const value = vectors[offset + j] - mean[j];
      first += value * axes[0][j];
      second += value * axes[1][j];
    }
    x[row] = first;
    y[row] = second;
  }
  // Round-off can leave a null direction's eigenvalue a hair below zero: a share is never negative.
  const share = (column: number | undefined) => (column === undefined ? 0 : Math.max(0, eigenvalues[column]) / totalVariance);
  return { x, y, explained: [share(order[0]), share(order[1])] };
}

/** Column `column` of the eigenvectors (zeros for a missing one, d = 1), its largest |entry| made positive. */
function orientedAxis(eigenvectors: Matrix, column: number, d: number): Float64Array {
  const axis = new Float64Array(d);
  if (column < 0) return axis;
  let largest = 0;
  for (let j = 0; j < d; j++) {
    axis[j] = eigenvectors.get(j, column);
    if (Math.abs(axis[j]) > Math.abs(axis[largest])) largest = j;
  }
  if (axis[largest] < 0) for (let j = 0; j < d; j++) axis[j] = -axis[j];
  return axis;
}
