import { z } from 'zod';
import { backendNames } from './backend-choice';

export { backendNames, pickBackendChoice } from './backend-choice';

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
