import type { GPU } from 'gpu.js';
import { KernelCache } from './kernel-cache';
import { flattenQuadRows, padColumns, type QuadKernelSettings } from './quad-layout';

/**
 * One gpu.js thread computes four adjacent columns of one row of C (docs/kernels.md, gpu.js pitfall
 * 3: returning Array(4) with a literal-0 loop counter is the form that stays fast on both webasm and webgpu). The source
 * is text, not a function, so bundlers and minifiers cannot rewrite it into JavaScript gpu.js cannot
 * translate. k and paddedN are constants: the loop bound is then fixed at compile time.
 */
const matmulSource = `function (a, b) {
  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  const aRow = this.thread.y * this.constants.k;
  const column = this.thread.x * 4;
  for (let i = 0; i < this.constants.k; i++) {
    const value = a[aRow + i];
    const bIndex = i * this.constants.paddedN + column;
    sum0 += value * b[bIndex];
    sum1 += value * b[bIndex + 1];
    sum2 += value * b[bIndex + 2];
    sum3 += value * b[bIndex + 3];
  }
  return [sum0, sum1, sum2, sum3];
}`;






/**
 * matmul on a gpu.js GPU instance (mode 'webgpu' or 'webasm'), with one compiled kernel per shape
 * (m, k, n), least recently used evicted.
 */
export class GpujsMatmul {
  private readonly kernels = new KernelCache();

  /** poolSize: webasm worker threads (gpu.js's own pool); ignored by webgpu. */
  constructor(
    private readonly gpu: GPU,
    private readonly poolSize?: number,
  ) {}

  async run(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Promise<Float32Array> {
    if (m === 0 || n === 0 || k === 0) return new Float32Array(m * n);
    const paddedN = Math.ceil(n / 4) * 4;
    const rows = await this.kernels.run(`${m}x${k}x${n}`, () => this.compile(m, k, paddedN), a, padColumns(b, k, n, paddedN));
    return flattenQuadRows(rows as Float32Array[][], n);
  }

  dispose(): void {
    this.kernels.dispose();
  }

  private compile(m: number, k: number, paddedN: number) {
    const settings: QuadKernelSettings = {
      output: [paddedN / 4, m],
      constants: { k, paddedN },
      argumentTypes: { a: 'Array', b: 'Array' },
      returnType: 'Array(4)',
      // gpu.js silently stops loops after loopMaxIterations (default 1000) on some backends.
      loopMaxIterations: k,
      // webasm starts its worker threads only for async kernels; webgpu is always async.
      asyncMode: true,
      precision: 'single',
    };
    if (this.poolSize !== undefined) settings.poolSize = this.poolSize;
    return this.gpu.createKernel(matmulSource, settings);
  }
}
