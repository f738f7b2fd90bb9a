// The band reduction and back-transformation of symmetric-eigen.ts in WebAssembly
// (compute/cpu/band-reduction.wat), on the calling thread: the same float64 operations in the same
// order, so the same bits as the JavaScript there, in a fraction of the time. Undefined where the
// runtime has no WebAssembly; symmetric-eigen.ts then runs its JavaScript.

import { chooseOptimizingCompiler } from '../compute/cpu/wasm-modules';
import { webAssembly, type WasmInstance, type WasmMemory } from '../compute/cpu/webassembly';
import { wasmModules } from '../compute/wasm/generated/modules';

/** The Givens rotations of a band reduction, in the order applied: rows pivots[i] and pivots[i] + 1 by [c s; −s c]. */
export interface Rotations {
  count: number;
  pivots: Int32Array;
  cosines: Float64Array;
  sines: Float64Array;
}

/** An upper bound on the rotations reducing an n×n band of width w: ≤ w − 1 per column, each chased ≤ n/w times. */
export function rotationCapacity(n: number, w: number): number {
  return n * n + n * w + 1;
}

interface BandReductionExports {
  memory: WasmMemory;
  reduce(band: number, n: number, w: number, width: number, record: number, pivots: number, cosines: number, sines: number): number;
  backTransform(x: number, count: number, rotations: number, pivots: number, cosines: number, sines: number): void;
}

let instance: BandReductionExports | null | undefined;

function load(): BandReductionExports | undefined {
  if (instance === undefined) {
    try {
      if (!webAssembly) throw new Error('no WebAssembly');
      chooseOptimizingCompiler();
      const module = new webAssembly.Module(Buffer.from(wasmModules['cpu/band-reduction'], 'base64'));
      instance = (new webAssembly.Instance(module, {}) as WasmInstance).exports as unknown as BandReductionExports;
    } catch {
      instance = null;
    }
  }
  return instance ?? undefined;
}

/** Whether the WebAssembly versions run here (the tests check that they are what they compare). */
export function bandReductionInWasm(): boolean {
  return load() !== undefined;
}

function reserve(memory: WasmMemory, bytes: number): void {
  const needed = Math.ceil(bytes / 65536) - memory.buffer.byteLength / 65536;
  if (needed > 0) memory.grow(needed);
}

const align8 = (bytes: number) => Math.ceil(bytes / 8) * 8;

/**
 * Reduces `band` (n rows of `width` = w + 2 float64s, symmetric-eigen.ts's lower band storage) in
 * place, recording the rotations when asked; false where WebAssembly is not available.
 */
export function reduceBandWasm(band: Float64Array, n: number, w: number, width: number, record: boolean): { done: boolean; rotations?: Rotations } {
  const exports = load();
  if (!exports) return { done: false };
  const capacity = record ? rotationCapacity(n, w) : 0;
  const pivots = align8(band.byteLength);
  const cosines = align8(pivots + capacity * 4);
  const sines = cosines + capacity * 8;
  reserve(exports.memory, sines + capacity * 8);
  const buffer = exports.memory.buffer;
  new Float64Array(buffer, 0, band.length).set(band);
  const count = exports.reduce(0, n, w, width, record ? 1 : 0, pivots, cosines, sines);
  band.set(new Float64Array(buffer, 0, band.length));
  if (!record) return { done: true };
  return {
    done: true,
    rotations: {
      count,
      pivots: new Int32Array(buffer, pivots, count).slice(),
      cosines: new Float64Array(buffer, cosines, count).slice(),
      sines: new Float64Array(buffer, sines, count).slice(),
    },
  };
}

/** x (n×count, coordinate-major) rotated in place by `rotations`, last first; false without WebAssembly. */
export function backTransformWasm(x: Float64Array, count: number, rotations: Rotations): boolean {
  const exports = load();
  if (!exports) return false;
  const pivots = align8(x.byteLength);
  const cosines = align8(pivots + rotations.count * 4);
  const sines = cosines + rotations.count * 8;
  reserve(exports.memory, sines + rotations.count * 8);
  const buffer = exports.memory.buffer;
  new Float64Array(buffer, 0, x.length).set(x);
  new Int32Array(buffer, pivots, rotations.count).set(rotations.pivots.subarray(0, rotations.count));
  new Float64Array(buffer, cosines, rotations.count).set(rotations.cosines.subarray(0, rotations.count));
  new Float64Array(buffer, sines, rotations.count).set(rotations.sines.subarray(0, rotations.count));
  exports.backTransform(0, count, rotations.count, pivots, cosines, sines);
  x.set(new Float64Array(buffer, 0, x.length));
  return true;
}
