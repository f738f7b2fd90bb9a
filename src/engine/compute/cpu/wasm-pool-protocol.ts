// Messages between WasmWorkerPool (main side) and wasm-pool.worker.ts. One job per message: the
// worker calls one export of one module with integer arguments (byte offsets, sizes, row ranges)
// and answers once. Data never travels in messages; it lives in the shared memory.

import type { WasmModuleName } from './wasm-modules';
import type { WasmMemory, WasmModule } from './webassembly';

/** Given to each worker at start (structured clone keeps the memory shared and the modules compiled). */
export interface WasmWorkerSetup {
  memory: WasmMemory;
  modules: Partial<Record<WasmModuleName, WasmModule>>;
}

export interface WasmJob {
  module: WasmModuleName;
  exportName: string;
  args: number[];
}

export interface WasmJobRequest extends WasmJob {
  id: number;
}

export type WasmWorkerReply =
  | { type: 'ready' }
  | { type: 'done'; id: number }
  | { type: 'failed'; id: number; message: string };
