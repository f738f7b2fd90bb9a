import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FirthError } from '../../../src/shared/errors';
import { deleteRun } from '../../../src/workbench/runs/delete-run';
import { listRuns } from '../../../src/workbench/runs/list-runs';
import { useTempFolders } from '../../helpers/temp-folder';

// Deleting a run moves it to the trash (never removes it), whatever state the list shows it in;
// a run still being written is refused.

/** A pid no process has: the writer of an interrupted run. */
const deadPid = 2 ** 22 + 17;

describe('deleteRun', () => {
  const folder = useTempFolders();
  const notWriting = () => false;

  function setUp(): { runs: string; trash: string } {
    const root = folder();
    const runs = join(root, 'runs');
    mkdirSync(runs);
    return { runs, trash: join(root, 'trash') };
  }

  it('moves a damaged run folder to the trash with its files', () => {
    const { runs, trash } = setUp();
    mkdirSync(join(runs, 'broken'));
    writeFileSync(join(runs, 'broken', 'W.npy'), 'not really');
    expect(listRuns(runs, notWriting).map((run) => run.status)).toEqual(['damaged']);
    const { trashedTo } = deleteRun(runs, 'broken', trash, notWriting);
    expect(readdirSync(runs)).toEqual([]);
    expect(readdirSync(trashedTo)).toEqual(['W.npy']);
    expect(trashedTo.startsWith(trash)).toBe(true);
  });

  it('moves every staging folder an interrupted run left to the trash', () => {
    const { runs, trash } = setUp();
    for (const started of [1000, 2000]) {
      const staging = join(runs, `.sgns-1.partial-${deadPid}-${started}-abcd`);
      mkdirSync(staging);
      writeFileSync(join(staging, 'run.partial.json'), JSON.stringify({ model: 'sgns', startedAt: '2026-12-07T10:00:00.000Z' }));
    }
    mkdirSync(join(runs, 'other'));
    writeFileSync(join(runs, 'other', 'notes.txt'), 'a user file');
    expect(listRuns(runs, notWriting).map((run) => [run.id, run.status])).toEqual([['sgns-1', 'interrupted']]);
    deleteRun(runs, 'sgns-1', trash, notWriting);
    expect(readdirSync(runs)).toEqual(['other']);
    expect(readdirSync(trash)).toHaveLength(2);
  });

  it('refuses a run that is still being written, and a run that does not exist, leaving both folders alone', () => {
    const { runs, trash } = setUp();
    const staging = join(runs, `.sgns-2.partial-${process.pid}-1000-abcd`);
    mkdirSync(staging);
    expect(() => deleteRun(runs, 'sgns-2', trash, notWriting)).toThrow(/still training: cancel it first/);
    expect(() => deleteRun(runs, 'nothing-here', trash, notWriting)).toThrow(FirthError);
    expect(() => deleteRun(runs, 'nothing-here', trash, notWriting)).toThrow(/No run named nothing-here/);
    expect(existsSync(staging)).toBe(true);
    expect(existsSync(trash)).toBe(false);
  });
});
