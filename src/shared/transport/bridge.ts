import { deserializeError, FirthError } from '../errors';
import type { Envelope } from '../envelope';
import {
  events,
  methodNames,
  methods,
  type EventName,
  type FirthClient,
  type MethodName,
} from '../contract';

/**
 * What a transport provides: each contract method as a call returning an envelope, and event
 * subscription. The Electron preload (`window.firth`) and the WebSocket client both are one.
 */
export type FirthBridge = { [M in MethodName]: (input: unknown) => Promise<Envelope<unknown>> } & {
  on(event: EventName, listener: (payload: unknown) => void): () => void;
};

/** Turns a bridge into the typed service: replies are validated, error envelopes become FirthErrors. */
export function createClient(bridge: FirthBridge): FirthClient {
  const client: Record<string, unknown> = {};
  for (const method of methodNames) {
    client[method] = async (input: unknown) => {
      const envelope = await bridge[method](input ?? {});
      if (!envelope.ok) throw deserializeError(envelope.error);
      const parsed = methods[method].output.safeParse(envelope.value);
      if (!parsed.success) {
        throw new FirthError('internal', `The service's reply to ${method} does not match the contract: ${parsed.error.message}`);
      }
      return parsed.data;
    };
  }
  client.on = (event: EventName, listener: (payload: unknown) => void) =>
    bridge.on(event, (payload) => {
      const parsed = events[event].safeParse(payload);
      if (parsed.success) listener(parsed.data);
    });
  return client as unknown as FirthClient;
}
