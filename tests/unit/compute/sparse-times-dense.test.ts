import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernels, detectBackends, type BackendName, type Kernels } from '../../../src/engine/compute';
import { splitRowsByWork } from '../../../src/engine/compute/cpu/sparse-times-dense';
import { checkGpujsLimits } from '../../../src/engine/compute/gpujs/sparse-times-dense';
import { sparseTimesDenseReference, sparseTransposeTimesDenseReference } from '../../../src/engine/compute/reference/sparse-times-dense';
import { cachedTranspose, checkCsr, transposeCsr, type CsrMatrix } from '../../../src/engine/compute/csr';
import { randomMatrix, relativeTolerance } from './fixtures/matrices';
import { randomCsr, worstSparseRelativeError } from './fixtures/sparse';

interface Case {
  name: string;
  matrix: CsrMatrix;
  n: number;
}

// Widths hit every chunk of the cpu kernel (32, 24, 20, 16, 12, 8 and 4 columns) and its tails (1, 3:
// single columns; 5 = 4 + an overlapping 4; 20 and 24 in one chunk; 28 = 24 + 4; 37 = 32 + 4 + an
// overlapping 4; 44 = 32 + 12; 60 = 32 + 24 + 4; 110 = 3·32 + 12 + an overlapping 4); empty rows and
// columns; one row and one column longer than gpu.js's default 1000-iteration loop cap (the column is
// a long row of Aᵀ); more than 65,536 columns (u32 column indices; Aᵀ's are u16); the zero sizes
// return empty or zero Y.
const longRowsAndColumns = randomCsr(1100, 1250, { density: 0.002, seed: 5, emptyRows: [0, 3, 1099], denseRows: [7], denseColumns: [11] });
const cases: Case[] = [
  { name: '1×1', matrix: randomCsr(1, 1, { density: 1, seed: 1 }), n: 1 },
  { name: '7×13, width 3', matrix: randomCsr(7, 13, { density: 0.3, seed: 2, emptyRows: [2] }), n: 3 },
  { name: '40×30 with empty rows, width 5', matrix: randomCsr(40, 30, { density: 0.2, seed: 3, emptyRows: [0, 1, 17, 39] }), n: 5 },
  { name: '120×90, width 110', matrix: randomCsr(120, 90, { density: 0.05, seed: 4, emptyRows: [5] }), n: 110 },
  { name: '60×50, width 20', matrix: randomCsr(60, 50, { density: 0.1, seed: 41 }), n: 20 },
  { name: '60×50, width 37', matrix: randomCsr(60, 50, { density: 0.1, seed: 42 }), n: 37 },
  { name: '60×50, width 60', matrix: randomCsr(60, 50, { density: 0.1, seed: 43 }), n: 60 },
  { name: '60×50, width 24', matrix: randomCsr(60, 50, { density: 0.1, seed: 44 }), n: 24 },
  { name: '60×50, width 28', matrix: randomCsr(60, 50, { density: 0.1, seed: 45 }), n: 28 },
  { name: '60×50, width 44', matrix: randomCsr(60, 50, { density: 0.1, seed: 46 }), n: 44 },
  { name: '5×70000 (u32 column indices), width 20', matrix: randomCsr(5, 70_000, { density: 0.002, seed: 47, emptyRows: [2], denseColumns: [69_999] }), n: 20 },
  { name: '5×70000 (u32 column indices), width 3', matrix: randomCsr(5, 70_000, { density: 0.002, seed: 48 }), n: 3 },
  { name: '1100×1250 with a 1250-long row and an 1100-long column, width 5', matrix: longRowsAndColumns, n: 5 },
  { name: '1100×1250 with a 1250-long row and an 1100-long column, width 110', matrix: longRowsAndColumns, n: 110 },
  { name: '30×20 without non-zeros, width 4', matrix: randomCsr(30, 20, { density: 0, seed: 6 }), n: 4 },
  { name: '0×5, width 3', matrix: randomCsr(0, 5, { density: 0.5, seed: 7 }), n: 3 },
  { name: '6×4, width 0', matrix: randomCsr(6, 4, { density: 0.5, seed: 8 }), n: 0 },
];

const backends = await detectBackends({ allowSoftwareAdapter: true });
for (const info of backends) {
  if (!info.available) console.warn(`compute tests: skipping the ${info.name} backend: ${info.reason}`);
}

describe('CSR helpers', () => {
  it('transposeCsr gives Aᵀ with ascending column indices, and cachedTranspose builds it once', () => {
    const matrix = randomCsr(23, 17, { density: 0.3, seed: 9, emptyRows: [4] });
    const transposed = transposeCsr(matrix);
    expect(transposed.rows).toBe(17);
    expect(transposed.columns).toBe(23);
    const x = randomMatrix(23, 3, 10);
    expect(sparseTimesDenseReference(transposed, x, 3)).toEqual(sparseTransposeTimesDenseReference(matrix, x, 3));
    for (let row = 0; row < transposed.rows; row++) {
      const indices = transposed.columnIndices.subarray(transposed.rowPointers[row], transposed.rowPointers[row + 1]);
      expect(Array.from(indices)).toEqual([...indices].sort((left, right) => left - right));
    }
    expect(transposeCsr(transposed)).toEqual(matrix);
    expect(cachedTranspose(matrix)).toBe(cachedTranspose(matrix));
    expect(cachedTranspose(cachedTranspose(matrix))).toBe(matrix);
  });

  it('checkCsr rejects malformed matrices with the field at fault', () => {
    const good: CsrMatrix = {
      rows: 3,
      columns: 4,
      rowPointers: Uint32Array.of(0, 2, 3, 5),
      columnIndices: Uint32Array.of(0, 3, 1, 0, 2),
      values: Float32Array.of(1, 2, 3, 4, 5),
    };
    expect(() => checkCsr(good)).not.toThrow();
    const bad: Array<[Partial<CsrMatrix>, string]> = [
      [{ rowPointers: Uint32Array.of(0, 2, 5) }, 'rowPointers'],
      [{ values: Float32Array.of(1, 2, 3, 4) }, 'columnIndices'],
      [{ columnIndices: Uint32Array.of(0, 3, 1, 4, 2) }, 'columnIndices'],
      [{ rowPointers: Uint32Array.of(0, 3, 2, 5) }, 'rowPointers'],
      [{ rowPointers: Uint32Array.of(0, 2, 3, 4) }, 'rowPointers'],
      [{ rows: 2.5 }, 'rows'],
    ];
    for (const [change, field] of bad) {
      expect(() => checkCsr({ ...good, ...change })).toThrow(expect.objectContaining({ code: 'invalid-input', where: { field } }));
    }
  });

  it('splits rows among threads by non-zeros, not by count', () => {
    // Row 0 holds 90 of 100 non-zeros: it is a band of its own.
    const rowPointers = Uint32Array.from([0, 90, 92, 94, 96, 98, 100]);
    expect(splitRowsByWork(rowPointers, 6, 2)).toEqual([{ start: 0, end: 1 }, { start: 1, end: 6 }]);
    expect(splitRowsByWork(rowPointers, 6, 1)).toEqual([{ start: 0, end: 6 }]);
    expect(splitRowsByWork(Uint32Array.from([0, 0, 0]), 2, 4)).toEqual([{ start: 0, end: 1 }, { start: 1, end: 2 }]);
  });

  it('refuses sizes whose float32 indices gpu.js would round', () => {
    expect(() => checkGpujsLimits(22541, 22541, 2_800_000, 110)).not.toThrow();
    expect(() => checkGpujsLimits(100, 100, 2 ** 24, 4)).toThrow(expect.objectContaining({ code: 'invalid-input', message: expect.stringMatching(/cpu backend/) }));
    expect(() => checkGpujsLimits(2 ** 24, 100, 10, 4)).toThrow(/rows/);
    expect(() => checkGpujsLimits(100, 200_000, 10, 110)).toThrow(/X's size/);
  });
});

describe.each(backends.map((info) => [info.name, info] as const))('sparse × dense on %s', (name: BackendName, info) => {
  let kernels: Kernels;

  beforeAll(async () => {
    if (info.available) kernels = await createKernels(name, { allowSoftwareAdapter: true, threads: 2 });
  });
  afterAll(async () => {
    await kernels?.dispose();
  });

  it.skipIf(!info.available).each(cases)(`A·X and Aᵀ·X match the reference within ${relativeTolerance}: $name`, async ({ matrix, n }) => {
    const x = randomMatrix(matrix.columns, n, matrix.rows + n);
    const y = await kernels.sparseTimesDense(matrix, x, n);
    expect(y).toBeInstanceOf(Float32Array);
    expect(y.length).toBe(matrix.rows * n);
    expect(worstSparseRelativeError(y, matrix, x, n, false)).toBeLessThanOrEqual(relativeTolerance);

    const xt = randomMatrix(matrix.rows, n, matrix.columns + n + 1);
    const yt = await kernels.sparseTransposeTimesDense(matrix, xt, n);
    expect(yt.length).toBe(matrix.columns * n);
    expect(worstSparseRelativeError(yt, matrix, xt, n, true)).toBeLessThanOrEqual(relativeTolerance);
  });

  // The cpu backend builds a prepared matrix's Aᵀ on its threads (a counting sort by column); it must
  // be the same Aᵀ as transposeCsr's, so the products are the one-off products' bits. 70000×5: Aᵀ's
  // column indices (A's rows) past 16 bits.
  it.skipIf(!info.available).each([...cases, { name: '70000×5, width 20', matrix: randomCsr(70_000, 5, { density: 0.3, seed: 49, emptyRows: [0, 69_999] }), n: 20 }])(
    'a prepared matrix gives the one-off Aᵀ·X: $name',
    async ({ matrix, n }) => {
      const prepared = await kernels.prepareSparse(matrix);
      const xt = randomMatrix(matrix.rows, n, matrix.columns + 2 * n + 3);
      const yt = await prepared.transposeTimesDense(xt, n);
      const oneOff = await kernels.sparseTransposeTimesDense(matrix, xt, n);
      // Compared as bytes: toEqual walks 1.4 M floats for seconds.
      expect(yt.length).toBe(oneOff.length);
      expect(Buffer.from(yt.buffer, yt.byteOffset, yt.byteLength).equals(Buffer.from(oneOff.buffer, oneOff.byteOffset, oneOff.byteLength))).toBe(true);
      await prepared.release();
    },
  );

  it.skipIf(!info.available)('a prepared matrix gives the same products until released', async () => {
    const matrix = randomCsr(150, 70, { density: 0.1, seed: 12, emptyRows: [3] });
    const prepared = await kernels.prepareSparse(matrix);
    expect([prepared.rows, prepared.columns]).toEqual([150, 70]);
    for (const n of [7, 110, 7]) {
      const x = randomMatrix(70, n, n);
      const xt = randomMatrix(150, n, n + 1);
      const [y, yt] = await Promise.all([prepared.timesDense(x, n), prepared.transposeTimesDense(xt, n)]);
      expect(y).toEqual(await kernels.sparseTimesDense(matrix, x, n));
      expect(yt).toEqual(await kernels.sparseTransposeTimesDense(matrix, xt, n));
      expect(worstSparseRelativeError(yt, matrix, xt, n, true)).toBeLessThanOrEqual(relativeTolerance);
    }
    await prepared.release();
    await prepared.release();
    await expect(prepared.timesDense(randomMatrix(70, 2, 1), 2)).rejects.toMatchObject({ code: 'cancelled' });
  });

  it.skipIf(!info.available)('rejects X of the wrong size and malformed matrices', async () => {
    const matrix = randomCsr(6, 4, { density: 0.5, seed: 13 });
    await expect(kernels.sparseTimesDense(matrix, new Float32Array(6 * 2), 2)).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'x' } });
    await expect(kernels.sparseTransposeTimesDense(matrix, new Float32Array(4 * 2), 2)).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'x' } });
    const malformed = { ...matrix, columnIndices: matrix.columnIndices.map(() => 9) };
    await expect(kernels.sparseTimesDense(malformed, new Float32Array(8), 2)).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'columnIndices' } });
    await expect(kernels.prepareSparse(malformed)).rejects.toMatchObject({ code: 'invalid-input' });
  });
});

describe('cpu sparse × dense', () => {
  const cpuInfo = backends.find((info) => info.name === 'cpu');

  it.skipIf(!cpuInfo?.available)('gives bit-identical results on 1 and 2 threads', async () => {
    const one = await createKernels('cpu', { threads: 1 });
    const two = await createKernels('cpu', { threads: 2 });
    try {
      const matrix = randomCsr(700, 500, { density: 0.03, seed: 14, denseRows: [1], emptyRows: [0] });
      const x = randomMatrix(500, 37, 15);
      const [y1, y2] = await Promise.all([one.sparseTimesDense(matrix, x, 37), two.sparseTimesDense(matrix, x, 37)]);
      expect(y2).toEqual(y1);
      expect(worstSparseRelativeError(y2, matrix, x, 37, false)).toBeLessThanOrEqual(relativeTolerance);
    } finally {
      await Promise.all([one.dispose(), two.dispose()]);
    }
  });

  it.skipIf(!cpuInfo?.available)('keeps prepared matrices intact while other products use the memory', async () => {
    const kernels = await createKernels('cpu', { threads: 2 });
    try {
      const first = randomCsr(300, 200, { density: 0.05, seed: 16 });
      const second = randomCsr(90, 260, { density: 0.1, seed: 17 });
      const preparedFirst = await kernels.prepareSparse(first);
      const preparedSecond = await kernels.prepareSparse(second);
      const x = randomMatrix(300, 12, 18);
      // Transposed product: uploads Aᵀ beside A, after the second matrix.
      const before = await preparedFirst.transposeTimesDense(x, 12);
      await preparedSecond.release();
      // Matmuls and one-shot products lay out their scratch over the freed space and beyond.
      const [m, k, n] = [200, 150, 120];
      await kernels.matmul(randomMatrix(m, k, 19), randomMatrix(k, n, 20), m, k, n);
      await kernels.sparseTimesDense(second, randomMatrix(260, 50, 21), 50);
      expect(await preparedFirst.transposeTimesDense(x, 12)).toEqual(before);
      const xf = randomMatrix(200, 9, 22);
      expect(worstSparseRelativeError(await preparedFirst.timesDense(xf, 9), first, xf, 9, false)).toBeLessThanOrEqual(relativeTolerance);
      await preparedFirst.release();
    } finally {
      await kernels.dispose();
    }
  });

  it.skipIf(!cpuInfo?.available)('writes a prepared product into the array it is given, and a fresh one when that does not fit', async () => {
    const kernels = await createKernels('cpu', { threads: 2 });
    try {
      const matrix = randomCsr(120, 80, { density: 0.1, seed: 24 });
      const prepared = await kernels.prepareSparse(matrix);
      const x = randomMatrix(80, 6, 25);
      const xt = randomMatrix(120, 6, 26);
      const into = new Float32Array(120 * 6);
      const intoTransposed = new Float32Array(80 * 6);
      const y = await prepared.timesDense(x, 6, into);
      expect(y).toBe(into);
      expect(y).toEqual(await prepared.timesDense(x, 6));
      const yt = await prepared.transposeTimesDense(xt, 6, intoTransposed);
      expect(yt).toBe(intoTransposed);
      expect(yt).toEqual(await prepared.transposeTimesDense(xt, 6));
      const tooSmall = new Float32Array(5);
      const fresh = await prepared.timesDense(x, 6, tooSmall);
      expect(fresh).not.toBe(tooSmall);
      expect(fresh).toEqual(y);
      await prepared.release();
    } finally {
      await kernels.dispose();
    }
  });

  it.skipIf(!cpuInfo?.available)('rejects products after dispose', async () => {
    const kernels = await createKernels('cpu', { threads: 1 });
    const matrix = randomCsr(10, 10, { density: 0.5, seed: 23 });
    const prepared = await kernels.prepareSparse(matrix);
    await kernels.dispose();
    await expect(prepared.timesDense(randomMatrix(10, 4, 1), 4)).rejects.toMatchObject({ code: 'cancelled' });
    await expect(kernels.sparseTimesDense(matrix, randomMatrix(10, 4, 1), 4)).rejects.toMatchObject({ code: 'cancelled' });
  });
});
