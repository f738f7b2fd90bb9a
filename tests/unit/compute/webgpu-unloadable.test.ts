import { describe, expect, it, vi } from 'vitest';
import { createKernels, detectBackends } from '../../../src/engine/compute';

// A machine where Dawn's native addon cannot load (missing libvulkan, wrong architecture).
vi.mock('webgpu', () => {
  throw new Error('simulated: libvulkan.so.1: cannot open shared object file');
});

describe('without a loadable WebGPU addon', () => {
  it('reports gpu unavailable with the reason, and the other backends still run', async () => {
    const [gpu, cpu] = await detectBackends();
    expect(gpu).toMatchObject({ name: 'gpu', available: false });
    // vitest rewords the factory's error, so only Firth's part of the reason is checked.
    expect(gpu.reason).toMatch(/^the WebGPU native addon could not be loaded: /);
    expect(cpu.available).toBe(true);
    await expect(createKernels('gpu')).rejects.toMatchObject({ code: 'backend-unavailable', where: { field: 'backend' } });
    const kernels = await createKernels('auto', { threads: 1 });
    expect(kernels.backend.name).toBe('cpu');
    await kernels.dispose();
  });
});
