// Shifted positive PMI with context-distribution smoothing (Levy, Goldberg & Dagan 2015), computed as
// hyperwords' counts2pmi.py and PositiveExplicit do, from the count matrix N and its own marginals:
//
//   P_α(c)       = N_c^α / Σ_c' N_c'^α                      (α = cds; 1 turns smoothing off)
//   PMI_α(w, c)  = log( (N(w, c) / N_w) / P_α(c) )
//   SPPMI(w, c)  = max(PMI_α(w, c) − log k, 0)             (k = shiftK; 1 is no shift)
//
// Only observed cells can be positive (an unobserved cell's PMI is −∞), so the result is as sparse as N
// or sparser; cells that come out ≤ 0 are dropped, not stored as zeros.

import { FirthError } from '../../shared/errors';
import { throwIfCancelled, trackPhase, type LongWorkOptions } from '../long-work';
import { withoutUndefined } from '../options';
import type { CooccurrenceMatrix } from '../cooccurrence/cooccurrence-matrix';
import type { CsrMatrix } from '../compute/csr';

export interface SppmiOptions {
  /** α, the exponent of the context distribution: 0.75 as Levy et al. recommend, 1 for plain PMI. */
  cds: number;
  /** k: PMI is shifted down by log k (SGNS with k negatives factorises PMI − log k); 1 for no shift. */
  shiftK: number;
}

export const defaultSppmiOptions: Readonly<SppmiOptions> = Object.freeze({ cds: 0.75, shiftK: 1 });

/** Fills in defaults and checks every option, naming the one that is wrong, before any work. */
export function resolveSppmiOptions(options: Partial<SppmiOptions> = {}): SppmiOptions {
  const { cds, shiftK } = { ...defaultSppmiOptions, ...withoutUndefined(options) };
  if (typeof cds !== 'number' || !Number.isFinite(cds) || cds <= 0 || cds > 1) {
    throw new FirthError('invalid-input', `cds (context-distribution smoothing α) must be a number in (0, 1] (got ${String(cds)})`, {
      field: 'cds',
    });
  }
  if (typeof shiftK !== 'number' || !Number.isFinite(shiftK) || shiftK < 1) {
    throw new FirthError('invalid-input', `shiftK (the shift log k) must be a number ≥ 1, 1 for no shift (got ${String(shiftK)})`, {
      field: 'shiftK',
    });
  }
  return { cds, shiftK };
}

/**
 * N_c^α per context and their sum Σ_c N_c^α, summed in column order: what both SPPMI
 * implementations (this one and sppmi-on-pool.ts on the counting threads) compare against.
 */
export function smoothContexts(columnSums: Float64Array, cds: number): { smoothedColumns: Float64Array; smoothedTotal: number } {
  const smoothedColumns = new Float64Array(columnSums.length);
  let smoothedTotal = 0;
  for (let column = 0; column < columnSums.length; column++) {
    smoothedColumns[column] = cds === 1 ? columnSums[column] : Math.pow(columnSums[column], cds);
    smoothedTotal += smoothedColumns[column];
  }
  return { smoothedColumns, smoothedTotal };
}

/** Rows between two checks for cancellation. */
const rowSlice = 1024;

export async function sppmi(matrix: CooccurrenceMatrix, options: Partial<SppmiOptions> = {}, work: LongWorkOptions = {}): Promise<CsrMatrix> {
  const { cds, shiftK } = resolveSppmiOptions(options);
  const { rows, columns, rowPointers, columnIndices, values, rowSums, columnSums } = matrix;
  if (rowSums.length !== rows || columnSums.length !== columns || rowPointers.length !== rows + 1) {
    throw new FirthError('invalid-input', 'sppmi: the matrix marginals do not match its shape', { field: 'matrix' });
  }
  throwIfCancelled(work.signal);

  const { smoothedColumns, smoothedTotal } = smoothContexts(columnSums, cds);

  const cells = values.length;
  const keptPointers = new Uint32Array(rows + 1);
  const keptColumns = new Uint32Array(cells);
  const keptValues = new Float32Array(cells);
  let kept = 0;
  const progress = trackPhase('sppmi', rows, 'rows', work);
  for (let start = 0; start < rows; start += rowSlice) {
    const end = Math.min(rows, start + rowSlice);
    for (let row = start; row < end; row++) {
      const rowScale = rowSums[row] * shiftK;
      for (let slot = rowPointers[row]; slot < rowPointers[row + 1]; slot++) {
        const column = columnIndices[slot];
        // SPPMI > 0 ⇔ N(w,c)·Σ N_c'^α > k·N_w·N_c^α. Comparing the two products decides exactly when
        // they are exact (integer counts with α = 1, where PMI = log k happens), instead of trusting
        // the sign of a rounded log.
        const numerator = values[slot] * smoothedTotal;
        const denominator = rowScale * smoothedColumns[column];
        if (!(numerator > denominator)) continue;
        keptColumns[kept] = column;
        // log1p of the exact-ish excess keeps barely positive cells positive (log of a ratio that rounds to 1 would give 0).
        keptValues[kept] = Math.log1p((numerator - denominator) / denominator);
        kept++;
      }
      keptPointers[row + 1] = kept;
    }
    await progress.pause(end);
  }
  progress.finish();
  return {
    rows,
    columns,
    rowPointers: keptPointers,
    columnIndices: keptColumns.slice(0, kept),
    values: keptValues.slice(0, kept),
  };
}
