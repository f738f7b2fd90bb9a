import type { WasmWorkerPool } from './wasm-pool';
import { wasmMemoryMaximumPages } from './wasm-pool';

const memoryLimitBytes = wasmMemoryMaximumPages * 65536;

function alignTo16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/**
 * Hands out 16-byte aligned regions of a pool's memory past everything allocated before, for a
 * caller that has the pool to itself (co-occurrence counting, and SPPMI after it). A WebAssembly
 * memory grows with zeroed pages, so every region starts zeroed: dense blocks and histograms need no
 * clearing (and their pages are first touched by the threads that write them).
 */
export class PoolArena {
  private end: number;
  constructor(private readonly pool: WasmWorkerPool) {
    this.end = pool.scratchOffset;
  }
  allocate(bytes: number): number {
    const offset = alignTo16(this.end);
    this.end = offset + Math.max(bytes, 0);
    this.pool.reserve(this.end);
    return offset;
  }
  /** Whether regions of these sizes can still be allocated within the 4 GiB wasm32 can address (or `limitBytes`). */
  fits(sizes: number[], limitBytes = memoryLimitBytes): boolean {
    let end = this.end;
    for (const bytes of sizes) end = alignTo16(end) + Math.max(bytes, 0);
    return end <= Math.min(limitBytes, memoryLimitBytes);
  }
  /** A view taken now: a grow replaces the memory's buffer, so views are never kept across one. */
  uint32(offset: number, length: number): Uint32Array {
    return new Uint32Array(this.pool.memory.buffer, offset, length);
  }
  float64(offset: number, length: number): Float64Array {
    return new Float64Array(this.pool.memory.buffer, offset, length);
  }
  float32(offset: number, length: number): Float32Array {
    return new Float32Array(this.pool.memory.buffer, offset, length);
  }
  int32(offset: number, length: number): Int32Array {
    return new Int32Array(this.pool.memory.buffer, offset, length);
  }
}
