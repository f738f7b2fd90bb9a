import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolder } from '../../src/engine/io/make-folder';
import { removeStaleTemporaries } from '../../src/engine/io/stale-temporaries';
import { prepareDataFolder } from '../../src/workbench/data-folder';
import { listRuns } from '../../src/workbench/runs/list-runs';
import { FirthError } from '../../src/shared/errors';
import { useTempFolders } from '../helpers/temp-folder';
import { testWorkbench } from '../helpers/workbench';
import { snapshot } from './snapshot';

// Folders, projects and runs: creation always ends, names a folder cannot show are refused, and
// every run in a folder is listed with its real state.

const linux = process.platform === 'linux';
const deadPid = 2147483646;

function runFolder(root: string, name: string, files: Record<string, string>): string {
  const folder = join(root, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(folder, file), content);
  return folder;
}
const goodRecord = JSON.stringify({ schemaVersion: 1, model: 'sgns', corpus: { file: '/corpus.txt' }, createdAt: '2026-01-01T00:00:00.000Z', status: 'done', dimensions: 2, vocabularySize: 2 });

describe('folder creation always ends', () => {
  const folder = useTempFolders();
  it.runIf(linux)('under /proc it fails with the path named (Node loops forever there)', () => {
    expect(() => makeFolder('/proc/self/firth-test/deeper')).toThrow(/Cannot create the folder \/proc\/self\/firth-test\/deeper: the file system at \/proc\/self does not allow new folders/);
  });
  it.runIf(linux)('under /sys likewise', () => {
    expect(() => makeFolder('/sys/firth-test/a/b')).toThrow(FirthError);
  });
  it('under a file it names the file in the way', () => {
    const root = folder();
    writeFileSync(join(root, 'file'), 'x');
    expect(() => makeFolder(join(root, 'file', 'sub'))).toThrow(/file is a file, not a folder/);
  });
  it('makes every missing level and returns the first', () => {
    const root = folder();
    expect(makeFolder(join(root, 'a', 'b', 'c'))).toBe(join(root, 'a'));
    expect(makeFolder(join(root, 'a', 'b', 'c'))).toBeUndefined();
  });
  it.runIf(linux)('an unusable data folder names it and says how to choose another', () => {
    expect(() => prepareDataFolder('/proc/firth-data')).toThrow(/\/proc\/firth-data.*FIRTH_DATA_DIR/);
  });
  it('a data folder that is a file names it and FIRTH_DATA_DIR', () => {
    const root = folder();
    writeFileSync(join(root, 'data'), 'x');
    expect(() => prepareDataFolder(join(root, 'data'))).toThrow(/FIRTH_DATA_DIR/);
  });
});

describe('project names a folder cannot show are refused at creation', () => {
  const folder = useTempFolders();
  const names: Array<[string, RegExp]> = [
    ['.hidden', /starts with a dot/],
    ['..', /starts with a dot/],
    ['CON', /Windows reserves/],
    ['nul', /Windows reserves/],
    ['com1.txt', /Windows reserves/],
    ['LPT9', /Windows reserves/],
    ['a/b', /slash/],
    ['..\\up', /starts with a dot|slash/],
    ['back\\slash', /slash/],
    ['what?', /cannot hold/],
    ['ends with dot.', /ends with a dot/],
    ['tab\there', /cannot hold/],
  ];
  it.each(names)('refuses %j', async (name, words) => {
    const data = folder();
    const workbench = testWorkbench(data);
    const before = snapshot(data);
    await expect(workbench.createProject({ name })).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'name' }, message: expect.stringMatching(words) });
    expect(snapshot(data)).toEqual(before);
    expect((await workbench.listProjects({})).projects).toEqual([]);
  });
  it('accepts an ordinary name with spaces and accents', async () => {
    const workbench = testWorkbench(folder());
    expect((await workbench.createProject({ name: 'Café corpus 2' })).name).toBe('Café corpus 2');
  });
  it.runIf(linux)('a project folder under /proc fails with a message, not a hang', async () => {
    const workbench = testWorkbench(folder());
    await expect(workbench.createProject({ name: 'P', folder: '/proc/self/firth-project' })).rejects.toMatchObject({ message: expect.stringContaining('/proc/self/firth-project') });
  });
});

describe('runs are listed with their real state', () => {
  const folder = useTempFolders();
  const statusOf = (root: string, id: string) => listRuns(root, () => false).find((run) => run.id === id);

  it('a finished run is done', () => {
    const root = folder();
    runFolder(root, 'ok', { 'run.json': goodRecord, 'W.npy': 'x', 'vocab.tsv': 'a\t1\n' });
    expect(statusOf(root, 'ok')).toMatchObject({ status: 'done', model: 'sgns' });
  });
  it('a corrupt run.json is damaged, with the reason', () => {
    const root = folder();
    runFolder(root, 'corrupt', { 'run.json': '{"schemaVersion": 1, "mod', 'W.npy': 'x', 'vocab.tsv': '' });
    expect(statusOf(root, 'corrupt')).toMatchObject({ status: 'damaged', problem: expect.stringContaining('not valid JSON') });
  });
  it('a run.json from a newer Firth is damaged, saying so', () => {
    const root = folder();
    runFolder(root, 'future', { 'run.json': JSON.stringify({ schemaVersion: 99, model: 'glove2' }), 'W.npy': 'x', 'vocab.tsv': '' });
    expect(statusOf(root, 'future')).toMatchObject({ status: 'damaged', problem: expect.stringContaining('newer Firth (run schema version 99') });
  });
  it('a run without W.npy is damaged, never done', () => {
    const root = folder();
    runFolder(root, 'nowords', { 'run.json': goodRecord, 'vocab.tsv': '' });
    expect(statusOf(root, 'nowords')).toMatchObject({ status: 'damaged', problem: expect.stringContaining('W.npy') });
  });
  it('a run folder whose run.json is missing is damaged', () => {
    const root = folder();
    runFolder(root, 'norecord', { 'W.npy': 'x', 'vocab.tsv': '' });
    expect(statusOf(root, 'norecord')).toMatchObject({ status: 'damaged', problem: expect.stringContaining('run.json is missing') });
  });
  it('a run.json that is an array is damaged', () => {
    const root = folder();
    runFolder(root, 'array', { 'run.json': '[1,2]', 'W.npy': 'x', 'vocab.tsv': '' });
    expect(statusOf(root, 'array')).toMatchObject({ status: 'damaged' });
  });
  it('a staging folder of a dead process is an interrupted run (the writer\'s real names)', () => {
    const root = folder();
    runFolder(root, `.killed.partial-${deadPid}-1700000000000-0badcafe`, { 'run.partial.json': JSON.stringify({ model: 'sgns' }) });
    expect(statusOf(root, 'killed')).toMatchObject({ status: 'interrupted', model: 'sgns', problem: expect.stringContaining('stopped') });
  });
  it('a staging folder of a live process is running', () => {
    const root = folder();
    runFolder(root, `.live.partial-${process.pid}-1700000000000-0badcafe`, {});
    expect(statusOf(root, 'live')).toMatchObject({ status: 'running' });
  });
  it.runIf(linux)('a run.json that is a named pipe is damaged, not a hang', () => {
    const root = folder();
    const run = runFolder(root, 'piped', { 'W.npy': 'x', 'vocab.tsv': '' });
    execFileSync('mkfifo', [join(run, 'run.json')]);
    expect(statusOf(root, 'piped')).toMatchObject({ status: 'damaged', problem: expect.stringContaining('named pipe (FIFO), not a run record') });
  });
  it.runIf(linux)('a project.json that is a named pipe is listed with an error, not a hang', async () => {
    const data = folder();
    mkdirSync(join(data, 'projects', 'Piped'), { recursive: true });
    execFileSync('mkfifo', [join(data, 'projects', 'Piped', 'project.json')]);
    const { projects } = await testWorkbench(data).listProjects({});
    expect(projects).toMatchObject([{ status: 'error', error: { message: expect.stringContaining('named pipe') } }]);
  });
  it('a user folder that holds no run files is not listed as a run', () => {
    const root = folder();
    runFolder(root, 'photos', { 'cat.jpg': 'x' });
    expect(listRuns(root, () => false)).toEqual([]);
  });
  it('the next start empties a dead staging folder but keeps it listed as interrupted', () => {
    const root = folder();
    const staging = runFolder(root, `.big.partial-${deadPid}-1700000000000-0badcafe`, { 'run.partial.json': '{}', 'W.npy': 'x'.repeat(1000) });
    removeStaleTemporaries(root);
    expect(readdirSync(staging)).toEqual(['run.partial.json']);
    expect(statusOf(root, 'big')).toMatchObject({ status: 'interrupted' });
  });
  it('the next start removes temporary files of dead processes, and only those', () => {
    const root = folder();
    writeFileSync(join(root, `.vectors.txt.${deadPid}.1700000000000.0badcafe.tmp`), 'half');
    writeFileSync(join(root, `.corpus.txt.${deadPid}.1700000000000.upload`), 'half');
    writeFileSync(join(root, `.mine.${process.pid}.1700000000000.0badcafe.tmp`), 'being written');
    writeFileSync(join(root, '.bashrc'), 'user file');
    removeStaleTemporaries(root);
    expect(readdirSync(root).sort()).toEqual(['.bashrc', `.mine.${process.pid}.1700000000000.0badcafe.tmp`]);
  });
  it('a workbench start removes cut-off uploads and half-written corpus-cache files of dead processes', () => {
    const data = folder();
    mkdirSync(join(data, 'uploads'));
    mkdirSync(join(data, 'cache', 'corpora', 'entry'), { recursive: true });
    writeFileSync(join(data, 'uploads', `.big.txt.${deadPid}.1700000000000.upload`), 'cut');
    writeFileSync(join(data, 'cache', 'corpora', 'entry', `.ids.i32.${deadPid}.1700000000000.0badcafe.tmp`), 'half');
    writeFileSync(join(data, 'cache', 'corpora', 'entry', 'vocab.tsv'), 'kept');
    testWorkbench(data);
    expect(readdirSync(join(data, 'uploads'))).toEqual([]);
    expect(readdirSync(join(data, 'cache', 'corpora', 'entry'))).toEqual(['vocab.tsv']);
  });
  it('a workbench start tidies its projects\' runs folders', async () => {
    const data = folder();
    const project = await testWorkbench(data).createProject({ name: 'Tidy' });
    const staging = runFolder(join(project.folder, 'runs'), `.r.partial-${deadPid}-1700000000000-0badcafe`, { 'run.partial.json': '{}', 'C.npy': 'x' });
    testWorkbench(data);
    expect(existsSync(join(staging, 'C.npy'))).toBe(false);
    expect((await testWorkbench(data).listRuns({ id: project.id })).runs).toMatchObject([{ id: 'r', status: 'interrupted' }]);
  });
});
