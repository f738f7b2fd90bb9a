// What an MF-SGNS run holds at once, estimated before it counts anything, so a run that cannot fit
// is refused with the numbers rather than killed half-way.

import { FirthError } from '../../../shared/errors';
import { shardSize, type StridedLayout } from './strided-tiles';

export interface MfSgnsMemory {
  /** W, C, their float64 gradients, the optimiser's moments and the copies kept to undo a step. */
  parametersBytes: number;
  /** One tile's scores, counts, transpose and the kernels' copies. */
  tileBytes: number;
  /** The observed cells split by tile, and the count matrix they come from (an upper bound). */
  cellsBytes: number;
  totalBytes: number;
}

/** Bytes per parameter: W/C float32 (4), gradient float64 (8), Adam's two float64 moments (16), and the undo copy of all but the gradient (20). */
const bytesPerParameter = 48;

export function estimateMfSgnsMemory(layout: StridedLayout, dimensions: number, tokens: number, window: number): MfSgnsMemory {
  const V = layout.vocabularySize;
  const parameters = 2 * V * dimensions;
  const side = shardSize(layout, 0);
  // scores (f32) + dense counts (f64) + transpose (f32) + the matmul kernel's copies of A, B and C (f32).
  const tileBytes = side * side * (4 + 8 + 4 + 4) + 3 * side * dimensions * 4 + V * dimensions * 4;
  // A cell holds (index u32 + value f64) per tile and (column u32 + value f64) in N; at most V², at most 2L per token.
  const cells = Math.min(V * V, 2 * window * tokens);
  const cellsBytes = cells * 24;
  const parametersBytes = parameters * bytesPerParameter;
  return { parametersBytes, tileBytes, cellsBytes, totalBytes: parametersBytes + tileBytes + cellsBytes };
}

const gigabytes = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GB`;

/** Refuses a run whose estimate exceeds the budget, naming the figures and what to lower. */
export function checkMfSgnsMemory(memory: MfSgnsMemory, budgetBytes: number, V: number, dimensions: number): void {
  if (memory.totalBytes <= budgetBytes) return;
  throw new FirthError(
    'invalid-input',
    `MF-SGNS needs about ${gigabytes(memory.totalBytes)} (parameters ${gigabytes(memory.parametersBytes)}, one tile ${gigabytes(memory.tileBytes)}, ` +
      `cells ${gigabytes(memory.cellsBytes)}) for V = ${V} words and d = ${dimensions}, but the memory budget is ${gigabytes(budgetBytes)}: ` +
      'lower maxSize (the vocabulary cap) or dimensions, or raise the memory budget',
    { field: 'maxSize' },
  );
}
