import { wasmModules, type WasmModuleName } from '../wasm/generated/modules';

export type { WasmModuleName };

const compiled = new Map<WasmModuleName, Promise<WebAssembly.Module>>();

/**
 * The compiled module built from `src/engine/compute/<name>.wat` by scripts/build-wasm.ts. Compiled
 * once per process; a WebAssembly.Module can be posted to workers, which then only instantiate it.
 */
export function compileWasmModule(name: WasmModuleName): Promise<WebAssembly.Module> {
  let module = compiled.get(name);
  if (!module) {
    module = WebAssembly.compile(Buffer.from(wasmModules[name], 'base64'));
    compiled.set(name, module);
  }
  return module;
}
