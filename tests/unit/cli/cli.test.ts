import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventPayload } from '../../../src/shared/contract';
import { createClient } from '../../../src/shared/transport/bridge';
import { connectWebSocketBridge, type WebSocketLike } from '../../../src/shared/transport/websocket-bridge';
import { ensureCliBuilt, repositoryRoot, runCli, startServe } from '../../helpers/cli';
import { useTempFolders } from '../../helpers/temp-folder';
import { writeCorpusSlice } from '../../helpers/corpus-slice';

const tempFolder = useTempFolders();
beforeAll(ensureCliBuilt, 120_000);

describe('firth CLI', () => {
  it('info prints the compute backends and which one is active', () => {
    const result = runCli(['info'], tempFolder());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Firth \d+\.\d+\.\d+/);
    expect(result.stdout).toMatch(/\* cpu +available +WebAssembly SIMD/);
    expect(result.stdout).toMatch(/ gpu +unavailable/);
    expect(result.stdout).toMatch(/ webasm +available/);
    expect(result.stdout).toContain('Backend choice: auto (from setting) -> cpu');
  });

  it('info --json prints what getSystemInfo returns', () => {
    const data = tempFolder();
    const result = runCli(['info', '--json', '--backend', 'webasm'], data);
    expect(result.code).toBe(0);
    const info = JSON.parse(result.stdout);
    expect(info).toMatchObject({ face: 'cli', dataFolder: data, backendChoice: 'webasm', backendChoiceSource: 'flag', activeBackend: 'webasm' });
  });

  it('probes the GPU only when it may be used, and keeps the driver\'s messages out of the way', () => {
    // The probe runs in a child process that inherits NODE_OPTIONS: there this fixture makes the
    // WebGPU addon fail to load, so the gpu entry says whether a probe ran.
    const failingLoad = pathToFileURL(join(repositoryRoot, 'tests/unit/compute/fixtures/webgpu-unloadable.mjs')).href;
    const withFailingAddon = { NODE_OPTIONS: `--import=${failingLoad}` };
    const cpu = runCli(['info', '--json', '--backend', 'cpu'], tempFolder(), withFailingAddon);
    expect(cpu.code, cpu.stderr).toBe(0);
    expect(JSON.parse(cpu.stdout).backends[0]).toEqual({ name: 'gpu', available: false, adapter: 'not probed', reason: 'the cpu backend was chosen, so the GPU was not probed' });
    const auto = runCli(['info', '--json'], tempFolder(), withFailingAddon);
    expect(JSON.parse(auto.stdout).backends[0].reason).toMatch(/^the WebGPU native addon could not be loaded: libvulkan/);

    // Without any Vulkan driver Dawn warns on stderr: quiet unless --verbose, one line when gpu was asked for.
    const noDriver = { VK_ICD_FILENAMES: join(tempFolder(), 'no-driver.json') };
    const quiet = runCli(['info'], tempFolder(), noDriver);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    const verbose = runCli(['--verbose', 'info'], tempFolder(), noDriver);
    expect(verbose.stderr).toMatch(/^WebGPU driver messages \(Dawn\):\nWarning: /);
    const forced = runCli(['info', '--backend', 'gpu'], tempFolder(), noDriver);
    expect(forced.code).toBe(1);
    expect(forced.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^firth: The gpu backend was chosen but cannot run here: no WebGPU adapter answered .*Dawn: /)]);
  });

  it('a forced backend that cannot run is a one-line user error (exit 1), not a fallback', () => {
    const byFlag = runCli(['info', '--backend', 'gpu'], tempFolder());
    expect(byFlag.code).toBe(1);
    expect(byFlag.stderr.split('\n').filter((line) => line.startsWith('firth:'))).toHaveLength(1);
    expect(byFlag.stderr).toMatch(/^firth: .*gpu/);
    const byEnvironment = runCli(['info'], tempFolder(), { FIRTH_BACKEND: 'gpu' });
    expect(byEnvironment.code).toBe(1);
    expect(runCli(['info'], tempFolder(), { FIRTH_BACKEND: 'quantum' }).stderr).toContain('FIRTH_BACKEND must be one of auto, gpu, cpu, webasm');
  });

  it('exits 1 with one line for unknown commands and bad flags', () => {
    for (const args of [['frobnicate'], ['info', '--colour'], ['serve', '--port', 'eighty'], ['info', 'extra']]) {
      const result = runCli(args, tempFolder());
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    const help = runCli(['--help'], tempFolder());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('serve');
  });

  it('serve answers the contract on the printed URL and stops cleanly on SIGTERM', async () => {
    const server = startServe(tempFolder());
    const url = new URL(await server.url);
    const bridge = await connectWebSocketBridge(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, (address) => new WebSocket(address) as unknown as WebSocketLike);
    const client = createClient(bridge);
    expect((await client.getSystemInfo({})).face).toBe('web');
    expect((await client.createProject({ name: 'From the CLI host' })).name).toBe('From the CLI host');
    // Training jobs run in the bundle's own worker threads (out/cli/training.worker.js, wasm-pool.worker.js).
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 200_000);
    const ended = new Promise<EventPayload<'jobFinished'>>((resolve) => client.on('jobFinished', resolve));
    await client.startTraining({ model: 'sgns', corpusFile: corpus, out: join(work, 'run'), settings: { dimensions: 8, epochs: 1 } });
    expect(await ended).toMatchObject({ status: 'done', record: { model: 'sgns' } });
    bridge.close();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
