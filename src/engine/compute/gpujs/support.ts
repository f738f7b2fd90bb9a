import { GPU, WebAssemblyKernel } from 'gpu.js';

/** Static probes gpu.js keeps on its webasm kernel class but leaves out of its typings. */
const webasmProbes = WebAssemblyKernel as unknown as { isSIMDSupported: boolean; isThreadsSupported: boolean };

/** Why gpu.js's webasm mode cannot run here, or undefined when it can. */
export function webasmUnavailableReason(): string | undefined {
  return GPU.isWebAssemblySupported ? undefined : 'this runtime has no WebAssembly';
}

/** Status bar text for the webasm backend, e.g. "gpu.js webasm (WebAssembly SIMD, 2 worker threads)". */
export function describeWebasmBackend(threadCount: number): string {
  const instructions = webasmProbes.isSIMDSupported ? 'WebAssembly SIMD' : 'WebAssembly without SIMD';
  const threads = webasmProbes.isThreadsSupported ? `${threadCount} worker thread${threadCount === 1 ? '' : 's'}` : 'no worker threads';
  return `gpu.js webasm (${instructions}, ${threads})`;
}
