// WebGPU in Node comes from Dawn through the `webgpu` native addon. This module asks once for the
// default adapter without ever throwing, tells hardware adapters from software ones, and loads Dawn
// into this process only when gpu.js is to run on it.
//
// The question is asked in a short-lived child process: Dawn's drivers write warnings straight to
// the process's stderr from native code (e.g. "Warning: Vulkan shaderUniform…ArrayDynamicIndexing
// required…", "vkCreateInstance: Found no drivers!"), which read like errors on any machine without
// a GPU. The child's stderr is kept: its first warning goes into the reason when no adapter answers,
// and all of it is shown with FIRTH_VERBOSE=1 (`firth --verbose`).
//
// Software adapters (SwiftShader, Mesa's lavapipe/llvmpipe, WARP) run compute shaders on the CPU
// far slower than the cpu backend (1024×1024 matmul: 29 s on SwiftShader, 0.45 s on 2 threads of
// WebAssembly), so Firth uses them only when a test asks for one explicitly.

import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The fields of GPUAdapterInfo Firth reads; Dawn fills vendor, architecture, device, description. */
export interface WebGpuAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
}

export type WebGpuProbe =
  | { status: 'adapter'; info: WebGpuAdapterInfo; name: string; software: boolean }
  | { status: 'no-adapter'; reason: string }
  | { status: 'unloadable'; reason: string };

/** What the probing child prints on stdout: one JSON line. */
type ProbeAnswer = { adapter: WebGpuAdapterInfo | null } | { error: string };

/** The slice of the WebGPU `GPU` object gpu.js calls (navigator.gpu). */
interface WebGpuEntry {
  requestAdapter(options?: object): Promise<WebGpuAdapter | null>;
  getPreferredCanvasFormat(): string;
}

interface WebGpuAdapter {
  readonly info: Partial<WebGpuAdapterInfo>;
}

interface WebGpuAddon {
  entry: WebGpuEntry;
  globals: Record<string, unknown>;
}

/** On machines with an integrated and a discrete GPU, kernels belong on the discrete one. */
const defaultAdapterOptions = { powerPreference: 'high-performance' };

let addonPromise: Promise<WebGpuAddon | { error: string }> | undefined;
let probePromise: Promise<WebGpuProbe> | undefined;
let softwareAdaptersAllowed = false;
/** The navigator.gpu objects installWebGpu made, so a second call leaves the first in place. */
const guards = new WeakSet<object>();

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Dawn's Vulkan loader complains on stderr without a runtime folder; give it the usual one. */
function setRuntimeFolder(environment: NodeJS.ProcessEnv): void {
  if (process.platform === 'linux' && !environment.XDG_RUNTIME_DIR) environment.XDG_RUNTIME_DIR = '/tmp';
}

function loadAddon(): Promise<WebGpuAddon | { error: string }> {
  addonPromise ??= (async () => {
    try {
      setRuntimeFolder(process.env);
      const addon = await import('webgpu');
      const entry = addon.create([]) as unknown as WebGpuEntry;
      return { entry, globals: addon.globals as Record<string, unknown> };
    } catch (error) {
      return { error: message(error) };
    }
  })();
  return addonPromise;
}

function readInfo(adapter: WebGpuAdapter): WebGpuAdapterInfo {
  const info = adapter.info ?? {};
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallbackAdapter: info.isFallbackAdapter === true,
  };
}

const softwareNames = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render|\bwarp\b/i;

/** True for adapters that run on the CPU: WebGPU's fallback flag, or a known software rasterizer. */
export function isSoftwareAdapter(info: WebGpuAdapterInfo): boolean {
  if (info.isFallbackAdapter) return true;
  return [info.vendor, info.architecture, info.device, info.description].some((field) => softwareNames.test(field));
}

/** Dawn does not report which native API it chose; on each platform it prefers this one. */
function nativeApiName(): string {
  if (process.platform === 'darwin') return 'metal';
  if (process.platform === 'win32') return 'd3d12';
  return 'vulkan';
}

/** "NVIDIA H100 80GB HBM3 (vulkan)" or "SwiftShader (software)": the status bar's words. */
export function describeAdapter(info: WebGpuAdapterInfo): string {
  const fields = [info.device, info.description, info.architecture, info.vendor];
  if (isSoftwareAdapter(info)) {
    const text = fields.join(' ');
    if (/swiftshader/i.test(text)) return 'SwiftShader (software)';
    if (/llvmpipe|lavapipe/i.test(text)) return 'llvmpipe (software)';
    return `${fields.find((field) => field) ?? 'unknown adapter'} (software)`;
  }
  const name = fields.find((field) => field.trim() !== '')?.trim() ?? 'unknown GPU';
  return `${name} (${nativeApiName()})`;
}

/** Run by the probing child: load Dawn, ask for the adapter, print the answer as one JSON line. */
const probeScript = `
const [addonUrl, options] = process.argv.slice(1);
let answer;
try {
  const addon = await import(addonUrl);
  const adapter = await addon.create([]).requestAdapter(JSON.parse(options));
  const info = adapter?.info ?? {};
  answer = { adapter: adapter ? { vendor: info.vendor ?? '', architecture: info.architecture ?? '', device: info.device ?? '', description: info.description ?? '', isFallbackAdapter: info.isFallbackAdapter === true } : null };
} catch (error) {
  answer = { error: String(error?.message ?? error) };
}
process.stdout.write(JSON.stringify(answer) + '\\n');
process.exit(0);
`;

/** A probe that has not answered by then is taken as no adapter (a hung driver must not hang Firth). */
const probeTimeoutMs = 30_000;

/** Dawn's first warning, one line, for a reason: "vkCreateInstance: Found no drivers!". */
function firstDriverMessage(driverOutput: string): string | undefined {
  const line = driverOutput.split('\n').find((text) => /^Warning: /.test(text));
  return line?.replace(/^Warning: /, '').trim();
}

function runProbeChild(): Promise<{ answer?: ProbeAnswer; driverOutput: string; failure?: string }> {
  let addonUrl: string;
  try {
    addonUrl = pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  } catch (error) {
    return Promise.resolve({ answer: { error: message(error) }, driverOutput: '' });
  }
  const environment: NodeJS.ProcessEnv = { ...process.env };
  setRuntimeFolder(environment);
  // In Electron, process.execPath is Electron itself: run it as plain Node.
  if (process.versions.electron) environment.ELECTRON_RUN_AS_NODE = '1';
  const args = ['--input-type=module', '--eval', probeScript, addonUrl, JSON.stringify(defaultAdapterOptions)];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: environment, timeout: probeTimeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve({ answer: JSON.parse(line) as ProbeAnswer, driverOutput: stderr });
      } catch {
        const failure = error?.killed ? `the WebGPU probe did not answer within ${probeTimeoutMs / 1000} s` : `the WebGPU probe failed: ${firstDriverMessage(stderr) ?? error?.message ?? 'no answer'}`;
        resolve({ driverOutput: stderr, failure });
      }
    });
  });
}

/**
 * Asks Dawn once for its adapter (high-performance preference), in a child process; later calls
 * return the same answer. Never throws: a missing addon or driver becomes a probe with a reason.
 */
export function probeWebGpu(): Promise<WebGpuProbe> {
  probePromise ??= (async (): Promise<WebGpuProbe> => {
    const { answer, driverOutput, failure } = await runProbeChild();
    if (process.env.FIRTH_VERBOSE === '1' && driverOutput.trim() !== '') process.stderr.write(`WebGPU driver messages (Dawn):\n${driverOutput.trimEnd()}\n`);
    const driverNote = firstDriverMessage(driverOutput);
    const detail = driverNote ? `; Dawn: ${driverNote}` : '';
    if (!answer) return { status: 'no-adapter', reason: failure ?? 'the WebGPU probe gave no answer' };
    if ('error' in answer) return { status: 'unloadable', reason: `the WebGPU native addon could not be loaded: ${answer.error}` };
    if (!answer.adapter) return { status: 'no-adapter', reason: `no WebGPU adapter answered (no GPU or no Vulkan/Metal/D3D12 driver found${detail})` };
    const info = answer.adapter;
    return { status: 'adapter', info, name: describeAdapter(info), software: isSoftwareAdapter(info) };
  })();
  return probePromise;
}

/**
 * Makes WebGPU visible to gpu.js, which looks for `navigator.gpu` (and the GPU* constant globals).
 * The `navigator.gpu` installed here is a guard around Dawn's: it hands out an adapter only when it
 * is hardware, or software once a caller has allowed that (tests), so no gpu.js kernel anywhere in
 * the process can land on SwiftShader by accident, even one built with gpu.js's mode 'async'.
 */
export async function installWebGpu(options: { allowSoftwareAdapter?: boolean } = {}): Promise<void> {
  const addon = await loadAddon();
  if ('error' in addon) throw new Error(`the WebGPU native addon could not be loaded: ${addon.error}`);
  if (options.allowSoftwareAdapter) softwareAdaptersAllowed = true;
  const scope = globalThis as Record<string, unknown>;
  for (const [name, value] of Object.entries(addon.globals)) {
    if (!(name in scope)) scope[name] = value;
  }
  // Node 20 has no navigator; Node 21+ and Electron have one without `gpu`.
  const navigator = scope.navigator as Record<string, unknown> | undefined;
  if (navigator?.gpu !== undefined && guards.has(navigator.gpu as object)) return;
  const dawn = addon.entry;
  const guard: WebGpuEntry = {
    async requestAdapter(requestOptions?: object) {
      const adapter = await dawn.requestAdapter(requestOptions ?? defaultAdapterOptions);
      if (!adapter) return null;
      if (isSoftwareAdapter(readInfo(adapter)) && !softwareAdaptersAllowed) return null;
      return adapter;
    },
    getPreferredCanvasFormat: () => dawn.getPreferredCanvasFormat(),
  };
  guards.add(guard);
  if (navigator === undefined || navigator === null) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: guard }, configurable: true, writable: true });
  } else {
    Object.defineProperty(navigator, 'gpu', { value: guard, configurable: true, writable: true });
  }
}
