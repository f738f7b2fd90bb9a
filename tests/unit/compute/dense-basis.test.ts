import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernels, createReferenceKernels, type Kernels } from '../../../src/engine/compute';
import { randomMatrix, relativeTolerance, worstRelativeError } from './fixtures/matrices';

// A basis of 37 rows (not a multiple of the 4-row tile) grown by blocks of 5, 8 and 3 columns, so
// P's rows are read with a stride wider than the columns in use and every column tail is hit.
const rows = 37;
const blockWidths = [5, 8, 3];
const maxColumns = 20;

/** The first `columns` columns of the blocks side by side (rows×columns, row-major), and its transpose. */
function assemble(blocks: Float32Array[], widths: number[]): { P: Float32Array; Pt: Float32Array; columns: number } {
  const columns = widths.reduce((sum, width) => sum + width, 0);
  const P = new Float32Array(rows * columns);
  let first = 0;
  blocks.forEach((block, index) => {
    const width = widths[index];
    for (let row = 0; row < rows; row++) for (let column = 0; column < width; column++) P[row * columns + first + column] = block[row * width + column];
    first += width;
  });
  const Pt = new Float32Array(columns * rows);
  for (let row = 0; row < rows; row++) for (let column = 0; column < columns; column++) Pt[column * rows + row] = P[row * columns + column];
  return { P, Pt, columns };
}

describe.each([
  ['cpu', () => createKernels('cpu', { threads: 2 })],
  ['reference', async () => createReferenceKernels()],
] as const)('DenseBasis on %s', (_name, create) => {
  let kernels: Kernels;
  beforeAll(async () => {
    kernels = await create();
  });
  afterAll(async () => {
    await kernels.dispose();
  });

  it('multiplies by P and Pᵀ as a dense matmul does, after every append', async () => {
    const basis = await kernels.createBasis(rows, maxColumns);
    const blocks: Float32Array[] = [];
    for (const [index, width] of blockWidths.entries()) {
      const block = randomMatrix(rows, width, 100 + index);
      blocks.push(block);
      await basis.append(block, width);
      const { P, Pt, columns } = assemble(blocks, blockWidths.slice(0, index + 1));
      expect(basis.columns).toBe(columns);
      for (const n of [1, 6, 13]) {
        const z = randomMatrix(rows, n, 7 * n + index);
        expect(worstRelativeError(await basis.transposeTimes(z, n), Pt, z, columns, rows, n)).toBeLessThanOrEqual(relativeTolerance);
        const x = randomMatrix(columns, n, 11 * n + index);
        expect(worstRelativeError(await basis.times(x, n), P, x, rows, columns, n)).toBeLessThanOrEqual(relativeTolerance);
      }
    }
    await basis.release();
    await expect(basis.times(new Float32Array(16), 1)).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('gives the same products when written into given arrays, and appends while a product runs', async () => {
    const basis = await kernels.createBasis(rows, maxColumns);
    const first = randomMatrix(rows, 8, 200);
    await basis.append(first, 8);
    const z = randomMatrix(rows, 6, 201);
    const second = randomMatrix(rows, 5, 202);
    // The product is under way (or queued) when the append runs: the append only adds columns 8–12.
    const pending = basis.transposeTimes(z, 6);
    await basis.append(second, 5);
    const { P, Pt, columns } = assemble([first, second], [8, 5]);
    expect(worstRelativeError(await pending, Pt.subarray(0, 8 * rows), z, 8, rows, 6)).toBeLessThanOrEqual(relativeTolerance);
    const into = new Float32Array(columns * 6);
    const C = await basis.transposeTimes(z, 6, into);
    expect(worstRelativeError(C, Pt, z, columns, rows, 6)).toBeLessThanOrEqual(relativeTolerance);
    const x = randomMatrix(columns, 6, 203);
    const intoRows = new Float32Array(rows * 6);
    const Y = await basis.times(x, 6, intoRows);
    expect(worstRelativeError(Y, P, x, rows, columns, 6)).toBeLessThanOrEqual(relativeTolerance);
    if (_name === 'cpu') {
      expect(C).toBe(into);
      expect(Y).toBe(intoRows);
    }
    await basis.release();
  });

  it('projects a block out (Z − P·Pᵀ·Z and Pᵀ·Z) and multiplies as a matmul does at the SVD\'s shapes', async () => {
    // 600 rows: two full 256-row blocks of the cpu kernel's Pᵀ·Z and a partial one; 47 columns (an
    // odd count: a 1-column tile at the end of a thread's band); widths 20 and 100 (whole tiles), 23
    // (padded to 24: tiles of 20 and 4) and 1.
    const tallRows = 600;
    const widths = [20, 20, 7];
    const basis = await kernels.createBasis(tallRows, 60);
    const columns = widths.reduce((sum, width) => sum + width, 0);
    const P = new Float32Array(tallRows * columns);
    let first = 0;
    for (const [index, width] of widths.entries()) {
      const block = randomMatrix(tallRows, width, 300 + index);
      await basis.append(block, width);
      for (let row = 0; row < tallRows; row++) for (let column = 0; column < width; column++) P[row * columns + first + column] = block[row * width + column];
      first += width;
    }
    const Pt = new Float32Array(columns * tallRows);
    for (let row = 0; row < tallRows; row++) for (let column = 0; column < columns; column++) Pt[column * tallRows + row] = P[row * columns + column];
    for (const n of [1, 20, 23, 100]) {
      const z = randomMatrix(tallRows, n, 400 + n);
      const kept = z.slice();
      const C = await basis.transposeTimes(z, n);
      expect(worstRelativeError(C, Pt, z, columns, tallRows, n)).toBeLessThanOrEqual(relativeTolerance);
      const x = randomMatrix(columns, n, 500 + n);
      expect(worstRelativeError(await basis.times(x, n), P, x, tallRows, columns, n)).toBeLessThanOrEqual(relativeTolerance);

      const into = new Float32Array(tallRows * n);
      const { projection, coefficients } = await basis.projectOut(z, n, into);
      expect(z).toEqual(kept);
      expect(coefficients).toEqual(C);
      // Z − P·C against float64, relative to Σ|P||C| + |Z| as worstRelativeError scales a product.
      let worst = 0;
      for (let row = 0; row < tallRows; row++) {
        for (let column = 0; column < n; column++) {
          let expected = z[row * n + column];
          let scale = Math.abs(expected);
          for (let k = 0; k < columns; k++) {
            expected -= P[row * columns + k] * C[k * n + column];
            scale += Math.abs(P[row * columns + k] * C[k * n + column]);
          }
          worst = Math.max(worst, Math.abs(projection[row * n + column] - expected) / scale);
        }
      }
      expect(worst).toBeLessThanOrEqual(relativeTolerance);
      if (_name === 'cpu') expect(projection).toBe(into);
      // The column norms before and after, in float64, as a plain sum gives them.
      const { squaredNormsBefore, squaredNormsAfter } = await basis.projectOut(z, n);
      for (let column = 0; column < n; column++) {
        let before = 0;
        let after = 0;
        for (let row = 0; row < tallRows; row++) {
          before += z[row * n + column] ** 2;
          after += projection[row * n + column] ** 2;
        }
        expect(squaredNormsBefore[column]).toBeCloseTo(before, 9);
        expect(squaredNormsAfter[column] / after).toBeCloseTo(1, 12);
      }
    }
    await basis.release();
    await expect(basis.projectOut(new Float32Array(tallRows), 1)).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('refuses a block that does not fit, naming the numbers', async () => {
    const basis = await kernels.createBasis(rows, 4);
    await expect(basis.append(randomMatrix(rows, 5, 1), 5)).rejects.toThrow(/0 \+ 5 columns exceed the 4/);
    await expect(basis.append(new Float32Array(10), 1)).rejects.toMatchObject({ code: 'invalid-input' });
    await basis.release();
  });
});
