import type { GPU } from 'gpu.js';
import { sgnsNegativeCellsReference } from '../reference/sgns-cells';
import { KernelCache } from './kernel-cache';
import type { QuadKernelSettings } from './quad-layout';

// MF-SGNS's dense negative term on gpu.js (Kernels.sgnsNegativeCells): one thread per cell writes
// G = w·σ(x), w = negativeRows[i]·P(j); one thread per row sums w·softplus(x) over its n cells in
// float32, and the rows' sums are added in float64 on the host. Both share the reference's one-exp
// form (reference/sgns-cells.ts); softplus's log(1 + e) is replaced by e − e²/2 below e = 10⁻⁴, where
// float32's 1 + e has lost e. n is a constant, so each tile shape compiles once (the loop bound is then
// fixed, docs/kernels.md, gpu.js pitfall 1) and the loop counter starts at a literal 0 (pitfall 2).

const gradientSource = `function (scores, negativeRows, probabilities) {
  const row = this.thread.y;
  const column = this.thread.x;
  const x = scores[row * this.constants.n + column];
  const e = Math.exp(-Math.abs(x));
  let sigma = e / (1 + e);
  if (x >= 0) {
    sigma = 1 / (1 + e);
  }
  return negativeRows[row] * probabilities[column] * sigma;
}`;

const rowLossSource = `function (scores, negativeRows, probabilities) {
  const row = this.thread.x;
  const offset = row * this.constants.n;
  let sum = 0;
  for (let column = 0; column < this.constants.n; column++) {
    const x = scores[offset + column];
    const e = Math.exp(-Math.abs(x));
    let softplus = Math.log(1 + e);
    if (e < 0.0001) {
      softplus = e - 0.5 * e * e;
    }
    if (x > 0) {
      softplus = softplus + x;
    }
    sum += probabilities[column] * softplus;
  }
  return negativeRows[row] * sum;
}`;

export { gradientSource as sgnsNegativeGradientSource, rowLossSource as sgnsNegativeRowLossSource };

export class GpujsSgnsNegativeCells {
  private readonly gradients = new KernelCache();
  private readonly rowLosses = new KernelCache();

  constructor(
    private readonly gpu: GPU,
    private readonly poolSize?: number,
  ) {}

  /** As Kernels.sgnsNegativeCells: G over `scores`, the loss returned. */
  async run(scores: Float32Array, m: number, n: number, negativeRows: ArrayLike<number>, probabilities: ArrayLike<number>): Promise<number> {
    if (m === 0 || n === 0) return 0;
    // WGSL may assume no NaN or infinity: a step that produced one is answered exactly as the
    // reference does (NaN or ∞ loss), so the trainer rejects it whatever the device does with them.
    for (let cell = 0; cell < scores.length; cell++) {
      if (!Number.isFinite(scores[cell])) return sgnsNegativeCellsReference(scores, m, n, negativeRows, probabilities);
    }
    const rows = Float32Array.from(negativeRows);
    const columns = Float32Array.from(probabilities);
    const [gradient, losses] = await Promise.all([
      this.gradients.run(`${m}x${n}`, () => this.compile(gradientSource, [n, m], n, 1), scores, rows, columns),
      this.rowLosses.run(`${m}x${n}`, () => this.compile(rowLossSource, [m], n, n), scores, rows, columns),
    ]);
    const gradientRows = gradient as Float32Array[];
    for (let row = 0; row < m; row++) scores.set(gradientRows[row].subarray(0, n), row * n);
    let loss = 0;
    for (const value of losses as Float32Array) loss += value;
    return loss;
  }

  dispose(): void {
    this.gradients.dispose();
    this.rowLosses.dispose();
  }

  private compile(source: string, output: number[], n: number, loop: number) {
    const settings: QuadKernelSettings = {
      output,
      constants: { n },
      argumentTypes: { scores: 'Array', negativeRows: 'Array', probabilities: 'Array' },
      returnType: 'Number',
      loopMaxIterations: loop,
      asyncMode: true,
      precision: 'single',
    };
    if (this.poolSize !== undefined) settings.poolSize = this.poolSize;
    return this.gpu.createKernel(source, settings);
  }
}
