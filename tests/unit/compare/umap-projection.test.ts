import { describe, expect, it } from 'vitest';
import { umapProjection } from '../../../src/engine/compare/umap-projection';
import { FirthError } from '../../../src/shared/errors';
import type { Progress } from '../../../src/shared/progress';
import { createXoshiro128 } from '../../../src/engine/random/xoshiro128';

/** Two tight Gaussian clusters around opposite directions ±e₀ in d dimensions (cosine distance ≈ 2 apart). */
function twoClusters(perCluster: number, d: number, seed: number): Float32Array {
  const random = createXoshiro128(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random.nextFloat())) * Math.cos(2 * Math.PI * random.nextFloat());
  const vectors = new Float32Array(2 * perCluster * d);
  for (let row = 0; row < 2 * perCluster; row++) {
    for (let j = 0; j < d; j++) vectors[row * d + j] = 0.1 * gaussian();
    vectors[row * d] += row < perCluster ? 1 : -1;
  }
  return vectors;
}

describe('umapProjection', () => {
  const perCluster = 60;
  const d = 8;
  const rows = 2 * perCluster;
  const vectors = twoClusters(perCluster, d, 5);
  const options = { seed: 7, neighbors: 10, minDist: 0.1 };

  it('gives the same map for the same seed, another for another seed', async () => {
    const first = await umapProjection(vectors, rows, d, options);
    const second = await umapProjection(vectors, rows, d, options);
    const other = await umapProjection(vectors, rows, d, { ...options, seed: 8 });
    expect(Array.from(second.x)).toEqual(Array.from(first.x));
    expect(Array.from(second.y)).toEqual(Array.from(first.y));
    expect(Array.from(other.x)).not.toEqual(Array.from(first.x));
    expect(first.x.every(Number.isFinite) && first.y.every(Number.isFinite)).toBe(true);
  });

  it('keeps two well-separated clusters apart in 2-D', async () => {
    const { x, y } = await umapProjection(vectors, rows, d, options);
    const centre = (from: number) => {
      let cx = 0;
      let cy = 0;
      for (let row = from; row < from + perCluster; row++) {
        cx += x[row] / perCluster;
        cy += y[row] / perCluster;
      }
      return [cx, cy];
    };
    const centres = [centre(0), centre(perCluster)];
    // Every point is nearer its own cluster's centre than the other's.
    for (let row = 0; row < rows; row++) {
      const own = row < perCluster ? 0 : 1;
      const distance = (c: number[]) => Math.hypot(x[row] - c[0], y[row] - c[1]);
      expect(distance(centres[own])).toBeLessThan(distance(centres[1 - own]));
    }
  });

  it('reports progress in epochs and stops when aborted', async () => {
    const reports: Progress[] = [];
    await umapProjection(vectors, rows, d, { ...options, onProgress: (progress) => reports.push(progress) });
    const last = reports.at(-1)!;
    expect(last).toMatchObject({ phase: 'umap', unit: 'epochs' });
    expect(last.done).toBe(last.total);
    expect(last.total).toBe(500); // umap-js's epochs for up to 2,500 rows

    const controller = new AbortController();
    const epochsSeen: number[] = [];
    const stopped = umapProjection(vectors, rows, d, {
      ...options,
      signal: controller.signal,
      onProgress: (progress) => {
        // The layout's first report (epoch 0) is sent at once: abort there, before any epoch is reported.
        if (progress.phase === 'umap') {
          epochsSeen.push(progress.done);
          controller.abort();
        }
      },
    });
    await expect(stopped).rejects.toMatchObject({ code: 'cancelled' });
    expect(epochsSeen).toEqual([0]);
    await expect(umapProjection(vectors, rows, d, { ...options, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('lowers neighbours to rows − 1, and refuses fewer than 3 rows', async () => {
    const few = await umapProjection(vectors.subarray(0, 6 * d), 6, d, { ...options, neighbors: 15 });
    expect(few.x).toHaveLength(6);
    await expect(umapProjection(vectors, 2, d, options)).rejects.toBeInstanceOf(FirthError);
  });
});
