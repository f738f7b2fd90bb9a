import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FirthError } from '../../../src/shared/errors';
import { useTempFolders } from '../../helpers/temp-folder';
import { testWorkbench } from '../../helpers/workbench';

const tempFolder = useTempFolders();

async function rejection(promise: Promise<unknown>): Promise<FirthError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FirthError);
  return error as FirthError;
}

describe('projects', () => {
  it('creates, lists, opens and deletes a project, keeping it in the trash', async () => {
    const data = tempFolder();
    const workbench = testWorkbench(data);
    const created = await workbench.createProject({ name: 'Novels' });
    expect(created.folder).toBe(join(data, 'projects', 'Novels'));
    expect(created.id).toMatch(/^[0-9a-f]{16}$/);
    const onDisk = JSON.parse(readFileSync(join(created.folder, 'project.json'), 'utf8'));
    expect(onDisk).toMatchObject({ schemaVersion: 1, name: 'Novels' });
    expect(readdirSync(created.folder)).toEqual(['project.json']); // no temporary file left behind

    const { projects } = await workbench.listProjects({});
    expect(projects).toEqual([{ status: 'ok', project: created }]);
    expect(await workbench.openProject({ id: created.id })).toEqual(created);
    expect((await workbench.getSettings({})).recentProjects).toEqual([created.id]);

    const { trashedTo } = await workbench.deleteProject({ id: created.id });
    expect(existsSync(created.folder)).toBe(false);
    expect(trashedTo.startsWith(join(data, 'trash'))).toBe(true);
    expect(JSON.parse(readFileSync(join(trashedTo, 'project.json'), 'utf8')).name).toBe('Novels');
    expect((await workbench.listProjects({})).projects).toEqual([]);
    expect((await workbench.getSettings({})).recentProjects).toEqual([]);
  });

  it('creates a project in a folder of the user\'s choice and remembers it', async () => {
    const data = tempFolder();
    const elsewhere = join(tempFolder(), 'my corpus project');
    const workbench = testWorkbench(data);
    const created = await workbench.createProject({ name: 'Elsewhere', folder: elsewhere });
    expect(created.folder).toBe(elsewhere);
    expect((await workbench.getSettings({})).projectFolders).toEqual([elsewhere]);
    expect((await workbench.listProjects({})).projects.map((entry) => entry.status === 'ok' && entry.project.name)).toEqual(['Elsewhere']);
    await workbench.deleteProject({ id: created.id });
    expect((await workbench.getSettings({})).projectFolders).toEqual([]);
  });

  it('lists a corrupt project.json with an error naming the file and line, and still loads the others', async () => {
    const data = tempFolder();
    const workbench = testWorkbench(data);
    const good = await workbench.createProject({ name: 'Good' });
    const bad = await workbench.createProject({ name: 'Bad' });
    const badFile = join(bad.folder, 'project.json');
    writeFileSync(badFile, '{\n  "schemaVersion": 1,\n  "name": "Bad",,\n}\n');

    const { projects } = await workbench.listProjects({});
    expect(projects).toHaveLength(2);
    const broken = projects.find((entry) => entry.status === 'error');
    expect(broken).toMatchObject({ status: 'error', id: bad.id, error: { code: 'corrupt-file', where: { file: badFile, line: 3 } } });
    expect(projects.find((entry) => entry.status === 'ok')).toEqual({ status: 'ok', project: good });

    const error = await rejection(workbench.openProject({ id: bad.id }));
    expect(error.code).toBe('corrupt-file');
    expect(error.message).toContain(badFile);
    // A broken project can still be moved to the trash.
    await workbench.deleteProject({ id: bad.id });
    expect((await workbench.listProjects({})).projects).toEqual([{ status: 'ok', project: good }]);
  });

  it('refuses a project.json from a newer Firth, and one with a field of the wrong type', async () => {
    const data = tempFolder();
    const workbench = testWorkbench(data);
    const future = await workbench.createProject({ name: 'Future' });
    writeFileSync(join(future.folder, 'project.json'), JSON.stringify({ schemaVersion: 99, name: 'Future' }));
    const wrong = await workbench.createProject({ name: 'Wrong' });
    writeFileSync(join(wrong.folder, 'project.json'), JSON.stringify({ schemaVersion: 1, name: 'Wrong', createdAt: 5, updatedAt: 'x' }));

    const futureError = await rejection(workbench.openProject({ id: future.id }));
    expect(futureError.code).toBe('unsupported-version');
    expect(futureError.message).toMatch(/newer Firth.*version 99/);
    const wrongError = await rejection(workbench.openProject({ id: wrong.id }));
    expect(wrongError).toMatchObject({ code: 'corrupt-file', where: { field: 'createdAt' } });
  });

  it('never touches an existing project when a create fails', async () => {
    const data = tempFolder();
    const workbench = testWorkbench(data);
    const existing = await workbench.createProject({ name: 'Kept' });
    const before = readFileSync(join(existing.folder, 'project.json'), 'utf8');

    expect((await rejection(workbench.createProject({ name: 'Kept' }))).code).toBe('already-exists');
    expect((await rejection(workbench.createProject({ name: 'X', folder: existing.folder }))).code).toBe('already-exists');
    const notEmpty = tempFolder();
    writeFileSync(join(notEmpty, 'thesis.txt'), 'mine');
    expect((await rejection(workbench.createProject({ name: 'X', folder: notEmpty }))).message).toContain('not empty');
    expect(readFileSync(join(notEmpty, 'thesis.txt'), 'utf8')).toBe('mine');
    expect((await rejection(workbench.createProject({ name: 'X', folder: 'relative/path' }))).where?.field).toBe('folder');

    expect(readFileSync(join(existing.folder, 'project.json'), 'utf8')).toBe(before);
    expect((await workbench.listProjects({})).projects).toHaveLength(1);
  });

  it('reports a folder that cannot be written as an io error naming it', async () => {
    const data = tempFolder();
    const workbench = testWorkbench(data);
    // A path below a regular file can never be created, whoever runs the test (root included).
    const file = join(tempFolder(), 'a-file');
    writeFileSync(file, '');
    const error = await rejection(workbench.createProject({ name: 'X', folder: join(file, 'project') }));
    expect(error.code).toBe('io');
    expect(error.message).toContain(join(file, 'project'));
    expect(error.message).toContain('not a folder');
  });

  it('says which project is missing', async () => {
    const workbench = testWorkbench(tempFolder());
    const error = await rejection(workbench.openProject({ id: '0123456789abcdef' }));
    expect(error).toMatchObject({ code: 'not-found', where: { field: 'id' } });
  });
});
