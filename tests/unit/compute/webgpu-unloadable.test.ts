import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKernels, detectBackends } from '../../../src/engine/compute';

// A machine where Dawn's native addon cannot load (missing libvulkan, wrong architecture): the probe
// runs in a child process, which inherits NODE_OPTIONS; there the addon's module fails to load.
const failingLoad = pathToFileURL(join(import.meta.dirname, 'fixtures', 'webgpu-unloadable.mjs')).href;

describe('without a loadable WebGPU addon', () => {
  it('reports gpu unavailable with the reason, and the other backends still run', async () => {
    const saved = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${saved ?? ''} --import=${failingLoad}`.trim();
    try {
      const [gpu, cpu] = await detectBackends();
      expect(gpu).toMatchObject({ name: 'gpu', available: false });
      expect(gpu.reason).toBe('the WebGPU native addon could not be loaded: libvulkan.so.1: cannot open shared object file');
      expect(cpu.available).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
    await expect(createKernels('gpu')).rejects.toMatchObject({ code: 'backend-unavailable', where: { field: 'backend' } });
    const kernels = await createKernels('auto', { threads: 1 });
    expect(kernels.backend.name).toBe('cpu');
    await kernels.dispose();
  });
});
