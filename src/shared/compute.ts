import { z } from 'zod';
import { FirthError } from './errors';

/** Where kernels run: `gpu` = gpu.js on WebGPU (Dawn), `cpu` = native WebAssembly SIMD on worker
 * threads, `webasm` = gpu.js's own WebAssembly mode. `auto` picks gpu when a hardware adapter
 * answers, else cpu. */
export const backendNames = ['gpu', 'cpu', 'webasm'] as const;
export const BackendNameSchema = z.enum(backendNames);
export type BackendName = z.infer<typeof BackendNameSchema>;

export const BackendChoiceSchema = z.enum(['auto', ...backendNames]);
export type BackendChoice = z.infer<typeof BackendChoiceSchema>;

export const BackendInfoSchema = z.object({
  name: BackendNameSchema,
  available: z.boolean(),
  /** What a person reads in the status bar: the GPU's name, or the CPU path and its threads. */
  adapter: z.string(),
  software: z.boolean().optional(),
  reason: z.string().optional(),
});
export type BackendInfo = z.infer<typeof BackendInfoSchema>;

/** Which choice wins: a command-line flag, then FIRTH_BACKEND, then the saved setting. */
export function pickBackendChoice(flag: string | undefined, environment: string | undefined, setting: BackendChoice): {
  choice: BackendChoice;
  source: 'flag' | 'environment' | 'setting';
} {
  if (flag !== undefined) return { choice: parseBackendChoice(flag, '--backend'), source: 'flag' };
  if (environment) return { choice: parseBackendChoice(environment, 'FIRTH_BACKEND'), source: 'environment' };
  return { choice: setting, source: 'setting' };
}

function parseBackendChoice(value: string, field: string): BackendChoice {
  const parsed = BackendChoiceSchema.safeParse(value.trim().toLowerCase());
  if (parsed.success) return parsed.data;
  throw new FirthError('invalid-input', `${field} must be one of auto, gpu, cpu, webasm (got "${value}")`, { field });
}
