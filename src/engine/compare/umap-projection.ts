import { UMAP } from 'umap-js';
import { FirthError } from '../../shared/errors';
import { throwIfCancelled, trackPhase, type LongWorkOptions } from '../long-work';
import { createXoshiro128 } from '../random/xoshiro128';
import { normalizeRows } from '../vectors/unit-rows';

export interface UmapOptions extends LongWorkOptions {
  /** Seeds every random draw (the neighbour forest, the initial layout, the negative samples). */
  seed: number;
  /** How many nearest neighbours make each point's fuzzy neighbourhood (umap-js default 15). */
  neighbors: number;
  /** How tightly points may pack in the map, 0…1 (umap-js default 0.1). */
  minDist: number;
}

export interface UmapProjection {
  x: Float64Array;
  y: Float64Array;
}

/** The fewest rows UMAP can map: each point needs at least 2 neighbours other than itself. */
const fewestRows = 3;

/**
 * UMAP (McInnes, Healy & Melville 2018) of the rows into 2-D with umap-js, under cosine distance:
 * the rows are scaled to unit length, where euclidean distance √(2 − 2·cos) orders neighbours as
 * cosine does. umap-js draws every random number from the `random` it is given, so a xoshiro128
 * seeded with `seed` makes the same map from the same rows.
 *
 * The neighbour graph (`initializeFit`) is built in one synchronous call; the layout is then
 * optimised epoch by epoch with `step()`, yielding to the event loop so a cancel can arrive.
 * Progress: phase 'umap' in epochs. `neighbors` is lowered to rows − 1 when there are fewer rows.
 */
export async function umapProjection(vectors: Float32Array, rows: number, d: number, options: UmapOptions): Promise<UmapProjection> {
  const { seed, minDist, signal, onProgress } = options;
  if (!Number.isSafeInteger(rows) || rows < fewestRows || !Number.isSafeInteger(d) || d < 1) {
    throw new FirthError('invalid-input', `UMAP needs at least ${fewestRows} rows and 1 dimension (got ${rows}×${d})`, { field: 'rows' });
  }
  if (vectors.length < rows * d) {
    throw new FirthError('invalid-input', `umapProjection needs ${rows}×${d} values (got ${vectors.length})`, { field: 'vectors' });
  }
  if (!Number.isInteger(options.neighbors) || options.neighbors < 2) {
    throw new FirthError('invalid-input', `neighbors must be a whole number ≥ 2 (got ${String(options.neighbors)})`, { field: 'neighbors' });
  }
  if (!(minDist >= 0 && minDist <= 1)) {
    throw new FirthError('invalid-input', `minDist must be a number from 0 to 1 (got ${String(minDist)})`, { field: 'minDist' });
  }
  throwIfCancelled(signal);

  const data = unitRows(vectors, rows, d);
  const random = createXoshiro128(seed);
  const umap = new UMAP({ nComponents: 2, nNeighbors: Math.min(options.neighbors, rows - 1), minDist, random: () => random.nextFloat() });
  onProgress?.({ phase: 'umap-neighbors', done: 0, total: rows, unit: 'rows' });
  const epochs = umap.initializeFit(data);
  throwIfCancelled(signal);

  const progress = trackPhase('umap', epochs, 'epochs', { signal, onProgress });
  for (let epoch = 0; epoch < epochs; ) {
    epoch = umap.step();
    await progress.pause(epoch);
  }
  progress.finish();

  const embedding = umap.getEmbedding();
  const x = new Float64Array(rows);
  const y = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    x[row] = embedding[row][0];
    y[row] = embedding[row][1];
  }
  return { x, y };
}

/** The rows as umap-js takes them (arrays of numbers), each scaled to length 1; a zero row stays zero. */
function unitRows(vectors: Float32Array, rows: number, d: number): number[][] {
  const unit = normalizeRows(vectors.subarray(0, rows * d), d);
  return Array.from({ length: rows }, (_, row) => Array.from(unit.subarray(row * d, (row + 1) * d)));
}
