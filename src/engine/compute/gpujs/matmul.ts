import type { GPU, IGPUKernelSettings, IKernelRunShortcut } from 'gpu.js';

/**
 * One gpu.js thread computes four adjacent columns of one row of C (kernels.md: returning Array(4)
 * with a literal-0 loop counter is the form that stays fast on both webasm and webgpu). The source
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

/** Compiling costs far more than running (up to seconds on webgpu): keep this many shapes' kernels. */
const cachedShapes = 8;

/** gpu.js settings this kernel needs beyond the typed IGPUKernelSettings. */
type MatmulKernelSettings = IGPUKernelSettings & { loopMaxIterations: number; returnType: string };

/** Copies B(k×n) into k×paddedN with zero columns on the right, so every thread reads 4 real slots. */
function padColumns(b: Float32Array, k: number, n: number, paddedN: number): Float32Array {
  if (paddedN === n) return b;
  const padded = new Float32Array(k * paddedN);
  for (let i = 0; i < k; i++) padded.set(b.subarray(i * n, (i + 1) * n), i * paddedN);
  return padded;
}

/** gpu.js returns rows of Float32Array(4) quads; C keeps the first n columns of each row. */
function flattenQuadRows(rows: Float32Array[][], m: number, n: number): Float32Array {
  const c = new Float32Array(m * n);
  for (let r = 0; r < m; r++) {
    const quads = rows[r];
    const rowOffset = r * n;
    for (let quad = 0; quad < quads.length; quad++) {
      const column = quad * 4;
      const values = quads[quad];
      const count = Math.min(4, n - column);
      for (let lane = 0; lane < count; lane++) c[rowOffset + column + lane] = values[lane];
    }
  }
  return c;
}

interface CachedKernel {
  kernel: IKernelRunShortcut;
  /** Settles when the latest call settles: an evicted kernel is destroyed only after it. */
  idle: Promise<unknown>;
}

/**
 * matmul on a gpu.js GPU instance (mode 'webgpu' or 'webasm'), with one compiled kernel per shape
 * (m, k, n), least recently used evicted.
 */
export class GpujsMatmul {
  private readonly gpu: GPU;
  private readonly poolSize: number | undefined;
  private readonly kernels = new Map<string, CachedKernel>();

  /** poolSize: webasm worker threads (gpu.js's own pool); ignored by webgpu. */
  constructor(gpu: GPU, poolSize?: number) {
    this.gpu = gpu;
    this.poolSize = poolSize;
  }

  async run(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Promise<Float32Array> {
    if (m === 0 || n === 0 || k === 0) return new Float32Array(m * n);
    const paddedN = Math.ceil(n / 4) * 4;
    const entry = this.kernelFor(m, k, n, paddedN);
    // gpu.js types array arguments as number[]; it reads typed arrays as they are.
    const call = Promise.resolve(entry.kernel(a as unknown as number[], padColumns(b, k, n, paddedN) as unknown as number[]));
    entry.idle = call.catch(() => undefined);
    return flattenQuadRows((await call) as unknown as Float32Array[][], m, n);
  }

  dispose(): void {
    for (const entry of this.kernels.values()) entry.kernel.destroy();
    this.kernels.clear();
  }

  private kernelFor(m: number, k: number, n: number, paddedN: number): CachedKernel {
    const key = `${m}x${k}x${n}`;
    const cached = this.kernels.get(key);
    if (cached) {
      // Map keeps insertion order: re-inserting marks this shape most recently used.
      this.kernels.delete(key);
      this.kernels.set(key, cached);
      return cached;
    }
    const settings: MatmulKernelSettings = {
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
    const entry: CachedKernel = { kernel: this.gpu.createKernel(matmulSource, settings), idle: Promise.resolve() };
    this.kernels.set(key, entry);
    if (this.kernels.size > cachedShapes) {
      const [oldestKey, oldest] = this.kernels.entries().next().value as [string, CachedKernel];
      this.kernels.delete(oldestKey);
      void oldest.idle.then(() => oldest.kernel.destroy());
    }
    return entry;
  }
}
