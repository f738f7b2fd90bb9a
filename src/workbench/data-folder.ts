import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

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
