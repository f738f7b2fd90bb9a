import type { IKernelRunShortcut } from 'gpu.js';

/** How many compiled kernels one cache keeps: compiling costs 0.1–4 s, memory is cheap. */
const cachedShapes = 8;

interface CachedKernel {
  kernel: IKernelRunShortcut;
  /** Settles when the latest call settles: an evicted kernel is destroyed only after it. */
  idle: Promise<unknown>;
}

/**
 * Compiled gpu.js kernels by shape key, least recently used evicted (docs/kernels.md, gpu.js pitfall 7: compile
 * once, reuse). `run` calls one and keeps track of it, so eviction never destroys a kernel mid-call.
 */
export class KernelCache {
  private readonly kernels = new Map<string, CachedKernel>();

  async run(key: string, create: () => IKernelRunShortcut, ...args: unknown[]): Promise<unknown> {
    const entry = this.entryFor(key, create);
    // gpu.js types array arguments as number[]; it reads typed arrays as they are.
    const call = Promise.resolve((entry.kernel as unknown as (...values: unknown[]) => unknown)(...args));
    entry.idle = call.catch(() => undefined);
    return call;
  }

  dispose(): void {
    for (const entry of this.kernels.values()) entry.kernel.destroy();
    this.kernels.clear();
  }

  private entryFor(key: string, create: () => IKernelRunShortcut): CachedKernel {
    const cached = this.kernels.get(key);
    if (cached) {
      // Map keeps insertion order: re-inserting marks this shape most recently used.
      this.kernels.delete(key);
      this.kernels.set(key, cached);
      return cached;
    }
    const entry: CachedKernel = { kernel: create(), idle: Promise.resolve() };
    this.kernels.set(key, entry);
    if (this.kernels.size > cachedShapes) {
      const [oldestKey, oldest] = this.kernels.entries().next().value as [string, CachedKernel];
      this.kernels.delete(oldestKey);
      void oldest.idle.then(() => oldest.kernel.destroy());
    }
    return entry;
  }
}
