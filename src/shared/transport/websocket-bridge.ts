import { eventNames, isEventName, methodNames, type EventName } from '../contract';
import type { Envelope } from '../envelope';
import type { FirthBridge } from './bridge';
import { ServerMessageSchema, type CallMessage } from './websocket-protocol';

/** The subset of the WHATWG WebSocket that both browsers and the `ws` package provide. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: { data?: unknown }) => void): void;
}

export interface WebSocketBridge extends FirthBridge {
  close(): void;
  /** Called once when the connection ends, by either side. */
  onClose(listener: () => void): void;
}

const OPEN = 1;

function connectionLost(): Envelope<unknown> {
  return { ok: false, error: { code: 'io', message: 'The connection to the Firth host was lost. Restart `firth serve` and reload the page.' } };
}

/** Opens the socket and resolves once it is open; rejects if the host refuses (e.g. wrong token). */
export function connectWebSocketBridge(url: string, createSocket: (url: string) => WebSocketLike): Promise<WebSocketBridge> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(url);
    const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
    const listeners = new Map<EventName, Set<(payload: unknown) => void>>(eventNames.map((name) => [name, new Set()]));
    const closeListeners: (() => void)[] = [];
    let nextId = 1;
    let opened = false;

    socket.addEventListener('open', () => {
      opened = true;
      resolve(bridge);
    });
    // An error is always followed by close, which settles everything; listening keeps it from
    // surfacing as an uncaught exception in Node's `ws`.
    socket.addEventListener('error', () => undefined);
    socket.addEventListener('close', () => {
      if (!opened) reject(new Error(`The Firth host at ${url.replace(/token=[^&]+/, 'token=…')} refused the connection (is the token right?)`));
      for (const settle of pending.values()) settle(connectionLost());
      pending.clear();
      for (const listener of closeListeners.splice(0)) listener();
    });
    socket.addEventListener('message', (event) => {
      const parsed = ServerMessageSchema.safeParse(safeJson(event.data));
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'reply') {
        if (message.id === null) return;
        pending.get(message.id)?.(message.envelope as Envelope<unknown>);
        pending.delete(message.id);
      } else if (isEventName(message.event)) {
        for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
      }
    });

    const call = (method: string, input: unknown): Promise<Envelope<unknown>> =>
      new Promise((settle) => {
        if (socket.readyState !== OPEN) return settle(connectionLost());
        const id = nextId++;
        pending.set(id, settle);
        const message: CallMessage = { type: 'call', id, method, input };
        socket.send(JSON.stringify(message));
      });

    const bridge = {
      on(event: EventName, listener: (payload: unknown) => void) {
        listeners.get(event)?.add(listener);
        return () => void listeners.get(event)?.delete(listener);
      },
      close: () => socket.close(1000, 'client closed'),
      onClose: (listener: () => void) => void closeListeners.push(listener),
    } as WebSocketBridge;
    for (const method of methodNames) {
      (bridge as unknown as Record<string, unknown>)[method] = (input: unknown) => call(method, input);
    }
  });
}

function safeJson(data: unknown): unknown {
  try {
    return JSON.parse(typeof data === 'string' ? data : String(data));
  } catch {
    return undefined;
  }
}
