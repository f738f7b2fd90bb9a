import { wasmModules, type WasmModuleName } from '../wasm/generated/modules';
import { webAssembly, type WasmModule } from './webassembly';

export type { WasmModuleName };

const compiled = new Map<WasmModuleName, Promise<WasmModule>>();

/**
 * The compiled module built from `src/engine/compute/<name>.wat` by scripts/build-wasm.ts. Compiled
 * once per process; a WebAssembly.Module can be posted to workers, which then only instantiate it.
 */
export function compileWasmModule(name: WasmModuleName): Promise<WasmModule> {
  const cached = compiled.get(name);
  if (cached) return cached;
  if (!webAssembly) return Promise.reject(new Error('WebAssembly is not available in this runtime'));
  const module = webAssembly.compile(Buffer.from(wasmModules[name], 'base64'));
  compiled.set(name, module);
  return module;
}
