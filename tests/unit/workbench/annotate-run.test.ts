import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/workbench/dispatch';
import { annotateRun, annotateRunFolder } from '../../../src/workbench/runs/annotate-run';
import { listRuns } from '../../../src/workbench/runs/list-runs';
import { readRunRecord, RUN_SCHEMA_VERSION } from '../../../src/workbench/runs/run-record';
import { useTempFolders } from '../../helpers/temp-folder';
import { useTestWorkbenches } from '../../helpers/workbench';

// A run's name and note live in its run.json: renaming and annotating round-trip through the one
// reader, keep every other field (unknown ones too), never touch the folder, and work on records
// written before the fields existed.

const tempFolder = useTempFolders();
const notWriting = () => false;
const workbenchIn = useTestWorkbenches();

/** A finished run folder as an older Firth wrote it: no schemaVersion, no settings, a field this one does not know. */
function oldRun(runs: string, id: string, extra: Record<string, unknown> = {}): string {
  const folder = join(runs, id);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'run.json'), JSON.stringify({ model: 'sppmi-svd', createdAt: '2025-01-02T03:04:05.000Z', corpus: { file: '/data/corpus.txt' }, futureField: { kept: true }, ...extra }));
  writeFileSync(join(folder, 'W.npy'), '');
  writeFileSync(join(folder, 'vocab.tsv'), '');
  return folder;
}

describe('renaming and annotating a run', () => {
  it('writes name and note into an old run.json, keeps its other fields, and reads them back', () => {
    const runs = tempFolder();
    const folder = oldRun(runs, '20250102-030405-sppmi-svd');
    const before = JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(listRuns(runs, notWriting)[0]).toMatchObject({ status: 'done' });
    expect(listRuns(runs, notWriting)[0].name).toBeUndefined();

    const label = annotateRunFolder(folder, { name: '  SVD, window 2  ', note: 'Levy & Goldberg settings.\nCompare with SGNS.' });
    expect(label).toEqual({ runId: '20250102-030405-sppmi-svd', folder, name: 'SVD, window 2', note: 'Levy & Goldberg settings.\nCompare with SGNS.' });
    const after = JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(after).toEqual({ ...before, name: 'SVD, window 2', note: 'Levy & Goldberg settings.\nCompare with SGNS.' });
    // No settings were added by the reader's defaults, and no temporary file was left beside the record.
    expect(after.settings).toBeUndefined();
    expect(readdirSync(folder).sort()).toEqual(['W.npy', 'run.json', 'vocab.tsv']);
    expect(readRunRecord(folder)).toMatchObject({ name: 'SVD, window 2', note: 'Levy & Goldberg settings.\nCompare with SGNS.', futureField: { kept: true } });
    expect(listRuns(runs, notWriting)[0]).toMatchObject({ id: '20250102-030405-sppmi-svd', status: 'done', name: 'SVD, window 2', note: 'Levy & Goldberg settings.\nCompare with SGNS.' });
  });

  it('changes only the field given, and an empty text removes it', () => {
    const runs = tempFolder();
    const folder = oldRun(runs, 'run-1', { schemaVersion: RUN_SCHEMA_VERSION });
    annotateRunFolder(folder, { name: 'First', note: 'a note' });
    expect(annotateRunFolder(folder, { name: 'Second' })).toMatchObject({ name: 'Second', note: 'a note' });
    expect(annotateRunFolder(folder, { note: '' })).toEqual({ runId: 'run-1', folder, name: 'Second' });
    expect(annotateRunFolder(folder, { name: '   ' })).toEqual({ runId: 'run-1', folder });
    const record = JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect('name' in record || 'note' in record).toBe(false);
    expect(record.schemaVersion).toBe(RUN_SCHEMA_VERSION);
  });

  it('refuses a record from a newer Firth and leaves it as it was', () => {
    const runs = tempFolder();
    const folder = oldRun(runs, 'newer', { schemaVersion: RUN_SCHEMA_VERSION + 1 });
    const text = readFileSync(join(folder, 'run.json'), 'utf8');
    expect(() => annotateRunFolder(folder, { name: 'x' })).toThrow(expect.objectContaining({ code: 'unsupported-version' }));
    expect(readFileSync(join(folder, 'run.json'), 'utf8')).toBe(text);
  });

  it('finds a run by id; refuses a missing, damaged or interrupted one, naming why', () => {
    const runs = tempFolder();
    oldRun(runs, 'good');
    mkdirSync(join(runs, 'broken'));
    writeFileSync(join(runs, 'broken', 'W.npy'), '');
    mkdirSync(join(runs, '.cut.partial-2147483646-1700000000000-0badcafe'));
    expect(annotateRun(runs, 'good', { note: 'fine' }, notWriting)).toMatchObject({ runId: 'good', note: 'fine' });
    expect(() => annotateRun(runs, 'nothing', { name: 'x' }, notWriting)).toThrow(/No run named nothing/);
    expect(() => annotateRun(runs, 'broken', { name: 'x' }, notWriting)).toThrow(/broken cannot be renamed or annotated: it is damaged/);
    expect(() => annotateRun(runs, 'cut', { name: 'x' }, notWriting)).toThrow(/cut cannot be renamed or annotated: its training did not finish/);
  });

  it('is a contract method: the dispatcher checks the name, the service writes it into the project\'s run', async () => {
    const workbench = workbenchIn(tempFolder());
    const project = await workbench.createProject({ name: 'Labels' });
    oldRun(join(project.folder, 'runs'), 'svd');
    const dispatch = createDispatcher(workbench);
    expect(await dispatch('annotateRun', { id: project.id, runId: 'svd', name: 'two\nlines' })).toMatchObject({ ok: false, error: { code: 'invalid-input', where: { field: 'name' } } });
    expect(await dispatch('annotateRun', { id: project.id, runId: 'svd', name: 'x'.repeat(81) })).toMatchObject({ ok: false, error: { message: expect.stringContaining('at most 80 characters') } });
    expect(await dispatch('annotateRun', { id: project.id, runId: 'svd', name: 'Baseline', note: 'kept' })).toMatchObject({ ok: true, value: { runId: 'svd', name: 'Baseline', note: 'kept' } });
    const { runs } = await workbench.listRuns({ id: project.id });
    expect(runs).toEqual([expect.objectContaining({ id: 'svd', name: 'Baseline', note: 'kept' })]);
  });
});
