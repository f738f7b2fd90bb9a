import { renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { FirthError } from '../../shared/errors';
import { fileErrorReason } from '../../engine/io/file-error-reasons';
import { defaultSettings, settingsStoreSchema, type Settings } from '../../shared/settings';
import { settingsStoreFrom, type SettingsStore } from './settings-store';

export const SETTINGS_FILE_NAME = 'config';

/**
 * Settings for the web host and CLI through conf, with the same schema, defaults and file
 * (`config.json` in the data folder) as electron-store uses in the desktop app.
 */
export function openConfSettings(dataFolder: string): SettingsStore {
  const open = () =>
    new Conf<Settings>({
      cwd: dataFolder,
      configName: SETTINGS_FILE_NAME,
      projectName: 'firth',
      schema: settingsStoreSchema() as never,
      defaults: defaultSettings,
      clearInvalidConfig: false,
    });
  try {
    return settingsStoreFrom(open());
  } catch (error) {
    // An unreadable or invalid settings file is kept aside, never overwritten, and defaults apply.
    const file = join(dataFolder, `${SETTINGS_FILE_NAME}.json`);
    const keptAs = `${file}.invalid-${Date.now()}`;
    try {
      renameSync(file, keptAs);
    } catch {
      throw new FirthError('io', `Cannot read the settings ${file}: ${fileErrorReason(error)}`, { file });
    }
    process.emitWarning(`Settings file ${file} was invalid (${(error as Error).message}); kept as ${keptAs}, using defaults.`);
    return settingsStoreFrom(open());
  }
}
