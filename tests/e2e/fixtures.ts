import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';

/** A running `firth serve` with its own empty data folder. */
export interface WebHost {
  /** The URL the host printed, token included. */
  url: string;
  /** `http://127.0.0.1:<port>`, no token. */
  origin: string;
  dataFolder: string;
  stop(): Promise<void>;
}

const printedUrl = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** Starts `node bin/firth.js serve --port 0` on a fresh data folder (run `npm run build` first). */
export async function startWebHost(): Promise<WebHost> {
  const dataFolder = mkdtempSync(join(tmpdir(), 'firth-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, FIRTH_DATA_DIR: dataFolder };
  // The backend must be the one `auto` picks on this machine, as a user would see it.
  delete env.FIRTH_BACKEND;
  const child = spawn(process.execPath, ['bin/firth.js', 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });

  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`firth serve printed no URL within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = printedUrl.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`firth serve exited (${signal ?? code}) before printing its URL:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    rmSync(dataFolder, { recursive: true, force: true });
    throw error;
  });

  return {
    url,
    origin: new URL(url).origin,
    dataFolder,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataFolder, { recursive: true, force: true });
    },
  };
}

interface Fixtures {
  /** Console errors a test expects (e.g. a refused WebSocket); anything else fails the test. */
  allowedConsoleErrors: RegExp[];
  /** Uncaught page errors and console errors, checked after every test. */
  pageProblems: string[];
}

export const test = base.extend<Fixtures, { webHost: WebHost }>({
  webHost: [
    async ({}, use) => {
      const host = await startWebHost();
      await use(host);
      await host.stop();
    },
    { scope: 'worker', timeout: START_TIMEOUT_MS + STOP_TIMEOUT_MS + 5_000 },
  ],
  allowedConsoleErrors: [[], { option: true }],
  pageProblems: [
    async ({ page, allowedConsoleErrors }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.stack ?? error.message}`));
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const text = message.text();
        if (!allowedConsoleErrors.some((pattern) => pattern.test(text))) problems.push(`console.error: ${text}`);
      });
      await use(problems);
      expect(problems, 'the page logged errors or threw').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** The bundled sample corpus, which the sample project is made from. */
export const sampleCorpus = join(import.meta.dirname, '../../resources/sample/text8-sample.txt.gz');

/** Trains a run on the sample corpus into `runsFolder` with the CLI: the same trainer the Runs tab starts. */
export function trainSampleRun(dataFolder: string, runsFolder: string, model: 'sgns' | 'sppmi-svd', id: string, settings: string[]): void {
  execFileSync(process.execPath, ['bin/firth.js', 'train', model, '--corpus', sampleCorpus, '--out', join(runsFolder, id), '--token-pattern', 'whitespace', '--quiet', ...settings], {
    stdio: 'pipe',
    // The host's data folder: its corpus cache, never the user's own.
    env: { ...process.env, FIRTH_DATA_DIR: dataFolder },
  });
}

/**
 * A web host of the spec's own, started before its tests and stopped after them: the runs a spec
 * adds to the sample project then stay out of the other specs' run lists. Returns its getter.
 */
export function useOwnWebHost(): () => WebHost {
  let host: WebHost | undefined;
  test.beforeAll(async () => {
    host = await startWebHost();
  });
  test.afterAll(async () => {
    await host?.stop();
  });
  return () => {
    if (!host) throw new Error('the spec\'s web host has not started');
    return host;
  };
}
