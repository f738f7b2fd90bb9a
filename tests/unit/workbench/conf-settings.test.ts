import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings, normalizeSettings, settingsStoreSchema } from '../../../src/shared/settings';
import { openConfSettings } from '../../../src/workbench/settings/conf-settings';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

describe('settings persisted with conf', () => {
  it('start from the shared defaults and persist changes to config.json', () => {
    const data = tempFolder();
    const first = openConfSettings(data);
    expect(first.read()).toEqual(defaultSettings);
    first.write({ ...first.read(), backend: 'webasm', threads: 3 });
    const reopened = openConfSettings(data);
    expect(reopened.read()).toMatchObject({ backend: 'webasm', threads: 3 });
    expect(JSON.parse(readFileSync(join(data, 'config.json'), 'utf8'))).toMatchObject({ backend: 'webasm', threads: 3 });
  });

  it('keep an invalid settings file aside instead of overwriting it', () => {
    const data = tempFolder();
    writeFileSync(join(data, 'config.json'), '{"backend": "quantum", ');
    const settings = openConfSettings(data);
    expect(settings.read()).toEqual(defaultSettings);
    const kept = readdirSync(data).find((name) => name.startsWith('config.json.invalid-'));
    expect(kept).toBeDefined();
    expect(readFileSync(join(data, kept!), 'utf8')).toBe('{"backend": "quantum", ');
  });

  it('refuse values the shared schema forbids, as electron-store would', () => {
    const settings = openConfSettings(tempFolder());
    expect(() => settings.write({ ...defaultSettings, threads: -1 })).toThrow(/threads/);
  });

  it('derive one JSON schema for both stores, with the defaults in it', () => {
    const schema = settingsStoreSchema();
    expect(Object.keys(schema).sort()).toEqual(Object.keys(defaultSettings).sort());
    expect(schema.backend).toMatchObject({ enum: ['auto', 'gpu', 'cpu', 'webasm'], default: 'auto' });
    expect(normalizeSettings({ backend: 'gpu', threads: 'many', unknown: true })).toEqual({ ...defaultSettings, backend: 'gpu' });
  });
});
