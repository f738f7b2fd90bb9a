import type { FirthClient } from '@shared/contract';
import { createClient } from '@shared/transport/bridge';
import { connectWebSocketBridge } from '@shared/transport/websocket-bridge';
import { TOKEN_PARAMETER, WEBSOCKET_PATH } from '@shared/transport/websocket-protocol';

/** How the renderer reached the service, or why it could not. */
export type Connection =
  | {
      status: 'connected';
      client: FirthClient;
      /** Registers a listener for a dropped connection; Electron IPC never drops. */
      onDisconnect: (listener: () => void) => void;
    }
  /** Web face only: the page was opened without the token `firth serve` printed, or with a wrong one. */
  | { status: 'needs-token'; reason: 'missing' | 'refused' };

/** Where the web host's socket is, given the page's address; null when the address has no token. */
export function webSocketUrl(location: Pick<Location, 'host' | 'search'>): string | null {
  const token = new URLSearchParams(location.search).get(TOKEN_PARAMETER);
  if (!token) return null;
  return `ws://${location.host}${WEBSOCKET_PATH}?${TOKEN_PARAMETER}=${encodeURIComponent(token)}`;
}

/** Electron's preload bridge when there is one, else the web host's WebSocket. */
export async function connect(): Promise<Connection> {
  if (window.firth) {
    return { status: 'connected', client: createClient(window.firth), onDisconnect: () => {} };
  }
  const url = webSocketUrl(window.location);
  if (url === null) return { status: 'needs-token', reason: 'missing' };
  try {
    const bridge = await connectWebSocketBridge(url, (socketUrl) => new WebSocket(socketUrl));
    return { status: 'connected', client: createClient(bridge), onDisconnect: (listener) => bridge.onClose(listener) };
  } catch {
    // The socket closed before it opened: the host refused the token, or it is no longer running.
    return { status: 'needs-token', reason: 'refused' };
  }
}
