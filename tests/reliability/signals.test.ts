import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, repositoryRoot, runCli } from '../helpers/cli';
import { useTempFolders } from '../helpers/temp-folder';
import { snapshot } from './snapshot';

// Signals and kills, through the built CLI: SIGINT and SIGTERM end every command (the test's
// timeout is the bound), and kill -9 at random instants of training and export never changes an
// earlier run or export; the next start leaves nothing of the killed one behind but its listing.

const sampleCorpus = resolve(repositoryRoot, 'resources/sample/text8-sample.txt.gz');
const bin = resolve(repositoryRoot, 'bin/firth.js');
const linux = process.platform === 'linux';

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts the CLI; once stderr matches `when`, waits `delayMs` and sends `signal`. */
function runAndSignal(args: string[], dataFolder: string, when: RegExp, signal: NodeJS.Signals, delayMs = 0): Promise<Ended> {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, FIRTH_DATA_DIR: dataFolder, FIRTH_BACKEND: 'cpu' } });
  let stderr = '';
  let armed = false;
  const fire = () => child.kill(signal);
  child.stdout.on('data', () => undefined);
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (!armed && when.test(stderr)) {
      armed = true;
      setTimeout(fire, delayMs);
    }
  });
  return new Promise((resolveEnd) => child.once('exit', (code, endSignal) => resolveEnd({ code, signal: endSignal, stderr })));
}

/** Seeded instants (ms after training started): "random", yet the same on every run of the suite. */
function instants(count: number, seed: number, spanMs: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * spanMs);
  });
}

const trainArgs = (out: string, extra: string[] = []) => ['train', 'sgns', '--corpus', sampleCorpus, '--out', out, '--token-pattern', 'whitespace', '--dimensions', '16', '--threads', '1', '--epochs', '10', ...extra];

describe('signals end every command', () => {
  const folder = useTempFolders();
  beforeAll(() => ensureCliBuilt());

  it('SIGTERM during training ends it (exit 143) and leaves no run and no staging folder', async () => {
    const root = folder();
    const ended = await runAndSignal(trainArgs(join(root, 'run')), folder(), /train /, 'SIGTERM');
    expect(ended.code).toBe(143);
    expect(readdirSync(root)).toEqual([]);
  });
  it('Ctrl+C while the corpus is read ends it (exit 130)', async () => {
    const root = folder();
    const ended = await runAndSignal(trainArgs(join(root, 'run')), folder(), /read|hash|Warning|vk/, 'SIGINT');
    expect(ended.code).toBe(130);
    expect(readdirSync(root)).toEqual([]);
  });
  it('Ctrl+C while SPPMI-SVD counts ends it (exit 130)', async () => {
    const root = folder();
    const ended = await runAndSignal(['train', 'sppmi-svd', '--corpus', sampleCorpus, '--out', join(root, 'run'), '--token-pattern', 'whitespace', '--window', '8'], folder(), /count|pmi|svd/i, 'SIGINT');
    expect(ended.code).toBe(130);
    expect(readdirSync(root)).toEqual([]);
  });
  it.runIf(linux)('a named pipe as the corpus fails at once instead of blocking (exit 1)', async () => {
    const root = folder();
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const result = runCli(['train', 'sppmi-svd', '--corpus', join(root, 'pipe'), '--out', join(root, 'run')], folder());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/named pipe \(FIFO\).*regular file/);
    expect(readdirSync(root)).toEqual(['pipe']);
  });
});

describe('kill -9 at random instants never harms an earlier run', () => {
  const folder = useTempFolders();
  beforeAll(() => ensureCliBuilt());

  it.each(instants(3, 7, 2500).map((delay, index) => [index + 1, delay]))('kill %i during training (at %i ms)', async (_index, delayMs) => {
    const root = folder();
    const data = folder();
    const earlier = join(root, 'earlier');
    expect(runCli([...trainArgs(earlier, ['--epochs', '1']), '--quiet'], data, { FIRTH_BACKEND: 'cpu' }).code).toBe(0);
    const before = snapshot(earlier);
    await runAndSignal(trainArgs(join(root, 'killed')), data, /train |count|read/, 'SIGKILL', delayMs);
    expect(snapshot(earlier)).toEqual(before);
    // The next start: a replacement of the earlier run is refused nothing, nothing half-written is left.
    const listed = runCli(['runs', root, '--json'], data);
    expect(listed.code).toBe(0);
    const runs = JSON.parse(listed.stdout) as Array<{ id: string; status: string }>;
    expect(runs.find((run) => run.id === 'earlier')?.status).toBe('done');
    const killed = runs.find((run) => run.id === 'killed');
    if (killed) expect(['interrupted', 'done']).toContain(killed.status);
    for (const name of readdirSync(root).filter((entry) => entry.startsWith('.'))) {
      expect(readdirSync(join(root, name))).toEqual(['run.partial.json']);
    }
  });

  it.each(instants(2, 11, 600).map((delay, index) => [index + 1, delay]))('kill %i during a --force export (at %i ms)', async (_index, delayMs) => {
    const root = folder();
    const data = folder();
    const rows = 20_000;
    const lines = Array.from({ length: rows }, (_, index) => `w${index} ${Array.from({ length: 50 }, (__, column) => (((index * 31 + column) % 97) / 97).toFixed(4)).join(' ')}`);
    writeFileSync(join(root, 'source.txt'), `${rows} 50\n${lines.join('\n')}\n`);
    const out = join(root, 'exported.csv');
    expect(runCli(['export', join(root, 'source.txt'), '--format', 'csv', '--out', out], data).code).toBe(0);
    const before = snapshot(root);
    await runAndSignal(['export', join(root, 'source.txt'), '--format', 'csv', '--out', out, '--force'], data, /./, 'SIGKILL', delayMs);
    const after = snapshot(root);
    // Either the earlier export is untouched, or (killed after the switch) the new one is complete.
    if (after[`exported.csv`] !== before['exported.csv']) expect(existsSync(join(data, 'trash'))).toBe(true);
    // The next export start removes the temporary files the killed one left.
    expect(runCli(['export', join(root, 'source.txt'), '--format', 'glove', '--out', join(root, 'other.txt')], data).code).toBe(0);
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
