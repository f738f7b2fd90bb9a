import { z } from 'zod';
import { BackendChoiceSchema, BackendInfoSchema, BackendNameSchema } from './compute';

export const FaceSchema = z.enum(['electron', 'web', 'cli']);
export type Face = z.infer<typeof FaceSchema>;

export const SystemInfoSchema = z.object({
  appVersion: z.string(),
  face: FaceSchema,
  versions: z.object({
    node: z.string(),
    v8: z.string(),
    electron: z.string().optional(),
    chromium: z.string().optional(),
  }),
  platform: z.string(),
  arch: z.string(),
  cpuCount: z.number().int(),
  dataFolder: z.string(),
  /** The bundled sample corpus (resources/sample), for a first run. */
  sampleCorpusFile: z.string().optional(),
  backends: z.array(BackendInfoSchema),
  backendChoice: BackendChoiceSchema,
  backendChoiceSource: z.enum(['flag', 'environment', 'setting']),
  /** The backend kernels run on now; null when the choice forces one that cannot run here. */
  activeBackend: BackendNameSchema.nullable(),
  backendError: z.string().optional(),
});
export type SystemInfo = z.infer<typeof SystemInfoSchema>;
