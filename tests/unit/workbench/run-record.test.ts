import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRunRecord, readRunRecord, RUN_SCHEMA_VERSION } from '../../../src/workbench/runs/run-record';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

describe('run.json', () => {
  const record = (fields: Record<string, unknown>) => ({ model: 'sgns', corpus: { file: '/data/corpus.txt' }, settings: { corpus: {}, model: { window: 5 } }, ...fields });

  it('opens a record without a schemaVersion (written before it existed) and one of this version', () => {
    const folder = tempFolder();
    writeFileSync(join(folder, 'run.json'), JSON.stringify(record({})));
    expect(readRunRecord(folder)).toMatchObject({ model: 'sgns', corpus: { file: '/data/corpus.txt' }, settings: { model: { window: 5 } } });
    writeFileSync(join(folder, 'run.json'), JSON.stringify(record({ schemaVersion: RUN_SCHEMA_VERSION, results: { finalLoss: 2 } })));
    expect(readRunRecord(folder).results).toEqual({ finalLoss: 2 });
  });

  it('refuses a record from a newer Firth, naming the file and the field', () => {
    const folder = tempFolder();
    const file = join(folder, 'run.json');
    writeFileSync(file, JSON.stringify(record({ schemaVersion: RUN_SCHEMA_VERSION + 1 })));
    expect(() => readRunRecord(folder)).toThrow(expect.objectContaining({ code: 'unsupported-version', where: { file, field: 'schemaVersion' } }));
    expect(() => readRunRecord(folder)).toThrow(file);
  });

  it('names the file and the line or field of a broken record; a folder without one is no run', () => {
    const folder = tempFolder();
    const file = join(folder, 'run.json');
    expect(findRunRecord(folder)).toBeUndefined();
    expect(() => readRunRecord(folder)).toThrow(expect.objectContaining({ code: 'not-found', where: { file } }));
    writeFileSync(file, '{\n  "model": "sgns",\n  oops\n}');
    expect(() => readRunRecord(folder)).toThrow(expect.objectContaining({ code: 'corrupt-file', where: { file, line: 3 } }));
    writeFileSync(file, JSON.stringify({ model: 'sgns', corpus: {} }));
    expect(() => readRunRecord(folder)).toThrow(expect.objectContaining({ code: 'corrupt-file', where: { file, field: 'corpus.file' } }));
  });
});
