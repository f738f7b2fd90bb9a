import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, runCli } from '../../helpers/cli';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();
beforeAll(ensureCliBuilt, 120_000);

describe('firth sweep', () => {
  it('trains the grid, prints the table, writes sweep.json and results.csv, and resumes with nothing left to do', () => {
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 150_000);
    const out = join(work, 'sweep');
    const args = ['sweep', '--model', 'sppmi-svd', '--corpus', corpus, '--out', out, '--grid', 'window=2,4', '--grid', 'shift-k=1,5', '--grid', 'dimensions=5', '--sets', 'ws353', '--threads', '1'];
    const result = runCli(args, tempFolder());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^4 runs: 2 co-occurrence counts, 4 SVDs/m);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^run +model +window +shiftK +dimensions +ws353 spearman +seconds$/);
    expect(lines.slice(1, 5).map((line) => line.split(/\s+/).slice(0, 5).join(' '))).toEqual(['1 sppmi-svd 2 1 5', '2 sppmi-svd 2 5 5', '3 sppmi-svd 4 1 5', '4 sppmi-svd 4 5 5']);
    expect(result.stdout.match(/\*/g)?.length).toBe(2); // one best run (ws353), and the footnote
    expect(result.stdout).toMatch(/4 of 4 runs done \(4 trained now.*\): 2 counts, 4 SVDs computed/);
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(5);
    const record = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8'));
    expect(record).toMatchObject({ kind: 'firth-sweep', state: 'done', spec: { models: [{ model: 'sppmi-svd', grid: { window: [2, 4], shiftK: [1, 5], dimensions: [5] } }] } });

    const again = runCli(args, tempFolder());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/4 of 4 runs done \(0 trained now.*\): 0 counts, 0 SVDs computed/);

    // --file with the sweep folder's own sweep.json repeats the sweep elsewhere.
    const copy = runCli(['sweep', '--file', join(out, 'sweep.json'), '--corpus', corpus, '--out', join(work, 'copy'), '--threads', '1', '--sets', 'none', '--quiet'], tempFolder());
    expect(copy.code, copy.stderr).toBe(0);
    expect(copy.stdout).toMatch(/4 of 4 runs done/);
  });

  it('refuses bad grids before any work, naming the setting, the range or the file and field', () => {
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 20_000);
    const data = tempFolder();
    const sweep = (...extra: string[]) => runCli(['sweep', '--corpus', corpus, '--out', join(work, 'never'), ...extra], data);
    const outOfRange = sweep('--model', 'sppmi-svd', '--grid', 'window=2,50');
    expect(outOfRange.code).toBe(1);
    expect(outOfRange.stderr).toMatch(/window = 50 is out of range for SPPMI-SVD: window must be a whole number from 1 to 20/);
    expect(sweep('--model', 'sppmi-svd', '--grid', 'negative=5').stderr).toMatch(/negative is not a setting of SPPMI-SVD: its settings are window/);
    expect(sweep('--model', 'sppmi-svd', '--grid', 'window=').stderr).toMatch(/no values for window/);
    expect(sweep('--model', 'sppmi-svd').stderr).toMatch(/grid of SPPMI-SVD is empty/);
    const large = sweep('--model', 'sppmi-svd', '--grid', 'window=1,2,3,4,5,6,7,8,9,10,11', '--grid', 'shift-k=1,2,3,4', '--grid', 'dimensions=2,3,4,5,6');
    expect(large.code).toBe(1);
    expect(large.stderr).toMatch(/220 runs \(more than 200\), about .*: confirm it to start \(firth sweep --yes\)/);
    const file = join(work, 'bad.json');
    writeFileSync(file, JSON.stringify({ models: [{ model: 'sppmi-svd', grid: { window: '2,5' } }] }));
    expect(sweep('--file', file).stderr).toMatch(new RegExp(`${file.replaceAll('/', '\\/')}: models\\[0\\]\\.grid\\.window: .*expected array`));
  });
});
