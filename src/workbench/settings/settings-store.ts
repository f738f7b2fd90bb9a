import { normalizeSettings, type Settings } from '../../shared/settings';

/**
 * Where settings persist. electron-store (Electron) and conf (web host, CLI) both fit: each exposes
 * the whole document as a `store` property, validated against the shared schema.
 */
export interface SettingsStore {
  read(): Settings;
  write(settings: Settings): void;
}

export interface StoreLike {
  store: unknown;
}

export function settingsStoreFrom(store: StoreLike): SettingsStore {
  return {
    read: () => normalizeSettings(store.store),
    write: (settings) => {
      store.store = settings;
    },
  };
}

/** Settings held in memory only: for tests and one-shot CLI commands that never persist. */
export function memorySettingsStore(initial: unknown = {}): SettingsStore {
  let settings = normalizeSettings(initial);
  return {
    read: () => settings,
    write: (next) => {
      settings = normalizeSettings(next);
    },
  };
}
