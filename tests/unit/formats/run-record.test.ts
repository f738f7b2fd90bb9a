import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunRecord, RUN_SCHEMA_VERSION } from '../../../src/engine/formats/run-record';
import { runDefaultMatrix } from '../../../src/engine/formats/run-folder';
import { checkSppmiSvdRun } from '../../../src/engine/models/mf-sgns/warm-start';
import { resolveInitRun } from '../../../src/workbench/runs/init-run';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

// The engine's run.json reader and the two engine readers built on it (a run's default matrix, MF-SGNS's
// warm start): an old record opens, a newer one and a broken one are errors naming the file.

const record = (fields: Record<string, unknown>) => ({ model: 'glove', corpus: { file: '/data/corpus.txt' }, settings: { corpus: {}, model: {} }, ...fields });

function runFolder(parent: string, name: string, content: unknown): string {
  const folder = join(parent, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'run.json'), typeof content === 'string' ? content : JSON.stringify(content));
  return folder;
}

describe('run.json read by the engine', () => {
  it('reads an old record (no schemaVersion) and a current one; the workbench re-exports the same reader', async () => {
    const work = tempFolder();
    const old = runFolder(work, 'old', record({ results: { defaultMatrix: 'w+c' } }));
    const current = runFolder(work, 'current', record({ schemaVersion: RUN_SCHEMA_VERSION, results: { defaultMatrix: 'c' } }));
    expect(readRunRecord(old).model).toBe('glove');
    expect(runDefaultMatrix(old)).toBe('w+c');
    expect(runDefaultMatrix(current)).toBe('c');
    expect(runDefaultMatrix(work)).toBe('w'); // no run.json: W
    const workbench = await import('../../../src/workbench/runs/run-record');
    expect(workbench.readRunRecord).toBe(readRunRecord);
  });

  it('refuses a newer or broken record in runDefaultMatrix, naming the file', () => {
    const work = tempFolder();
    const newer = runFolder(work, 'newer', record({ schemaVersion: RUN_SCHEMA_VERSION + 1, results: { defaultMatrix: 'w+c' } }));
    expect(() => runDefaultMatrix(newer)).toThrow(expect.objectContaining({ code: 'unsupported-version', where: { file: join(newer, 'run.json'), field: 'schemaVersion' } }));
    const broken = runFolder(work, 'broken', '{ "model": ');
    expect(() => runDefaultMatrix(broken)).toThrow(expect.objectContaining({ code: 'corrupt-file', where: expect.objectContaining({ file: join(broken, 'run.json') }) }));
    const noCorpus = runFolder(work, 'no-corpus', { model: 'glove' });
    expect(() => runDefaultMatrix(noCorpus)).toThrow(expect.objectContaining({ code: 'corrupt-file', where: { file: join(noCorpus, 'run.json'), field: 'corpus' } }));
  });

  it('checks a warm-start run through the same reader: old opens, newer/broken/other model are named', () => {
    const work = tempFolder();
    const old = runFolder(work, 'svd-old', record({ model: 'sppmi-svd', dimensions: 16, settings: { corpus: {}, model: { eig: 0 } } }));
    expect(checkSppmiSvdRun(old, 16)).toEqual({ eig: 0 });
    expect(() => checkSppmiSvdRun(old, 8)).toThrow(/the SPPMI-SVD run "svd-old" \(.*\) has 16 dimensions but this run asks for 8/);
    const newer = runFolder(work, 'svd-new', record({ model: 'sppmi-svd', schemaVersion: RUN_SCHEMA_VERSION + 1 }));
    expect(() => checkSppmiSvdRun(newer)).toThrow(expect.objectContaining({ code: 'unsupported-version', where: expect.objectContaining({ field: 'init' }) }));
    expect(() => checkSppmiSvdRun(newer)).toThrow(/init: the run "svd-new" .* cannot be read: .*newer Firth/);
    const broken = runFolder(work, 'svd-bad', 'not json');
    expect(() => checkSppmiSvdRun(broken)).toThrow(expect.objectContaining({ code: 'corrupt-file' }));
    const glove = runFolder(work, 'glove-1', record({}));
    expect(() => checkSppmiSvdRun(glove)).toThrow(/the run "glove-1" .* is a run of GloVe; a warm start needs an SPPMI-SVD run/);
  });

  it('resolves init: random, a run id beside the new run, a path; unknown ids list the SPPMI-SVD runs', () => {
    const work = tempFolder();
    const svd = runFolder(work, 'svd-1', record({ model: 'sppmi-svd', dimensions: 16 }));
    runFolder(work, 'glove-1', record({}));
    const out = join(work, 'mf-1');
    expect(resolveInitRun('random', out)).toBeUndefined();
    expect(resolveInitRun('svd-1', out, 16)).toBe(svd);
    expect(resolveInitRun(svd, out, 16)).toBe(svd);
    expect(() => resolveInitRun('svd-2', out)).toThrow(expect.objectContaining({ code: 'not-found', where: { field: 'init' } }));
    expect(() => resolveInitRun('svd-2', out)).toThrow(/have no run "svd-2"; its SPPMI-SVD runs are "svd-1", or give random/);
    expect(() => resolveInitRun(join(work, 'gone'), out)).toThrow(/the folder .*gone does not exist/);
    expect(() => resolveInitRun('glove-1', out)).toThrow(/is a run of GloVe/);
    expect(() => resolveInitRun('svd-1', out, 8)).toThrow(/has 16 dimensions but this run asks for 8/);
  });
});
