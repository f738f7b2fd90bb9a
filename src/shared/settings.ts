import { z } from 'zod';
import { BackendChoiceSchema } from './compute';
import { modelIds, perModel, type ModelId } from './models';

/**
 * The one settings schema. electron-store (Electron) and conf (web host, CLI) both persist it, from
 * the JSON Schema derived below, so a settings file written by one face reads in the other.
 */
export const SettingsSchema = z.object({
  backend: BackendChoiceSchema.default('auto'),
  /** Worker threads for the cpu backend; 0 means one per core. */
  threads: z.number().int().min(0).max(256).default(0),
  /** Project folders outside the data folder's `projects/`, remembered so they list. */
  projectFolders: z.array(z.string()).default([]),
  /** Most recently opened project ids, newest first. */
  recentProjects: z.array(z.string()).max(20).default([]),
  /** The user's own defaults for new runs, per model (any subset of that model's settings). */
  defaultHyperparameters: perModel(z.record(z.string(), z.unknown()).default({})).default(
    Object.fromEntries(modelIds.map((id) => [id, {}])) as Record<ModelId, Record<string, unknown>>,
  ),
  /** The sample project is made once, on the first start; deleting it is then respected. */
  sampleProjectOffered: z.boolean().default(false),
  window: z
    .object({
      width: z.number().int().min(640).max(10000).default(1280),
      height: z.number().int().min(480).max(10000).default(800),
    })
    .default({ width: 1280, height: 800 }),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const defaultSettings: Settings = SettingsSchema.parse({});

/** Per-key JSON Schemas in the shape electron-store's and conf's `schema` option expects. */
export function settingsStoreSchema(): Record<string, Record<string, unknown>> {
  const json = z.toJSONSchema(SettingsSchema, { target: 'draft-07', io: 'input' }) as {
    properties: Record<string, Record<string, unknown>>;
  };
  return json.properties;
}

/** A stored settings object read back: unknown keys dropped, invalid values reset to defaults. */
export function normalizeSettings(stored: unknown): Settings {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const settings: Record<string, unknown> = {};
  for (const key of Object.keys(SettingsSchema.shape) as (keyof Settings)[]) {
    const parsed = SettingsSchema.shape[key].safeParse(record[key]);
    settings[key] = parsed.success ? parsed.data : defaultSettings[key];
  }
  return settings as Settings;
}
