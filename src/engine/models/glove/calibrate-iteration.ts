// How fast GloVe's per-cell AdaGrad runs on this machine, measured on synthetic cells, so the Runs
// form can say the time per iteration before a run starts (a finished run records the same figure as
// results.cellsPerSecond).

import { createXoshiro128 } from '../../random/xoshiro128';
import type { GloveCells } from '../../compute/reference/glove-epoch';
import { initialGloveTables } from './train-glove';
import { startGloveIterations } from './train-glove-wasm';

/** Cells per second of one iteration over `cells` random cells of a V-word table, after a warm-up iteration. */
export async function calibrateGloveIteration(d: number, threads: number, V = 5000, cellCount = 200_000): Promise<number> {
  const random = createXoshiro128(11);
  const cells: GloveCells = {
    rows: Uint32Array.from({ length: cellCount }, () => Math.floor(random.nextFloat() * V)),
    columns: Uint32Array.from({ length: cellCount }, () => Math.floor(random.nextFloat() * V)),
    logCounts: Float64Array.from({ length: cellCount }, () => random.nextFloat() * 5),
    weights: Float64Array.from({ length: cellCount }, () => random.nextFloat()),
  };
  const iterations = await startGloveIterations(initialGloveTables(V, d, 1), cells, threads);
  try {
    await iterations.iterate(0.05, 100, async () => {});
    const started = performance.now();
    await iterations.iterate(0.05, 100, async () => {});
    return cellCount / Math.max(1e-6, (performance.now() - started) / 1000);
  } finally {
    await iterations.dispose();
  }
}
