import { GPU } from 'gpu.js';
import { describe, expect, it } from 'vitest';
import { createKernels, detectBackends, resolveBackend, type BackendInfo } from '../../../src/engine/compute';
import { installWebGpu, isSoftwareAdapter } from '../../../src/engine/compute/webgpu/adapter';

const cpu: BackendInfo = { name: 'cpu', available: true, adapter: 'WebAssembly SIMD, 2 worker threads' };
const webasm: BackendInfo = { name: 'webasm', available: true, adapter: 'gpu.js webasm' };
const hardwareGpu: BackendInfo = { name: 'gpu', available: true, adapter: 'NVIDIA H100 80GB HBM3 (vulkan)' };
const softwareGpu: BackendInfo = {
  name: 'gpu',
  available: false,
  adapter: 'SwiftShader (software)',
  software: true,
  reason: 'the WebGPU adapter is SwiftShader (software): it runs shaders on the CPU',
};

describe('detectBackends', () => {
  it('always reports gpu, cpu and webasm, in that order', async () => {
    const infos = await detectBackends();
    expect(infos.map((info) => info.name)).toEqual(['gpu', 'cpu', 'webasm']);
    for (const info of infos) {
      expect(info.adapter).not.toBe('');
      if (!info.available) expect(info.reason).toBeTruthy();
    }
  });

  it('reports the cpu backend with its thread count', async () => {
    const [, cpuInfo] = await detectBackends({ threads: 3 });
    expect(cpuInfo).toEqual({ name: 'cpu', available: true, adapter: 'WebAssembly SIMD, 3 worker threads' });
  });

  it('reports SwiftShader as software and not available unless software adapters are allowed', async (context) => {
    const [gpu] = await detectBackends();
    if (!gpu.software) {
      // Only a machine whose sole adapter is software can check this: say why it was skipped.
      console.warn(`compute tests: no software WebGPU adapter here (gpu: ${gpu.adapter}; ${gpu.reason ?? 'available'})`);
      context.skip();
    }
    expect(gpu).toMatchObject({ name: 'gpu', available: false, software: true, adapter: 'SwiftShader (software)' });
    expect(gpu.reason).toMatch(/SwiftShader/);
    const [allowed] = await detectBackends({ allowSoftwareAdapter: true });
    expect(allowed).toEqual({ name: 'gpu', available: true, software: true, adapter: 'SwiftShader (software)' });
  });

  it('never lets gpu.js reach a software adapter that was not allowed', async () => {
    const [gpu] = await detectBackends();
    if (!gpu.software) return;
    await expect(createKernels('gpu')).rejects.toMatchObject({ code: 'backend-unavailable', where: { field: 'backend' } });
    // Even gpu.js's own probe (what its mode 'async' upgrades on) sees no adapter once Firth installed WebGPU.
    await installWebGpu();
    expect(await GPU.isWebGPUAvailable()).toBe(false);
    const auto = await createKernels('auto', { threads: 1 });
    expect(auto.backend.name).toBe('cpu');
    await auto.dispose();
  });
});

describe('isSoftwareAdapter', () => {
  const blank = { vendor: '', architecture: '', device: '', description: '', isFallbackAdapter: false };
  it('knows software rasterizers by the fallback flag or by name', () => {
    expect(isSoftwareAdapter({ ...blank, isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ ...blank, vendor: 'google', architecture: 'swiftshader' })).toBe(true);
    expect(isSoftwareAdapter({ ...blank, vendor: 'mesa', device: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(true);
    expect(isSoftwareAdapter({ ...blank, vendor: 'nvidia', device: 'NVIDIA H100 80GB HBM3' })).toBe(false);
  });
});

describe('resolveBackend', () => {
  it('auto picks gpu when a hardware adapter is available', () => {
    expect(resolveBackend('auto', [hardwareGpu, cpu, webasm])).toBe(hardwareGpu);
  });

  it('auto picks cpu when the gpu is unavailable, then webasm', () => {
    expect(resolveBackend('auto', [softwareGpu, cpu, webasm])).toBe(cpu);
    expect(resolveBackend('auto', [softwareGpu, { ...cpu, available: false, reason: 'no SIMD' }, webasm])).toBe(webasm);
  });

  it('returns a forced backend that is available', () => {
    expect(resolveBackend('webasm', [softwareGpu, cpu, webasm])).toBe(webasm);
  });

  it('throws backend-unavailable, naming the backend and the reason, for a forced backend that cannot run', () => {
    let thrown: unknown;
    try {
      resolveBackend('gpu', [softwareGpu, cpu, webasm]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'FirthError', code: 'backend-unavailable', where: { field: 'backend' } });
    expect((thrown as Error).message).toMatch(/^The gpu backend was chosen but cannot run here: .*SwiftShader/);
    expect((thrown as Error).message).toMatch(/Choose auto or cpu or webasm instead/);
  });

  it('throws when auto finds nothing that runs', () => {
    const none = [softwareGpu, { ...cpu, available: false, reason: 'no SIMD' }, { ...webasm, available: false, reason: 'no WebAssembly' }];
    expect(() => resolveBackend('auto', none)).toThrow(/No compute backend can run here/);
  });
});
