import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { FirthError } from '../../shared/errors';

export interface Alignment {
  /** R (d×d, row-major): the orthogonal matrix minimising ‖B·R − A‖ over the anchor rows. */
  rotation: Float64Array;
  /** B·R (rows×d): B in A's coordinates. */
  aligned: Float32Array;
  /** 1 − cos(aᵢ, (B·R)ᵢ) per row: 0 where a word sits in the same place, up to 2 where it is reversed. */
  displacement: Float64Array;
}

/**
 * Orthogonal Procrustes (Schönemann 1966) of B onto A: with Bᵀ·A = U·Σ·Vᵀ over the anchor rows,
 * R = U·Vᵀ. Embeddings trained separately are only defined up to rotation, so a rotation is the
 * one change allowed before comparing where words sit. The d×d problem is solved in float64 with
 * ml-matrix because it is tiny next to the rows×d products around it.
 */
export function alignSpaces(a: Float32Array, b: Float32Array, rows: number, d: number, anchors?: Uint32Array): Alignment {
  if (!Number.isSafeInteger(rows) || rows < 1 || !Number.isSafeInteger(d) || d < 1) {
    throw new FirthError('invalid-input', `alignSpaces needs at least 1 row and 1 dimension (got ${rows}×${d})`, { field: 'rows' });
  }
  if (a.length < rows * d || b.length < rows * d) {
    throw new FirthError('invalid-input', `Both spaces need ${rows}×${d} values (got ${a.length} and ${b.length})`, { field: 'vectors' });
  }
  if (anchors) {
    for (const anchor of anchors) {
      if (anchor >= rows) throw new FirthError('invalid-input', `Anchor row ${anchor} is outside the ${rows} rows`, { field: 'anchors' });
    }
    if (anchors.length === 0) throw new FirthError('invalid-input', 'At least one anchor row is needed', { field: 'anchors' });
  }
  const anchorCount = anchors ? anchors.length : rows;

  // M = Bᵀ·A over the anchors, summed in float64.
  const cross = new Float64Array(d * d);
  for (let position = 0; position < anchorCount; position++) {
    const offset = (anchors ? anchors[position] : position) * d;
    for (let i = 0; i < d; i++) {
      const bValue = b[offset + i];
      if (bValue === 0) continue;
      const crossRow = i * d;
      for (let j = 0; j < d; j++) cross[crossRow + j] += bValue * a[offset + j];
    }
  }
  const crossMatrix = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) crossMatrix.set(i, j, cross[i * d + j]);
  const svd = new SingularValueDecomposition(crossMatrix, { autoTranspose: false });
  const product = svd.leftSingularVectors.mmul(svd.rightSingularVectors.transpose());
  const rotation = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) rotation[i * d + j] = product.get(i, j);

  const aligned = new Float32Array(rows * d);
  const displacement = new Float64Array(rows);
  const alignedRow = new Float64Array(d);
  for (let row = 0; row < rows; row++) {
    const offset = row * d;
    alignedRow.fill(0);
    for (let i = 0; i < d; i++) {
      const bValue = b[offset + i];
      if (bValue === 0) continue;
      for (let j = 0; j < d; j++) alignedRow[j] += bValue * rotation[i * d + j];
    }
    let dot = 0;
    let squaresA = 0;
    let squaresAligned = 0;
    for (let j = 0; j < d; j++) {
      aligned[offset + j] = alignedRow[j];
      dot += a[offset + j] * alignedRow[j];
      squaresA += a[offset + j] * a[offset + j];
      squaresAligned += alignedRow[j] * alignedRow[j];
    }
    // A zero row has no direction: count it as unmoved only when both are zero, else as orthogonal.
    const norms = Math.sqrt(squaresA * squaresAligned);
    displacement[row] = norms === 0 ? (squaresA === squaresAligned ? 0 : 1) : 1 - dot / norms;
  }
  return { rotation, aligned, displacement };
}
