/**
 * One GloVe iteration over the non-zero cells in their (shuffled) order: the sparse kernel, written
 * as the reference C code's glove_thread does it (stanfordnlp/GloVe, src/glove.c), in float64:
 *
 *   diff  = w_i·c_j + b_i + b̃_j − log N_ij,   fdiff = f(N_ij)·diff,   cost += ½·fdiff·diff
 *   vectors:  g = clip(fdiff·c_j, ±clip)·η;  w_i −= g/√G_w;  G_w += g²   (and the same for c_j with w_i)
 *   biases:   b_i −= fdiff/√G_b;  G_b += fdiff²                          (GloVe's bias step has no η)
 *
 * Accumulators G start at 1. A cell whose diff is NaN or infinite is skipped, as GloVe does.
 * With `tablePrecision: 'float32'` every vector and accumulator entry is rounded to float32 as it is
 * stored, as the cpu kernel (compute/cpu/glove.wat) stores them; biases stay float64 either way.
 */
export interface GloveTables {
  vocabularySize: number;
  dimensions: number;
  /** Word rows then context rows, each d values and then the bias: 2·V·(d + 1). */
  parameters: Float64Array;
  /** AdaGrad accumulators, the same layout. */
  squaredGradients: Float64Array;
}

export interface GloveCells {
  rows: Uint32Array;
  columns: Uint32Array;
  /** log N_ij. */
  logCounts: Float64Array;
  /** f(N_ij) = min(1, (N_ij/x_max)^α). */
  weights: Float64Array;
}

export interface GloveStepOptions {
  learningRate: number;
  gradientClip: number;
  /** How the vector and accumulator entries are stored: float64 (glove.c's `real`, the default) or float32. */
  tablePrecision?: 'float32' | 'float64';
}

const keep = (value: number) => value;

/** Updates cells [start, end) in order; returns their summed cost ½·f·diff² (before each update). */
export function gloveCellsReference(tables: GloveTables, cells: GloveCells, start: number, end: number, options: GloveStepOptions): number {
  const { vocabularySize: V, dimensions: d, parameters: W, squaredGradients: gradsq } = tables;
  const { learningRate: eta, gradientClip: clip } = options;
  const stride = d + 1;
  const store = options.tablePrecision === 'float32' ? Math.fround : keep;
  const updatesWord = new Float64Array(d);
  const updatesContext = new Float64Array(d);
  let cost = 0;
  for (let cell = start; cell < end; cell++) {
    const l1 = cells.rows[cell] * stride;
    const l2 = (cells.columns[cell] + V) * stride;
    let diff = 0;
    for (let b = 0; b < d; b++) diff += W[l1 + b] * W[l2 + b];
    diff += W[l1 + d] + W[l2 + d] - cells.logCounts[cell];
    const fdiff = cells.weights[cell] * diff;
    if (!Number.isFinite(diff) || !Number.isFinite(fdiff)) continue;
    cost += 0.5 * fdiff * diff;
    let sumWord = 0;
    let sumContext = 0;
    for (let b = 0; b < d; b++) {
      const temp1 = Math.min(Math.max(fdiff * W[l2 + b], -clip), clip) * eta;
      const temp2 = Math.min(Math.max(fdiff * W[l1 + b], -clip), clip) * eta;
      updatesWord[b] = temp1 / Math.sqrt(gradsq[l1 + b]);
      updatesContext[b] = temp2 / Math.sqrt(gradsq[l2 + b]);
      sumWord += updatesWord[b];
      sumContext += updatesContext[b];
      gradsq[l1 + b] = store(gradsq[l1 + b] + temp1 * temp1);
      gradsq[l2 + b] = store(gradsq[l2 + b] + temp2 * temp2);
    }
    if (Number.isFinite(sumWord) && Number.isFinite(sumContext)) {
      for (let b = 0; b < d; b++) {
        W[l1 + b] = store(W[l1 + b] - updatesWord[b]);
        W[l2 + b] = store(W[l2 + b] - updatesContext[b]);
      }
    }
    const biasWord = fdiff / Math.sqrt(gradsq[l1 + d]);
    const biasContext = fdiff / Math.sqrt(gradsq[l2 + d]);
    if (Number.isFinite(biasWord)) W[l1 + d] -= biasWord;
    if (Number.isFinite(biasContext)) W[l2 + d] -= biasContext;
    gradsq[l1 + d] += fdiff * fdiff;
    gradsq[l2 + d] += fdiff * fdiff;
  }
  return cost;
}
