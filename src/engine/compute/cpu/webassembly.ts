// The parts of the WebAssembly JavaScript API the cpu backend uses. Node provides all of it, but
// TypeScript declares it only in the DOM libraries, which the engine does not load.

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  /** Adds `pages` 64 KiB pages and returns the previous size in pages; throws RangeError past the maximum. */
  grow(pages: number): number;
}

/** A compiled module: cheap to post to a worker, which only instantiates it. */
export type WasmModule = object;

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  /** Compiles synchronously: for small modules run on the calling thread (cpu/band-reduction.wat). */
  Module: new (bytes: Uint8Array) => WasmModule;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  validate(bytes: Uint8Array): boolean;
}

/** `globalThis.WebAssembly`, typed; undefined in a runtime without WebAssembly. */
export const webAssembly = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
