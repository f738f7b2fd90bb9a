import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TheoremSchema } from '../../../src/shared/compare';
import { ensureCliBuilt, runCli } from '../../helpers/cli';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();
beforeAll(ensureCliBuilt, 120_000);

describe('firth theorem', () => {
  it('prints the same figures as text and as JSON, with the loss of every run in the folder', () => {
    const work = tempFolder();
    const data = tempFolder();
    const corpus = writeCorpusSlice(work, 300_000);
    const runs = join(work, 'runs');
    const train = (model: string, id: string, flags: string[]) => {
      const result = runCli(['train', model, '--corpus', corpus, '--out', join(runs, id), '--quiet', '--threads', '1', ...flags], data);
      expect(result.stderr).not.toMatch(/^firth:/m);
      expect(result.code).toBe(0);
    };
    train('sgns', 'sgns', ['--dimensions', '12', '--epochs', '2', '--window', '3']);
    train('sppmi-svd', 'svd', ['--dimensions', '12', '--shift-k', '5']);

    const json = runCli(['theorem', join(runs, 'sgns'), '--json', '--threads', '1', '--loss-words', '400'], data);
    expect(json.code).toBe(0);
    const theorem = TheoremSchema.parse(JSON.parse(json.stdout));
    expect(theorem.model).toBe('sgns');
    expect(theorem.loss.runs.map((run) => run.id).sort()).toEqual(['sgns', 'svd']);
    expect(theorem.loss.words).toBe(400);

    const text = runCli(['theorem', join(runs, 'sgns'), '--quiet', '--threads', '1', '--loss-words', '400'], data);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Pearson r = ${theorem.pearson!.toFixed(3)}`);
    expect(text.stdout).toContain(`r = ${theorem.weightedPearson!.toFixed(3)}`);
    for (const band of theorem.bands.filter((band) => band.cells > 0)) expect(text.stdout).toMatch(new RegExp(`${band.label}\\s+${band.cells.toLocaleString('en')}\\s+${band.pearson === null ? 'n/a' : band.pearson.toFixed(3)}`));
    for (const run of theorem.loss.runs) expect(text.stdout).toContain(run.loss.toExponential(4));
    expect(text.stdout).toContain(theorem.sentence);

    const missing = runCli(['theorem', join(work, 'nope')], data);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(join(work, 'nope', 'run.json'));
  }, 180_000);
});
