import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/workbench/dispatch';
import { useTempFolders } from '../../helpers/temp-folder';
import { testWorkbench } from '../../helpers/workbench';

const tempFolder = useTempFolders();

describe('dispatcher', () => {
  it('answers every malformed call with a typed error envelope, never a throw', async () => {
    const dispatch = createDispatcher(testWorkbench(tempFolder()));
    expect(await dispatch('dropDatabase', {})).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'Unknown method "dropDatabase"', where: { field: 'method' } },
    });
    expect(await dispatch(42, {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dispatch('createProject', { name: 'a/b' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', where: { field: 'name' }, message: expect.stringContaining('cannot contain /') },
    });
    expect(await dispatch('createProject', { name: 'x', extra: true })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch('createProject', 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch('openProject', { id: '../../etc' })).toMatchObject({ ok: false, error: { code: 'invalid-input', where: { field: 'id' } } });
    expect(await dispatch('setSettings', { threads: -3 })).toMatchObject({ ok: false, error: { code: 'invalid-input', where: { field: 'threads' } } });
    expect(await dispatch('setSettings', { notASetting: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('passes valid calls through and returns their values', async () => {
    const dispatch = createDispatcher(testWorkbench(tempFolder()));
    const created = await dispatch('createProject', { name: '  Spaces trimmed  ' });
    expect(created).toMatchObject({ ok: true, value: { name: 'Spaces trimmed' } });
    expect(await dispatch('listProjects', undefined)).toMatchObject({ ok: true, value: { projects: [{ status: 'ok' }] } });
    expect(await dispatch('setSettings', { threads: 2 })).toMatchObject({ ok: true, value: { threads: 2, backend: 'auto' } });
  });

  it('rejects names that would escape the projects folder', async () => {
    const dispatch = createDispatcher(testWorkbench(tempFolder()));
    for (const name of ['..', '.', 'a\\b', 'x:y', '', '   ', 'tab\there', 'a'.repeat(101)]) {
      expect(await dispatch('createProject', { name }), name).toMatchObject({ ok: false, error: { code: 'invalid-input', where: { field: 'name' } } });
    }
  });
});

describe('file dialogs', () => {
  it('belong to the desktop face: elsewhere the call says to type or upload', async () => {
    const dispatch = createDispatcher(testWorkbench(tempFolder()));
    expect(await dispatch('chooseFile', { purpose: 'corpus' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('upload') } });
    const withDialog = createDispatcher(testWorkbench(tempFolder(), { chooseFile: async (purpose) => `/chosen/${purpose}.txt` }));
    expect(await withDialog('chooseFile', {})).toEqual({ ok: true, value: { path: '/chosen/corpus.txt' } });
  });
});
