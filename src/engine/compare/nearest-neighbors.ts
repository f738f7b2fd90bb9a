import { FirthError } from '../../shared/errors';
import type { Kernels } from '../compute';
import { trackPhase, type LongWorkOptions } from '../long-work';
import { topK } from '../vectors/top-k';
import { normalizeRows } from '../vectors/unit-rows';

/**
 * Query rows per matrix product: 1024 × 20,000 float32 similarities is 80 MB, large enough to keep
 * the kernels busy and small enough not to hold the whole rows×rows matrix at once.
 */
const queriesPerProduct = 1024;

function checkShape(vectors: Float32Array, rows: number, d: number, k: number): void {
  if (!Number.isSafeInteger(rows) || rows < 1) throw new FirthError('invalid-input', `rows must be at least 1 (got ${rows})`, { field: 'rows' });
  if (!Number.isSafeInteger(d) || d < 1) throw new FirthError('invalid-input', `d must be at least 1 (got ${d})`, { field: 'dimensions' });
  if (vectors.length < rows * d) {
    throw new FirthError('invalid-input', `${rows} rows of ${d} dimensions need ${rows * d} values (got ${vectors.length})`, { field: 'vectors' });
  }
  if (!Number.isSafeInteger(k) || k < 1 || k > rows - 1) {
    throw new FirthError('invalid-input', `k must be a whole number from 1 to ${rows - 1} (got ${k})`, { field: 'k' });
  }
}

/**
 * The k nearest rows of every row by cosine, best first, itself left out: a rows×k matrix of row
 * indices. Rows are normalised once, then similarities come block by block from `kernels.matmul`
 * (queries × all rowsᵀ) so the quadratic work runs in the kernels, and only the top-k scan is in JS.
 */
export async function allNearestNeighbors(
  vectors: Float32Array,
  rows: number,
  d: number,
  k: number,
  kernels: Kernels,
  work: LongWorkOptions & { phase?: string } = {},
): Promise<Uint32Array> {
  checkShape(vectors, rows, d, k);
  const tracker = trackPhase(work.phase ?? 'neighbours', rows, 'words', work);
  const unit = normalizeRows(vectors.subarray(0, rows * d), d);
  const transposed = new Float32Array(d * rows);
  for (let row = 0; row < rows; row++) {
    for (let index = 0; index < d; index++) transposed[index * rows + row] = unit[row * d + index];
  }
  const neighbors = new Uint32Array(rows * k);
  const product = (start: number) => kernels.matmul(unit.subarray(start * d, Math.min(rows, start + queriesPerProduct) * d), transposed, Math.min(queriesPerProduct, rows - start), d, rows);
  // The next block's product runs on the kernels' threads while this block's top-k scan runs here.
  let next = product(0);
  for (let start = 0; start < rows; start += queriesPerProduct) {
    const count = Math.min(queriesPerProduct, rows - start);
    const similarities = await next;
    if (start + queriesPerProduct < rows) next = product(start + queriesPerProduct);
    for (let position = 0; position < count; position++) {
      const row = start + position;
      const best = topK(similarities, position * rows, rows, k, new Set([row]));
      neighbors.set(best.rows, row * k);
    }
    await tracker.pause(start + count);
  }
  tracker.finish();
  return neighbors;
}
