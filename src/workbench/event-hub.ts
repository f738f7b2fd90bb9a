import { eventNames, type EventListener, type EventName, type EventPayload, type FirthEvents } from '../shared/contract';

export type AnyEventListener = (event: EventName, payload: unknown) => void;

/** The service's event streams: transports subscribe to all events, in-process clients to one. */
export class EventHub implements FirthEvents {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>(eventNames.map((name) => [name, new Set()]));
  private readonly allListeners = new Set<AnyEventListener>();

  on<E extends EventName>(event: E, listener: EventListener<E>): () => void {
    const set = this.listeners.get(event)!;
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => void set.delete(wrapped);
  }

  onAny(listener: AnyEventListener): () => void {
    this.allListeners.add(listener);
    return () => void this.allListeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event)!) safely(() => listener(payload));
    for (const listener of this.allListeners) safely(() => listener(event, payload));
  }
}

/** One failing listener (a closed socket, a destroyed window) must not stop the others. */
function safely(call: () => void): void {
  try {
    call();
  } catch (error) {
    process.emitWarning(`Event listener failed: ${(error as Error).message}`);
  }
}
