import { Matrix, QrDecomposition } from 'ml-matrix';
import { createRandom } from '../../../src/engine/evaluation';

/** rows×d uniform values in [−1, 1), repeatable by seed. */
export function randomVectors(rows: number, d: number, seed: number): Float32Array {
  const random = createRandom(seed, 'compare-test');
  return Float32Array.from({ length: rows * d }, () => random() * 2 - 1);
}

/** A random orthogonal d×d matrix (row-major): Q of the QR of a Gaussian matrix. */
export function randomOrthogonal(d: number, seed: number): Float64Array {
  const random = createRandom(seed, 'compare-orthogonal');
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const matrix = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) matrix.set(i, j, gaussian());
  const q = new QrDecomposition(matrix).orthogonalMatrix;
  return Float64Array.from({ length: d * d }, (_, index) => q.get(Math.floor(index / d), index % d));
}

/** X(rows×d)·R(d×d) in float64, returned as float32. */
export function times(x: Float32Array, rows: number, d: number, rotation: Float64Array): Float32Array {
  const result = new Float32Array(rows * d);
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let i = 0; i < d; i++) sum += x[row * d + i] * rotation[i * d + j];
      result[row * d + j] = sum;
    }
  }
  return result;
}
