import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/run-and-exit.ts', import.meta.url));

/** Runs the fixture in a fresh Node process; resolves with its exit code, or 'hung' after the timeout. */
function runFixture(args: string[], timeoutMs: number): Promise<{ code: number | null | 'hung'; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: 'hung', output });
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('kernels and process exit', () => {
  it('lets the process exit after dispose()', async () => {
    const { code, output } = await runFixture(['--dispose'], 30_000);
    expect(output).toContain('ran cpu');
    expect(output).toContain('done');
    expect(code).toBe(0);
  });

  it('lets the process exit even when kernels are never disposed (idle workers are unref()ed)', async () => {
    const { code, output } = await runFixture([], 30_000);
    expect(output).toContain('done');
    expect(code).toBe(0);
  });
});
