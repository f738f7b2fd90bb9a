import { z } from 'zod';
import { errorCodes } from './errors';

export const SerializedErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  where: z
    .object({ file: z.string().optional(), line: z.number().int().optional(), field: z.string().optional() })
    .optional(),
});

/** Every reply that crosses a process boundary: a value, or an error a person can act on. Errors
 * travel as data because Electron IPC and JSON both lose an Error's class and fields. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof SerializedErrorSchema> };

export const EnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: SerializedErrorSchema }),
]);
