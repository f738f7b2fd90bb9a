import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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
  /** The largest upload accepted, declared or chunked (default MAX_UPLOAD_BYTES). */
  maxUploadBytes?: number;
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
      void receiveUpload(request, response, url.searchParams.get('name') ?? '', options.uploadsFolder ?? join(options.workbench.dataFolder, 'uploads'), options.maxUploadBytes);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    // The page and every file of it need the token too: in the URL (which then sets a cookie, so
    // the page's own scripts and styles load) or in that cookie.
    const fromUrl = url.searchParams.get(TOKEN_PARAMETER);
    if (fromUrl !== null ? !tokensMatch(fromUrl, token) : !tokensMatch(cookieToken(request), token)) {
      refusePage(response, fromUrl === null ? 'missing' : 'refused');
      return;
    }
    if (fromUrl !== null) response.setHeader('set-cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
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

const TOKEN_COOKIE = 'firth_token';

function cookieToken(request: IncomingMessage): string {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value.join('=');
  }
  return '';
}

/** 401 with a page that says how to get in (the app itself is never served without the token). */
function refusePage(response: ServerResponse, reason: 'missing' | 'refused'): void {
  const why = reason === 'refused' ? '<p>The token in this address was refused.</p>' : '';
  response
    .writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'", 'cache-control': 'no-store' })
    .end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Firth</title></head><body><main data-testid="token-required"><h1>Firth</h1>${why}<p>Open the URL that firth serve printed, including its token.</p></main></body></html>`,
    );
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
