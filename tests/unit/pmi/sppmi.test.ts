import { describe, expect, it } from 'vitest';
import type { CooccurrenceMatrix } from '../../../src/engine/cooccurrence/cooccurrence-matrix';
import { countCooccurrences } from '../../../src/engine/cooccurrence/count';
import { checkCsr } from '../../../src/engine/compute/csr';
import { resolveSppmiOptions, sppmi, type SppmiOptions } from '../../../src/engine/pmi/sppmi';
import { FirthError } from '../../../src/shared/errors';
import { randomCorpus, toDense } from '../cooccurrence/reference';

/** SPPMI straight from the formula on a dense N (marginals recomputed from N), as a map cell → value. */
function denseSppmi(matrix: CooccurrenceMatrix, { cds, shiftK }: SppmiOptions): Map<number, number> {
  const size = matrix.rows;
  const n = toDense(matrix);
  const rowSum = (row: number): number => n.subarray(row * size, (row + 1) * size).reduce((sum, value) => sum + value, 0);
  const columnSum = (column: number): number => {
    let sum = 0;
    for (let row = 0; row < size; row++) sum += n[row * size + column];
    return sum;
  };
  const smoothed = Array.from({ length: size }, (_, column) => columnSum(column) ** cds);
  const smoothedTotal = smoothed.reduce((sum, value) => sum + value, 0);
  const result = new Map<number, number>();
  for (let row = 0; row < size; row++) {
    const wordTotal = rowSum(row);
    for (let column = 0; column < size; column++) {
      const count = n[row * size + column];
      if (count === 0) continue;
      const pmi = Math.log(count / wordTotal / (smoothed[column] / smoothedTotal));
      const shifted = pmi - Math.log(shiftK);
      if (shifted > 0) result.set(row * size + column, shifted);
    }
  }
  return result;
}

function matrixOf(rows: number[][]): CooccurrenceMatrix {
  const size = rows.length;
  const rowPointers = new Uint32Array(size + 1);
  const columnIndices: number[] = [];
  const values: number[] = [];
  rows.forEach((row, index) => {
    row.forEach((value, column) => {
      if (value === 0) return;
      columnIndices.push(column);
      values.push(value);
    });
    rowPointers[index + 1] = values.length;
  });
  const rowSums = Float64Array.from(rows, (row) => row.reduce((sum, value) => sum + value, 0));
  const columnSums = Float64Array.from(rows[0], (_, column) => rows.reduce((sum, row) => sum + row[column], 0));
  return {
    rows: size,
    columns: size,
    rowPointers,
    columnIndices: Uint32Array.from(columnIndices),
    values: Float64Array.from(values),
    rowSums,
    columnSums,
    total: rowSums.reduce((sum, value) => sum + value, 0),
  };
}

/** A random corpus with structure: each word is often followed by its successor, so some PMIs are high. */
function structuredCorpus(length: number, size: number): Int32Array {
  const noise = randomCorpus(length, size, 21);
  const ids = new Int32Array(length);
  for (let position = 0; position < length; position++) {
    const previous = position > 0 ? ids[position - 1] : -1;
    ids[position] = previous >= 0 && position % 3 !== 0 ? (previous + 1) % size : noise[position];
  }
  return ids;
}

describe('sppmi', () => {
  it('matches the formula computed densely, for several α and k', async () => {
    const size = 60;
    const counts = await countCooccurrences(structuredCorpus(6000, size), size, { window: 3, weighting: 'dyn' });
    for (const options of [
      { cds: 0.75, shiftK: 1 },
      { cds: 1, shiftK: 1 },
      { cds: 0.75, shiftK: 5 },
      { cds: 0.5, shiftK: 2 },
    ]) {
      const result = await sppmi(counts, options);
      checkCsr(result);
      expect(result.values).toBeInstanceOf(Float32Array);
      const expected = denseSppmi(counts, options);
      expect(result.values.length).toBe(expected.size);
      expect(expected.size).toBeGreaterThan(50);
      expect(expected.size).toBeLessThan(counts.values.length);
      let worst = 0;
      for (let row = 0; row < size; row++) {
        for (let slot = result.rowPointers[row]; slot < result.rowPointers[row + 1]; slot++) {
          const reference = expected.get(row * size + result.columnIndices[slot]);
          expect(reference).toBeDefined();
          worst = Math.max(worst, Math.abs(result.values[slot] - reference!) / reference!);
          if (slot > result.rowPointers[row]) expect(result.columnIndices[slot]).toBeGreaterThan(result.columnIndices[slot - 1]);
        }
      }
      expect(worst).toBeLessThan(1e-6); // float32 rounding
    }
  });

  it('drops cells whose PMI is exactly log k, where a rounded log could come out a hair above', async () => {
    // α = 1: PMI(w, c) = log(N(w,c)·N / (N_w·N_c)) = log(1·4 / (2·2)) = 0 for every cell.
    const flat = matrixOf([
      [1, 1],
      [1, 1],
    ]);
    expect((await sppmi(flat, { cds: 1, shiftK: 1 })).values.length).toBe(0);
    // Cells of PMI log 3 (= 1·9/3) survive a shift of k = 2 and vanish at k = 3.
    const diagonal = matrixOf([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect([...(await sppmi(diagonal, { cds: 1, shiftK: 2 })).values]).toEqual(new Array(3).fill(Math.fround(Math.log(3 / 2))));
    expect((await sppmi(diagonal, { cds: 1, shiftK: 3 })).values.length).toBe(0);
  });

  it('checks cds and shiftK, naming the option', () => {
    const field = (options: Partial<SppmiOptions>): string | undefined => {
      try {
        resolveSppmiOptions(options);
      } catch (error) {
        expect(error).toBeInstanceOf(FirthError);
        return (error as FirthError).where?.field;
      }
      return undefined;
    };
    for (const cds of [0, -0.75, 1.5, Number.NaN]) expect(field({ cds })).toBe('cds');
    for (const shiftK of [0, 0.5, -5, Number.NaN, Infinity]) expect(field({ shiftK })).toBe('shiftK');
    expect(resolveSppmiOptions({})).toEqual({ cds: 0.75, shiftK: 1 });
  });

  it('rejects with a cancelled error when aborted', async () => {
    const counts = await countCooccurrences(randomCorpus(20_000, 3000, 4), 3000, { window: 2 });
    const aborted = new AbortController();
    aborted.abort();
    await expect(sppmi(counts, {}, { signal: aborted.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });
});
