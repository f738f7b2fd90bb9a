import { z } from 'zod';
import { EnvelopeSchema } from '../envelope';

/** Messages on the web host's WebSocket. Calls carry an id the reply echoes; events carry none. */
export const CallMessageSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string(),
  input: z.unknown(),
});
export type CallMessage = z.infer<typeof CallMessageSchema>;

export const ServerMessageSchema = z.discriminatedUnion('type', [
  /** id is null when the call itself was unreadable (bad JSON, no id). */
  z.object({ type: z.literal('reply'), id: z.number().int().nonnegative().nullable(), envelope: EnvelopeSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

export const WEBSOCKET_PATH = '/ws';
export const TOKEN_PARAMETER = 'token';
/** The web host's upload endpoint: POST the file's bytes to `/upload?token=…&name=…`; replies `{ path }`. */
export const UPLOAD_PATH = '/upload';
