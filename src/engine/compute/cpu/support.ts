import { availableParallelism } from 'node:os';
import { FirthError } from '../../../shared/errors';
import { webAssembly } from './webassembly';

/** The smallest module using f32x4: `(func (result v128) (v128.const i32x4 0 0 0 0))`. */
const simdProbe = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x16, 0x01,
  0x14, 0x00, 0xfd, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,
]);

/**
 * Why the native cpu backend cannot run here, or undefined when it can: it needs WebAssembly SIMD
 * and a shared WebAssembly.Memory (SharedArrayBuffer) that worker threads can all see.
 */
export function cpuUnavailableReason(): string | undefined {
  if (!webAssembly) return 'WebAssembly is not available in this runtime';
  if (!hasWasmSimd()) return 'this runtime has no WebAssembly SIMD';
  return sharedMemoryUnavailableReason();
}

/** Whether this runtime validates a WebAssembly module that uses v128. */
export function hasWasmSimd(): boolean {
  return webAssembly?.validate(simdProbe) ?? false;
}

/** Why worker threads cannot share a WebAssembly memory here, or undefined when they can. */
export function sharedMemoryUnavailableReason(): string | undefined {
  if (!webAssembly) return 'WebAssembly is not available in this runtime';
  if (typeof SharedArrayBuffer === 'undefined') return 'this runtime has no SharedArrayBuffer (cross-origin isolation is off)';
  try {
    new webAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  } catch (error) {
    return `this runtime cannot create a shared WebAssembly memory: ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}

/** Worker threads to use: the requested count, or one per core when none (or 0) is given. */
export function resolveThreadCount(threads: number | undefined): number {
  if (threads === undefined || threads === 0) return availableParallelism();
  if (!Number.isInteger(threads) || threads < 0) {
    throw new FirthError('invalid-input', `threads must be a positive whole number, or 0 for one per core (got ${threads})`, {
      field: 'threads',
    });
  }
  return threads;
}

/** Status bar text for the cpu backend. */
export function describeCpuBackend(threadCount: number): string {
  return `WebAssembly SIMD, ${threadCount} worker thread${threadCount === 1 ? '' : 's'}`;
}
