import { accessSync, constants, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { FirthError } from '../shared/errors';
import { makeFolder } from '../engine/io/make-folder';
import { removeStaleTemporaries } from '../engine/io/stale-temporaries';
import { join, resolve } from 'node:path';

/** Where deleted projects and replaced runs and exports go: nothing Firth replaces is destroyed. */
export const trashFolderOf = (dataFolder: string) => join(dataFolder, 'trash');

/**
 * Where settings, projects and the trash live. The same folder Electron uses as `userData` for an
 * app named Firth, so the desktop app, the web host and the CLI share projects and settings.
 * FIRTH_DATA_DIR overrides it (tests, portable installs).
 */
export function defaultDataFolder(environment: NodeJS.ProcessEnv = process.env): string {
  if (environment.FIRTH_DATA_DIR) return resolve(environment.FIRTH_DATA_DIR);
  if (process.platform === 'win32') return join(environment.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Firth');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Firth');
  return join(environment.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Firth');
}

/**
 * Makes the data folder if needed and checks that Firth may write there, before anything else runs:
 * the message names the folder and says how to choose another.
 */
export function prepareDataFolder(dataFolder: string): void {
  const hint = 'set FIRTH_DATA_DIR to a folder you can write to';
  try {
    makeFolder(dataFolder);
    accessSync(dataFolder, constants.W_OK | constants.X_OK);
  } catch (error) {
    const reason = error instanceof FirthError ? error.message : `Cannot write the data folder ${dataFolder}: permission denied`;
    throw new FirthError('io', `${reason} (the data folder holds settings, projects and caches: ${hint})`, { file: dataFolder });
  }
}

/**
 * Removes what processes killed mid-write left in the data folder's own folders: uploads cut off and
 * the temporary files of corpus-cache entries. Best effort, never throws.
 */
export function tidyDataFolder(dataFolder: string): void {
  const cache = join(dataFolder, 'cache', 'corpora');
  removeStaleTemporaries(join(dataFolder, 'uploads'));
  removeStaleTemporaries(cache);
  try {
    for (const entry of readdirSync(cache, { withFileTypes: true })) if (entry.isDirectory()) removeStaleTemporaries(join(cache, entry.name));
  } catch {
    // no cache yet
  }
}
