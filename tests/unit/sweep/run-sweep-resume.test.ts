import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SweepSpecSchema } from '../../../src/shared/sweep';
import { runSweep } from '../../../src/workbench/sweep/run-sweep';
import { readSweepRecord } from '../../../src/workbench/sweep/sweep-record';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

// 2 windows × 2 shifts × 2 dimensions: 8 runs, 2 counts, 4 SVDs.
const spec = SweepSpecSchema.parse({
  name: 'small',
  models: [{ model: 'sppmi-svd', grid: { window: [2, 3], shiftK: [1, 5], dimensions: [6, 12] } }],
  corpus: { tokenPattern: 'whitespace' },
  sets: ['ws353'],
});

function setup(bytes = 200_000) {
  const work = tempFolder();
  const corpusFile = writeCorpusSlice(work, bytes);
  return { work, corpusFile, folder: join(work, 'sweep'), cacheFolder: join(work, 'cache') };
}

describe('runSweep after a kill', () => {
  it('resumes after a kill: finished runs are kept, only the rest is computed', async () => {
    const { corpusFile, folder, cacheFolder } = setup();
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/sweep-child.ts'), JSON.stringify({ spec, corpusFile, folder, cacheFolder })], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
        // Killed without warning once three runs are finished: no cleanup, sweep.json says "running".
        if ((output.match(/^finished/gm) ?? []).length >= 3) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`the sweep process ended before it was killed: ${stderr}`)));
    });
    await new Promise((resolve) => child.once('exit', resolve));

    const killed = readSweepRecord(folder);
    expect(killed.state).toBe('running');
    const finished = killed.runs.filter((entry) => entry.status === 'done');
    expect(finished.length).toBeGreaterThanOrEqual(3);
    const createdAt = new Map(finished.map((entry) => [entry.index, JSON.parse(readFileSync(join(folder, entry.folder, 'run.json'), 'utf8')).createdAt]));

    const outcome = await runSweep({ spec, corpusFile, folder, cacheFolder, backend: 'cpu', threads: 1 });
    expect(outcome.status).toMatchObject({ state: 'done', runsDone: 8 });
    expect(outcome.trained.sort()).toEqual([...Array(8).keys()].filter((index) => !createdAt.has(index)));
    for (const [index, time] of createdAt) expect(JSON.parse(readFileSync(join(outcome.status.rows[index].folder, 'run.json'), 'utf8')).createdAt).toBe(time);
    // Work left: a count for each window with runs left, an SVD for each (window, k) with runs left.
    const left = outcome.status.rows.filter((row) => outcome.trained.includes(row.index));
    expect(outcome.work.counts).toBe(new Set(left.map((row) => row.point.window)).size);
    expect(outcome.work.factorisations).toBe(new Set(left.map((row) => `${row.point.window} ${row.point.shiftK}`)).size);
    // No staging folder or temporary file is left behind.
    expect(readdirSync(folder).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(existsSync(join(folder, 'results.csv'))).toBe(true);
  });
});
