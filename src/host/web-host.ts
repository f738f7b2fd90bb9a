import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { FirthError, serializeError } from '../shared/errors';
import { CallMessageSchema, TOKEN_PARAMETER, UPLOAD_PATH, WEBSOCKET_PATH, type ServerMessage } from '../shared/transport/websocket-protocol';
import { createDispatcher } from '../workbench/dispatch';
import type { Workbench } from '../workbench/workbench';
import { serveStatic } from './static-files';
import { receiveUpload } from './upload';

export interface WebHostOptions {
  workbench: Workbench;
  /** The built renderer (out/renderer). */
  rendererFolder: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; otherwise a random one per start. */
  token?: string;
  /** Where browser uploads go (default: the data folder's uploads/). */
  uploadsFolder?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Only loopback: the host hands out the user's files and must never face the network. */
export const HOST_ADDRESS = '127.0.0.1';
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Serves the renderer and the service contract over a WebSocket, on 127.0.0.1, behind a token. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const dispatch = createDispatcher(options.workbench);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${HOST_ADDRESS}`);
    if (url.pathname === UPLOAD_PATH && request.method === 'POST') {
      const refusal = refuseCaller(url, request, token, boundPort());
      if (refusal) {
        response.writeHead(Number(refusal.slice(0, 3))).end();
        request.resume();
        return;
      }
      void receiveUpload(request, response, url.searchParams.get('name') ?? '', options.uploadsFolder ?? join(options.workbench.dataFolder, 'uploads'));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(options.rendererFolder, url.pathname, response);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (request, socket, head) => {
    const refusal = refuseUpgrade(request, token, boundPort());
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => serveConnection(webSocket));
  });

  function serveConnection(webSocket: WebSocket): void {
    const send = (message: ServerMessage) => {
      if (webSocket.readyState === webSocket.OPEN) webSocket.send(JSON.stringify(message));
    };
    const unsubscribe = options.workbench.onAny((event, payload) => send({ type: 'event', event, payload }));
    webSocket.on('close', unsubscribe);
    webSocket.on('error', unsubscribe);
    webSocket.on('message', async (data, isBinary) => {
      const call = CallMessageSchema.safeParse(isBinary ? undefined : parseJson(data.toString()));
      if (!call.success) {
        const error = new FirthError('invalid-input', 'Unreadable message: expected JSON {type: "call", id, method, input}');
        send({ type: 'reply', id: null, envelope: { ok: false, error: serializeError(error) } });
        return;
      }
      const envelope = await dispatch(call.data.method, call.data.input);
      send({ type: 'reply', id: call.data.id, envelope });
    });
  }

  const boundPort = () => (server.address() as AddressInfo | null)?.port ?? 0;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new FirthError('invalid-input', `Port ${options.port} is already in use: pick another with --port`, { field: 'port' })
          : error,
      ),
    );
    server.listen(options.port ?? 0, HOST_ADDRESS, resolve);
  });
  const port = boundPort();
  return {
    url: `http://${HOST_ADDRESS}:${port}/?${TOKEN_PARAMETER}=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Returns an HTTP status line when the upgrade must be refused, else undefined. */
function refuseUpgrade(request: IncomingMessage, token: string, port: number): string | undefined {
  const url = new URL(request.url ?? '/', `http://${HOST_ADDRESS}`);
  if (url.pathname !== WEBSOCKET_PATH) return '404 Not Found';
  return refuseCaller(url, request, token, port);
}

/** Token and origin checks shared by the WebSocket and uploads. */
function refuseCaller(url: URL, request: IncomingMessage, token: string, port: number): string | undefined {
  if (!tokensMatch(url.searchParams.get(TOKEN_PARAMETER) ?? '', token)) return '401 Unauthorized';
  // A page from another site must not drive the service even if it learned the token.
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${HOST_ADDRESS}:${port}` && origin !== `http://localhost:${port}`) return '403 Forbidden';
  return undefined;
}

function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
