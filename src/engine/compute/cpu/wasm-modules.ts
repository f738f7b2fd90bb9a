import { setFlagsFromString } from 'node:v8';
import { wasmModules, type WasmModuleName } from '../wasm/generated/modules';
import { webAssembly, type WasmModule } from './webassembly';

export type { WasmModuleName };

const compiled = new Map<WasmModuleName, Promise<WasmModule>>();

let optimizingCompilerChosen = false;

/**
 * V8 compiles WebAssembly with its baseline compiler (Liftoff) first and swaps in optimized code
 * only once a function has run hot; a kernel call that takes milliseconds runs to its end on the
 * baseline code. In a fresh process the first calls of every kernel ran that way: the block Krylov
 * SVD's first run took 843–877 ms where later runs took 704–759 ms, against 794–809 ms with the
 * optimizing compiler from the start (same machine, alternated). The modules are small (a few kB):
 * compiling them optimized costs a few ms. Process-wide, so set once, before the first compile.
 */
export function chooseOptimizingCompiler(): void {
  if (optimizingCompilerChosen) return;
  optimizingCompilerChosen = true;
  try {
    setFlagsFromString('--no-liftoff');
  } catch {
    // Not V8, or flags locked: the baseline compiler then runs first, as it would anyway.
  }
}

/**
 * The compiled module built from `src/engine/compute/<name>.wat` by scripts/build-wasm.ts. Compiled
 * once per process; a WebAssembly.Module can be posted to workers, which then only instantiate it.
 */
export function compileWasmModule(name: WasmModuleName): Promise<WasmModule> {
  const cached = compiled.get(name);
  if (cached) return cached;
  if (!webAssembly) return Promise.reject(new Error('WebAssembly is not available in this runtime'));
  chooseOptimizingCompiler();
  const module = webAssembly.compile(Buffer.from(wasmModules[name], 'base64'));
  compiled.set(name, module);
  return module;
}
