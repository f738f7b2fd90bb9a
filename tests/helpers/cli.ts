import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const repositoryRoot = resolve(import.meta.dirname, '../..');
const bin = resolve(repositoryRoot, 'bin/firth.js');

/** The CLI is tested as users run it: the built bundle behind bin/firth.js. */
export function ensureCliBuilt(): void {
  if (existsSync(resolve(repositoryRoot, 'out/cli/firth.js'))) return;
  execFileSync('npx', ['vite', 'build', '-c', 'vite.cli.config.ts', '--logLevel', 'error'], { cwd: repositoryRoot, stdio: 'inherit' });
}

function cliEnvironment(dataFolder: string, extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, FIRTH_DATA_DIR: dataFolder, ...extra };
  delete environment.FIRTH_BACKEND;
  if (extra.FIRTH_BACKEND) environment.FIRTH_BACKEND = extra.FIRTH_BACKEND;
  return environment;
}

export function runCli(args: string[], dataFolder: string, extra: Record<string, string | undefined> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: cliEnvironment(dataFolder, extra), timeout: 170_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs `firth ARGS | (sleep 2; cat)` through a shell: the command's stdout is a real pipe (64 KB) that
 * nothing reads for two seconds, as when a user pipes into a slow program.
 */
export function runCliIntoSlowPipe(args: string[], dataFolder: string) {
  const quoted = [process.execPath, bin, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
  const result = spawnSync('bash', ['-o', 'pipefail', '-c', `${quoted} | (sleep 2; cat)`], { encoding: 'utf8', env: cliEnvironment(dataFolder, {}), timeout: 170_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `firth serve --port 0` and resolves with the URL it prints. */
export function startServe(dataFolder: string, extra: Record<string, string | undefined> = {}) {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { env: cliEnvironment(dataFolder, extra) });
  let output = '';
  const url = new Promise<string>((resolveUrl, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(output);
      if (match) resolveUrl(match[0]);
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`firth serve exited with ${code}: ${output}`)));
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, url, exited };
}

/** Runs the CLI until its stderr matches `when`, then sends `signal`; resolves with how it ended. */
export function runCliUntil(args: string[], dataFolder: string, when: RegExp, signal: NodeJS.Signals) {
  const child = spawn(process.execPath, [bin, ...args], { env: cliEnvironment(dataFolder, {}) });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (!sent && when.test(stderr)) {
      sent = true;
      child.kill(signal);
    }
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolveRun) => child.once('exit', (code) => resolveRun({ code, stdout, stderr })));
}
