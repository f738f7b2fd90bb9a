import type { BackendChoice, BackendInfo, BackendName } from '../../shared/compute';
import { FirthError } from '../../shared/errors';
import { cpuUnavailableReason, describeCpuBackend, resolveThreadCount } from './cpu/support';
import { describeWebasmBackend, webasmUnavailableReason } from './gpujs/support';
import { probeWebGpu, type WebGpuProbe } from './webgpu/adapter';

export type { BackendChoice, BackendInfo, BackendName };

export interface DetectBackendsOptions {
  /** Tests only: report a software WebGPU adapter (SwiftShader, lavapipe) as an available gpu. */
  allowSoftwareAdapter?: boolean;
  /** Worker threads the cpu and webasm backends would use (shown in their adapter text); 0 or absent = one per core. */
  threads?: number;
  /**
   * The backend about to be used, when known: for cpu or webasm the GPU is not probed (nor Dawn
   * loaded), and the gpu entry says so. Absent or auto or gpu: every backend is probed.
   */
  choice?: BackendChoice;
}

/** What `auto` tries, best first. */
const autoOrder: BackendName[] = ['gpu', 'cpu', 'webasm'];

function gpuInfo(probe: WebGpuProbe, allowSoftwareAdapter: boolean): BackendInfo {
  if (probe.status !== 'adapter') return { name: 'gpu', available: false, adapter: 'no WebGPU adapter', reason: probe.reason };
  if (probe.software && !allowSoftwareAdapter) {
    return {
      name: 'gpu',
      available: false,
      adapter: probe.name,
      software: true,
      reason: `the WebGPU adapter is ${probe.name}: it runs shaders on the CPU, far slower than the cpu backend`,
    };
  }
  return { name: 'gpu', available: true, adapter: probe.name, software: probe.software };
}

function notProbed(choice: BackendChoice): BackendInfo {
  return { name: 'gpu', available: false, adapter: 'not probed', reason: `the ${choice} backend was chosen, so the GPU was not probed` };
}

/**
 * The three backends and whether each can run here, in the order gpu, cpu, webasm. A backend that
 * cannot run says why in `reason` (nothing throws, not even a missing WebGPU addon). The WebGPU
 * adapter is asked once per process, and not at all when `choice` is cpu or webasm.
 */
export async function detectBackends(options: DetectBackendsOptions = {}): Promise<BackendInfo[]> {
  const threadCount = resolveThreadCount(options.threads);
  const choice = options.choice ?? 'auto';
  const gpu = choice === 'cpu' || choice === 'webasm' ? notProbed(choice) : gpuInfo(await probeWebGpu(), options.allowSoftwareAdapter ?? false);
  const cpuReason = cpuUnavailableReason();
  const cpu: BackendInfo = cpuReason
    ? { name: 'cpu', available: false, adapter: 'WebAssembly SIMD', reason: cpuReason }
    : { name: 'cpu', available: true, adapter: describeCpuBackend(threadCount) };
  const webasmReason = webasmUnavailableReason();
  const webasm: BackendInfo = webasmReason
    ? { name: 'webasm', available: false, adapter: 'gpu.js webasm', reason: webasmReason }
    : { name: 'webasm', available: true, adapter: describeWebasmBackend(threadCount) };
  return [gpu, cpu, webasm];
}

function describeUnavailable(info: BackendInfo): string {
  return `${info.name}: ${info.reason ?? 'not available'}`;
}

/**
 * The backend a choice runs on: `auto` takes gpu when a hardware adapter answers, else cpu (else
 * webasm). A forced backend that cannot run throws 'backend-unavailable' instead of quietly running
 * somewhere else.
 */
export function resolveBackend(choice: BackendChoice, infos: BackendInfo[]): BackendInfo {
  if (choice === 'auto') {
    for (const name of autoOrder) {
      const info = infos.find((candidate) => candidate.name === name);
      if (info?.available) return info;
    }
    throw new FirthError('backend-unavailable', `No compute backend can run here (${infos.map(describeUnavailable).join('; ')}).`, {
      field: 'backend',
    });
  }
  const info = infos.find((candidate) => candidate.name === choice);
  if (info?.available) return info;
  const alternatives = infos.filter((candidate) => candidate.available).map((candidate) => candidate.name);
  const advice = alternatives.length > 0 ? ` Choose auto or ${alternatives.join(' or ')} instead.` : '';
  throw new FirthError(
    'backend-unavailable',
    `The ${choice} backend was chosen but cannot run here: ${info?.reason ?? 'it was not detected'}.${advice}`,
    { field: 'backend' },
  );
}
