// `npm run bench -- sweep`: the 12-run SPPMI-SVD sweep of the issue (window {2, 5} × shift k
// {1, 5, 15} × d {100, 300}) on the benchmark corpus through `firth sweep`, against one run at
// d 300 through `firth train sppmi-svd` (window 2, k 1: the defaults). Both read the corpus cache,
// which a first tiny run fills; the sweep scores no test sets here (`--sets none`), so both times
// are training and writing only. Prints both wall times and their ratio (target ≤ 5×; twelve
// independent runs take about 9×), wall and CPU. One pair: the machine is shared, so read the ratios, not the times.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const corpus = resolve(root, '../shared/data/text8_prefix.txt.gz');

function stop(message: string): never {
  console.error(`bench sweep: ${message}`);
  process.exit(1);
}

// CPU time (user + system, all threads) as well as wall time: on a shared machine the wall times
// of the two commands see different loads, their CPU times much less so. GNU time measures it.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function firth(args: string[], environment: NodeJS.ProcessEnv, work: string) {
  const started = performance.now();
  const cpuFile = join(work, 'cpu.txt');
  const command = gnuTime ? [gnuTime, ['-f', '%U %S', '-o', cpuFile, process.execPath, 'bin/firth.js', ...args]] : [process.execPath, ['bin/firth.js', ...args]];
  const result = spawnSync(command[0] as string, command[1] as string[], { cwd: root, encoding: 'utf8', env: environment, maxBuffer: 1 << 26 });
  if (result.status !== 0) stop(`firth ${args[0]} failed (exit ${result.status}):\n${result.stderr.trim()}`);
  const cpu = gnuTime && existsSync(cpuFile) ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number) : undefined;
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpu ? cpu[0] + cpu[1] : undefined, stdout: result.stdout };
}

if (!existsSync(corpus)) stop(`the benchmark corpus is missing: ${corpus}`);
if (!existsSync(join(root, 'out/cli/firth.js'))) stop('build first: npm run build');
const threads = process.argv.includes('--threads') ? process.argv[process.argv.indexOf('--threads') + 1] : undefined;
const work = mkdtempSync(join(tmpdir(), 'firth-bench-sweep-'));
try {
  const environment = { ...process.env, FIRTH_DATA_DIR: join(work, 'data') };
  const common = ['--corpus', corpus, '--token-pattern', 'whitespace', ...(threads ? ['--threads', threads] : [])];
  firth(['train', 'sppmi-svd', ...common, '--dimensions', '2', '--out', join(work, 'warm'), '--quiet'], environment, work);

  const one = firth(['train', 'sppmi-svd', ...common, '--dimensions', '300', '--out', join(work, 'one'), '--quiet', '--json'], environment, work);
  const record = JSON.parse(one.stdout) as { timingsMs: Record<string, number>; backend: { name: string } };
  const sweepArgs = ['sweep', '--model', 'sppmi-svd', '--grid', 'window=2,5', '--grid', 'shift-k=1,5,15', '--grid', 'dimensions=100,300', '--sets', 'none', '--quiet'];
  const sweep = firth([...sweepArgs, ...common, '--out', join(work, 'sweep')], environment, work);
  const sweepRecord = JSON.parse(readFileSync(join(work, 'sweep', 'sweep.json'), 'utf8')) as { plan: { summary: string } };

  const stages = (timings: Record<string, number>) => ['corpus', 'count', 'sppmi', 'svd', 'write'].map((stage) => `${stage} ${((timings[stage] ?? 0) / 1000).toFixed(2)} s`).join(', ');
  console.log(`Benchmark corpus ${corpus}, backend ${record.backend.name}${threads ? `, ${threads} threads` : ''}`);
  console.log(`  one run, d 300 (window 2, k 1):  ${one.seconds.toFixed(2)} s wall  (${stages(record.timingsMs)})`);
  console.log(`  sweep, ${sweepRecord.plan.summary}:`);
  console.log(`                                   ${sweep.seconds.toFixed(2)} s wall`);
  console.log(`  ratio sweep / one run: ${(sweep.seconds / one.seconds).toFixed(2)}× wall (target ≤ 5×, aim 3×; twelve independent runs ≈ 9×)`);
  if (one.cpuSeconds !== undefined && sweep.cpuSeconds !== undefined) {
    console.log(`  CPU time (user + system): one run ${one.cpuSeconds.toFixed(1)} s, sweep ${sweep.cpuSeconds.toFixed(1)} s, ratio ${(sweep.cpuSeconds / one.cpuSeconds).toFixed(2)}×`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
