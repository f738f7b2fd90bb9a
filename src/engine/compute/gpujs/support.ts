// Whether gpu.js's webasm mode can run, answered without loading gpu.js (which costs a noticeable
// part of a second) just to list the backends: its WebAssemblyKernel needs WebAssembly, takes its
// SIMD path when the runtime validates v128, and runs threads over a shared memory, the same facts
// the cpu backend probes.
import { hasWasmSimd, sharedMemoryUnavailableReason } from '../cpu/support';
import { webAssembly } from '../cpu/webassembly';

/** Why gpu.js's webasm mode cannot run here, or undefined when it can. */
export function webasmUnavailableReason(): string | undefined {
  return webAssembly ? undefined : 'this runtime has no WebAssembly';
}

/** Status bar text for the webasm backend, e.g. "gpu.js webasm (WebAssembly SIMD, 2 worker threads)". */
export function describeWebasmBackend(threadCount: number): string {
  const instructions = hasWasmSimd() ? 'WebAssembly SIMD' : 'WebAssembly without SIMD';
  const threads = sharedMemoryUnavailableReason() === undefined ? `${threadCount} worker thread${threadCount === 1 ? '' : 's'}` : 'no worker threads';
  return `gpu.js webasm (${instructions}, ${threads})`;
}
