import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, runCli } from '../../helpers/cli';
import { useTempFolders } from '../../helpers/temp-folder';

// `firth runs rename RUN NAME` and `firth runs note RUN TEXT`: the same run.json fields the app writes.

const tempFolder = useTempFolders();
beforeAll(ensureCliBuilt, 120_000);

/** A finished run folder as an older Firth wrote it (no schemaVersion, no name or note). */
function oldRun(runs: string, id: string): string {
  const folder = join(runs, id);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'run.json'), JSON.stringify({ model: 'sgns', createdAt: '2025-01-02T03:04:05.000Z', corpus: { file: '/data/corpus.txt' } }));
  writeFileSync(join(folder, 'W.npy'), '');
  writeFileSync(join(folder, 'vocab.tsv'), '');
  return folder;
}

const record = (folder: string) => JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8')) as Record<string, unknown>;

describe('firth runs rename / note', () => {
  it('names and annotates a run folder, lists the name and the note, and removes them with ""', () => {
    const data = tempFolder();
    const runs = tempFolder();
    const folder = oldRun(runs, 'sgns-1');

    const renamed = runCli(['runs', 'rename', folder, 'Baseline SGNS'], data);
    expect(renamed).toMatchObject({ code: 0, stdout: 'sgns-1: name "Baseline SGNS"\n' });
    const noted = runCli(['runs', 'note', folder, 'Two epochs only'], data);
    expect(noted).toMatchObject({ code: 0, stdout: 'sgns-1: note "Two epochs only"\n' });
    expect(record(folder)).toMatchObject({ model: 'sgns', name: 'Baseline SGNS', note: 'Two epochs only' });

    const listed = runCli(['runs', runs], data);
    expect(listed.stdout).toMatch(/^run\s+name\s+status\s+model\s+created\s+problem \/ note\n/);
    expect(listed.stdout).toMatch(/sgns-1\s+Baseline SGNS\s+done\s+sgns\s+2025-01-02 03:04:05\s+Two epochs only/);
    expect(JSON.parse(runCli(['runs', runs, '--json'], data).stdout)).toEqual([expect.objectContaining({ id: 'sgns-1', name: 'Baseline SGNS', note: 'Two epochs only' })]);

    expect(runCli(['runs', 'rename', folder, ''], data)).toMatchObject({ code: 0, stdout: 'Removed the name of sgns-1\n' });
    expect(record(folder).name).toBeUndefined();
    expect(record(folder).note).toBe('Two epochs only');
  });

  it('finds a run by id in a project, and says what is wrong with a bad run or name', () => {
    const data = tempFolder();
    const notARun = tempFolder();
    expect(runCli(['runs', 'rename', notARun, 'x'], data)).toMatchObject({ code: 1, stderr: `firth: ${notARun} is not a finished run (it has no run.json)\n` });
    expect(runCli(['runs', 'rename', join(notARun, 'nope'), 'x'], data)).toMatchObject({ code: 1, stderr: expect.stringContaining('does not exist') });
    const folder = oldRun(tempFolder(), 'r');
    expect(runCli(['runs', 'rename', folder, 'x'.repeat(81)], data)).toMatchObject({ code: 1, stderr: 'firth: A run name is at most 80 characters\n' });
    expect(runCli(['runs', 'note', folder], data)).toMatchObject({ code: 1, stderr: expect.stringContaining('Usage: firth runs note RUN TEXT') });
    expect(runCli(['runs', 'rename', 'r', 'x', '--project', 'Nope'], data)).toMatchObject({ code: 1, stderr: expect.stringContaining('No project named "Nope"') });
  });
});
