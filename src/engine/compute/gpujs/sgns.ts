// The three gpu.js kernels of minibatch SGNS in gather form (docs/kernels.md, gpu.js pitfall 8: gpu.js cannot scatter).
//   1. logits: per triple t, f_t = W[input_t]·C[target_t] and g_t = (label_t − σ(f_t))·α, as a 2-row
//      output (row 0 the logits, row 1 the gradients: no kernel maps on webgpu/webasm).
//   2. apply (W): over the whole V×stride table, W'[r] = W[r] + Σ over r's slots of g_t·C[target_t].
//   3. apply (C): the same kernel over C, C'[r] = C[r] + Σ over r's slots of g_t·W[input_t] (old W).
// Every gradient of a batch is taken at the batch's starting W and C (a plain minibatch step). The
// slots of each row (a CSR row → triple, built on the host per batch) come in as arrays of their own
// (row starts and lengths; docs/kernels.md, gpu.js pitfall 3), loops start at literal 0 (pitfall 2), and the loop
// cap is the batch capacity, fixed per run so each kernel compiles once (pitfall 1). All per-batch
// arrays are padded to that capacity so that argument sizes never change between calls.
//
// Two ways to run a batch:
//   - step(): stateless, W and C go to the device and come back on every call (gpu.js copies every
//     array argument, pitfall 5). Used on webasm (whose `pipeline` hands back plain host arrays: there
//     is no device memory to keep anything in) and as the round-trip reference in tests.
//   - load() / advance() / tables(): on webgpu, W and C stay on the device between batches as gpu.js
//     pipeline buffers (WebGPUBufferResult). The apply kernel is the same Array(4) kernel with
//     `pipeline: true` and `immutable: true` (every call gets a fresh output buffer, so a call can read
//     the previous call's output). gpu.js webgpu refuses to bind an Array(4) result as an argument
//     ("does not yet support Array(4) pipeline results"), but its buffer holds the quads of each row in
//     order, i.e. exactly the flat row-major table: advance() wraps the same buffer in a second handle
//     viewed as one float per cell ([stride, V]) and binds that. Only the logits/gradients
//     (2 × capacity floats) come back per batch; tables() reads W and C back once.

import { GPU, type IGPUKernelSettings, type IKernelRunShortcut } from 'gpu.js';
import { FirthError } from '../../../shared/errors';
import { installWebGpu, probeWebGpu } from '../webgpu/adapter';

/** One minibatch of (input, target, label) triples, as the SGNS batch walker fills them. */
export interface SgnsBatch {
  /** Triples in this batch (the first `triples` entries of the arrays are meaningful). */
  triples: number;
  /** Positive (word, context) pairs: the loss is reported per pair. */
  pairs: number;
  /** Row of W (the context word) per triple. */
  inputs: Int32Array;
  /** Row of C (the centre word, or a noise word) per triple. */
  targets: Int32Array;
  /** 1 for the true centre word, 0 for noise. */
  labels: Uint8Array;
}

const logitsSource = `function (W, C, inputs, targets, labels, alpha) {
  const t = this.thread.x;
  const w = inputs[t];
  const c = targets[t];
  let f = 0;
  for (let i = 0; i < this.constants.stride; i++) {
    f += W[w + i] * C[c + i];
  }
  if (this.thread.y == 0) {
    return f;
  }
  const e = Math.exp(-Math.abs(f));
  let sigma = e / (1 + e);
  if (f >= 0) {
    sigma = 1 / (1 + e);
  }
  return (labels[t] - sigma) * alpha;
}`;

const applySource = `function (table, other, gradients, rowStarts, rowLengths, slotTriples, slotPartners) {
  const row = this.thread.y;
  const column = this.thread.x * 4;
  const base = row * this.constants.stride + column;
  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  const start = rowStarts[row];
  const length = rowLengths[row];
  for (let i = 0; i < length; i++) {
    const g = gradients[slotTriples[start + i]];
    const o = slotPartners[start + i] + column;
    sum0 += g * other[o];
    sum1 += g * other[o + 1];
    sum2 += g * other[o + 2];
    sum3 += g * other[o + 3];
  }
  return [table[base] + sum0, table[base + 1] + sum1, table[base + 2] + sum2, table[base + 3] + sum3];
}`;

/** gpu.js webgpu's pipeline handle (WebGPUBufferResult): a buffer left on the device. */
interface DeviceTable {
  toArray(): Promise<unknown>;
  delete(): void;
}

type Table = Float32Array | DeviceTable;

/** gpu.js computes indices in float32 (docs/kernels.md, gpu.js pitfall 5): integers are exact below 2^24. */
const exactIntegerLimit = 2 ** 24;

type KernelSettings = IGPUKernelSettings & { loopMaxIterations: number; returnType: string };

export interface GpujsSgnsKernelsOptions {
  V: number;
  /** Floats per row of W and C (d rounded up to a multiple of 4, the padding kept at zero). */
  stride: number;
  /** The most triples a batch holds (batchTripleCapacity). */
  capacity: number;
  /** webasm: gpu.js's worker threads. */
  poolSize?: number;
  /** webgpu, tests only: accept a software adapter (SwiftShader). */
  allowSoftwareAdapter?: boolean;
  /** Called each time tables() copies a device-resident W or C back to the host (tests count them). */
  onTableReadback?: (table: 'W' | 'C') => void;
}

export interface SgnsAdvanceResult {
  /** f per triple of the batch (batch.triples entries), for the loss. */
  logits: Float32Array;
  /** g = (label − σ(f))·α per triple. */
  gradients: Float32Array;
}

export interface SgnsStepResult {
  W: Float32Array;
  C: Float32Array;
  /** f per triple of the batch (batch.triples entries), for the loss. */
  logits: Float32Array;
  /** g = (label − σ(f))·α per triple. */
  gradients: Float32Array;
}

/** Row → slots CSR of a batch over `rowOf` (inputs for W, targets for C), padded to the capacity. */
interface SlotCsr {
  rowStarts: Float32Array;
  rowLengths: Float32Array;
  slotTriples: Float32Array;
  slotPartners: Float32Array;
}

function buildSlots(V: number, stride: number, triples: number, rowOf: Int32Array, partnerOf: Int32Array, csr: SlotCsr): void {
  const { rowStarts, rowLengths, slotTriples, slotPartners } = csr;
  rowLengths.fill(0);
  for (let t = 0; t < triples; t++) rowLengths[rowOf[t]]++;
  let start = 0;
  for (let row = 0; row < V; row++) {
    rowStarts[row] = start;
    start += rowLengths[row];
  }
  // Fill in triple order (stable): each row's slots list its triples in ascending order.
  const next = Float64Array.from(rowStarts);
  for (let t = 0; t < triples; t++) {
    const slot = next[rowOf[t]]++;
    slotTriples[slot] = t;
    slotPartners[slot] = partnerOf[t] * stride;
  }
}

/** gpu.js's argument types do not know typed arrays or pipeline handles; both are accepted. */
const arg = (value: Table) => value as unknown as number[];

function flattenQuadRows(rows: Float32Array[][], V: number, stride: number, into: Float32Array): Float32Array {
  for (let row = 0; row < V; row++) {
    const quads = rows[row];
    for (let quad = 0; quad < quads.length; quad++) into.set(quads[quad].subarray(0, 4), row * stride + quad * 4);
  }
  return into;
}

function flattenRows(rows: Float32Array[], V: number, stride: number, into: Float32Array): Float32Array {
  for (let row = 0; row < V; row++) into.set(rows[row].subarray(0, stride), row * stride);
  return into;
}

export class GpujsSgnsKernels {
  readonly mode: 'webgpu' | 'webasm';
  private readonly gpu: GPU;
  private readonly options: GpujsSgnsKernelsOptions;
  private readonly logits: IKernelRunShortcut;
  private readonly apply: IKernelRunShortcut;
  /** webgpu only: the apply kernel in pipeline mode, whose results stay on the device. */
  private readonly applyResident: IKernelRunShortcut | null;
  /** The tables advance() works on: host arrays (after load(), and always on webasm) or device buffers. */
  private W: Table | null = null;
  private C: Table | null = null;
  private readonly inputOffsets: Float32Array;
  private readonly targetOffsets: Float32Array;
  private readonly labels: Float32Array;
  private readonly wSlots: SlotCsr;
  private readonly cSlots: SlotCsr;

  private constructor(gpu: GPU, mode: 'webgpu' | 'webasm', options: GpujsSgnsKernelsOptions) {
    this.gpu = gpu;
    this.mode = mode;
    this.options = options;
    const { V, stride, capacity } = options;
    const common = { asyncMode: true, precision: 'single' as const, ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}) };
    const logitsSettings: KernelSettings = {
      ...common,
      output: [capacity, 2],
      constants: { stride },
      argumentTypes: { W: 'Array', C: 'Array', inputs: 'Array', targets: 'Array', labels: 'Array', alpha: 'Float' },
      returnType: 'Number',
      loopMaxIterations: stride,
    };
    const applySettings: KernelSettings = {
      ...common,
      output: [stride / 4, V],
      constants: { stride },
      argumentTypes: {
        table: 'Array',
        other: 'Array',
        gradients: 'Array',
        rowStarts: 'Array',
        rowLengths: 'Array',
        slotTriples: 'Array',
        slotPartners: 'Array',
      },
      returnType: 'Array(4)',
      // A row can hold every triple of a batch: the cap is the capacity, so no row loses its tail.
      loopMaxIterations: capacity,
    };
    this.logits = gpu.createKernel(logitsSource, logitsSettings);
    this.apply = gpu.createKernel(applySource, applySettings);
    this.applyResident = mode === 'webgpu' ? gpu.createKernel(applySource, { ...applySettings, pipeline: true, immutable: true } as KernelSettings) : null;
    this.inputOffsets = new Float32Array(capacity);
    this.targetOffsets = new Float32Array(capacity);
    this.labels = new Float32Array(capacity);
    const slots = (): SlotCsr => ({
      rowStarts: new Float32Array(V),
      rowLengths: new Float32Array(V),
      slotTriples: new Float32Array(capacity),
      slotPartners: new Float32Array(capacity),
    });
    this.wSlots = slots();
    this.cSlots = slots();
  }

  /**
   * Kernels for one run. Throws FirthError('backend-unavailable') when the mode cannot run here, and
   * FirthError('invalid-input') when the tables or batches are too large for float32 indices.
   */
  static async create(mode: 'webgpu' | 'webasm', options: GpujsSgnsKernelsOptions): Promise<GpujsSgnsKernels> {
    const { V, stride, capacity } = options;
    if (stride % 4 !== 0) throw new FirthError('internal', `the SGNS kernels need a stride that is a multiple of 4; got ${stride}`);
    if (V * stride >= exactIntegerLimit || capacity >= exactIntegerLimit) {
      throw new FirthError(
        'invalid-input',
        `the gpu.js backends index in 32-bit floats, exact only below ${exactIntegerLimit.toLocaleString('en')}: W (${V} × ${stride}) or the batch (${capacity} triples) is too large; use the cpu trainer`,
        { field: 'dimensions' },
      );
    }
    if (mode === 'webasm') {
      if (!GPU.isWebAssemblySupported) throw new FirthError('backend-unavailable', 'gpu.js webasm: this runtime has no WebAssembly');
    } else {
      const probe = await probeWebGpu();
      if (probe.status !== 'adapter') throw new FirthError('backend-unavailable', `gpu.js webgpu: ${probe.reason}`);
      if (probe.software && !options.allowSoftwareAdapter) {
        throw new FirthError('backend-unavailable', `gpu.js webgpu: the WebGPU adapter is ${probe.name}, a software one (allowed in tests only)`);
      }
      await installWebGpu({ allowSoftwareAdapter: options.allowSoftwareAdapter });
    }
    return new GpujsSgnsKernels(new GPU({ mode }), mode, options);
  }

  /**
   * One minibatch step: W and C (V×stride, row-major) are read, not changed; the updated tables come
   * back as new arrays. alpha is the batch's learning rate.
   */
  async step(W: Float32Array, C: Float32Array, batch: SgnsBatch, alpha: number): Promise<SgnsStepResult> {
    const { V, stride } = this.options;
    const n = batch.triples;
    const { logits, gradients } = await this.logitsOf(W, C, batch, alpha);
    const applyTo = async (table: Float32Array, other: Float32Array, slots: SlotCsr) => {
      const rows = (await Promise.resolve(
        this.apply(arg(table), arg(other), arg(gradients), arg(slots.rowStarts), arg(slots.rowLengths), arg(slots.slotTriples), arg(slots.slotPartners)),
      )) as unknown as Float32Array[][];
      return flattenQuadRows(rows, V, stride, new Float32Array(V * stride));
    };
    const nextW = await applyTo(W, C, this.wSlots);
    const nextC = await applyTo(C, W, this.cSlots);
    return { W: nextW, C: nextC, logits, gradients: gradients.slice(0, n) };
  }

  /** Sets the tables advance() starts from (kept by reference until the first advance; not changed). */
  load(W: Float32Array, C: Float32Array): void {
    this.release();
    this.W = W;
    this.C = C;
  }

  /**
   * One minibatch step on the loaded tables. On webgpu the updated W and C stay on the device (read
   * them with tables()); on webasm they come back to the host as step() does. Only the logits and
   * gradients of the batch are read back here.
   */
  async advance(batch: SgnsBatch, alpha: number): Promise<SgnsAdvanceResult> {
    const { W, C } = this;
    if (W === null || C === null) throw new FirthError('internal', 'GpujsSgnsKernels.advance needs load() first');
    if (this.applyResident === null) {
      const step = await this.step(W as Float32Array, C as Float32Array, batch, alpha);
      this.W = step.W;
      this.C = step.C;
      return { logits: step.logits, gradients: step.gradients };
    }
    const { V, stride } = this.options;
    const { logits, gradients } = await this.logitsOf(W, C, batch, alpha);
    const applyTo = async (table: Table, other: Table, slots: SlotCsr) => {
      const quads = (await Promise.resolve(
        this.applyResident!(arg(table), arg(other), arg(gradients), arg(slots.rowStarts), arg(slots.rowLengths), arg(slots.slotTriples), arg(slots.slotPartners)),
      )) as unknown as DeviceTable & { output: number[]; componentCount: number };
      // gpu.js will not bind an Array(4) result as an argument; the same buffer viewed as one float per
      // cell ([stride, V]) is the flat row-major table. The view takes its own reference on the buffer.
      const HandleClass = quads.constructor as new (settings: object) => DeviceTable;
      const flat = new HandleClass({ ...quads, output: [stride, V], componentCount: 1 });
      quads.delete();
      return flat;
    };
    const nextW = await applyTo(W, C, this.wSlots);
    const nextC = await applyTo(C, W, this.cSlots);
    // The old buffers are read by work already submitted; WebGPU defers freeing them until it is done.
    this.release();
    this.W = nextW;
    this.C = nextC;
    return { logits, gradients: gradients.slice(0, batch.triples) };
  }

  /** The current W and C on the host (V×stride, row-major): one readback each when they live on the device. */
  async tables(): Promise<{ W: Float32Array; C: Float32Array }> {
    const { V, stride } = this.options;
    const host = async (table: Table | null, name: 'W' | 'C'): Promise<Float32Array> => {
      if (table === null) throw new FirthError('internal', 'GpujsSgnsKernels.tables needs load() first');
      if (table instanceof Float32Array) return table;
      this.options.onTableReadback?.(name);
      const rows = (await table.toArray()) as Float32Array[];
      return flattenRows(rows, V, stride, new Float32Array(V * stride));
    };
    return { W: await host(this.W, 'W'), C: await host(this.C, 'C') };
  }

  /**
   * The device memory a step holds at most, in bytes, counted from the buffers it binds (gpu.js does
   * not report its allocations): the old and new W and C during the apply kernels, the batch's
   * offsets, labels, logits and gradients, and the two row → slot CSRs. 0 on webasm (no device).
   */
  deviceMemoryBytes(): number {
    if (this.applyResident === null) return 0;
    const { V, stride, capacity } = this.options;
    return 4 * (4 * V * stride + 10 * capacity + 4 * V);
  }

  /** Deletes the device buffers of the current tables (host arrays are just dropped). */
  private release(): void {
    for (const table of [this.W, this.C]) if (table !== null && !(table instanceof Float32Array)) table.delete();
    this.W = null;
    this.C = null;
  }

  /** Fills the per-batch arrays and slot CSRs, runs the logits kernel and reads its 2 × capacity result. */
  private async logitsOf(W: Table, C: Table, batch: SgnsBatch, alpha: number): Promise<{ logits: Float32Array; gradients: Float32Array }> {
    const { V, stride, capacity } = this.options;
    const n = batch.triples;
    if (n > capacity) throw new FirthError('internal', `an SGNS batch of ${n} triples exceeds the capacity ${capacity}`);
    const { inputOffsets, targetOffsets, labels } = this;
    for (let t = 0; t < n; t++) {
      inputOffsets[t] = batch.inputs[t] * stride;
      targetOffsets[t] = batch.targets[t] * stride;
      labels[t] = batch.labels[t];
    }
    // Padding triples read row 0 and their gradients are listed in no row's slots.
    inputOffsets.fill(0, n);
    targetOffsets.fill(0, n);
    labels.fill(0, n);
    buildSlots(V, stride, n, batch.inputs, batch.targets, this.wSlots);
    buildSlots(V, stride, n, batch.targets, batch.inputs, this.cSlots);

    const out = (await Promise.resolve(this.logits(arg(W), arg(C), arg(inputOffsets), arg(targetOffsets), arg(labels), alpha))) as unknown as Float32Array[];
    // Gradients stay padded to the capacity: the apply kernels take them whole.
    return { logits: Float32Array.from(out[0].subarray(0, n)), gradients: Float32Array.from(out[1]) };
  }

  async dispose(): Promise<void> {
    this.release();
    this.logits.destroy();
    this.apply.destroy();
    this.applyResident?.destroy();
    // Stops gpu.js's webasm worker pool; the WebGPU device is gpu.js's process-wide singleton and stays.
    await this.gpu.destroy();
  }
}
