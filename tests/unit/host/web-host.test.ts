import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventPayload } from '../../../src/shared/contract';
import { FirthError } from '../../../src/shared/errors';
import { createClient } from '../../../src/shared/transport/bridge';
import { connectWebSocketBridge, type WebSocketLike } from '../../../src/shared/transport/websocket-bridge';
import { startWebHost, type WebHost } from '../../../src/host/web-host';
import { useTempFolders } from '../../helpers/temp-folder';
import { testWorkbench } from '../../helpers/workbench';

const tempFolder = useTempFolders();
const hosts: WebHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

async function startTestHost() {
  const renderer = tempFolder();
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Firth</title>');
  mkdirSync(join(renderer, 'assets'));
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  const data = tempFolder();
  writeFileSync(join(data, 'secret.txt'), 'do not serve');
  const workbench = testWorkbench(data, { face: 'web' });
  const host = await startWebHost({ workbench, rendererFolder: renderer, port: 0 });
  hosts.push(host);
  return { host, data };
}

const socketUrl = (host: WebHost, token = host.token) => `ws://127.0.0.1:${host.port}/ws?token=${token}`;
const openSocket = (headers: Record<string, string> = {}) => (url: string) => new WebSocket(url, { headers }) as unknown as WebSocketLike;

function get(host: WebHost, path: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port: host.port, path }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('web host', () => {
  it('prints a loopback URL with a random token', async () => {
    const { host } = await startTestHost();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    const other = await startWebHost({ workbench: testWorkbench(tempFolder()), rendererFolder: tempFolder(), port: 0 });
    hosts.push(other);
    expect(other.token).not.toBe(host.token);
  });

  it('carries the whole contract over the WebSocket, events included', async () => {
    const { host } = await startTestHost();
    const bridge = await connectWebSocketBridge(socketUrl(host), openSocket());
    const client = createClient(bridge);
    const events: EventPayload<'projectsChanged'>[] = [];
    client.on('projectsChanged', (event) => events.push(event));

    const info = await client.getSystemInfo({});
    expect(info.face).toBe('web');
    expect(info.backends.map((backend) => backend.name).sort()).toEqual(['cpu', 'gpu', 'webasm']);
    const created = await client.createProject({ name: 'Over the wire' });
    expect((await client.listProjects({})).projects).toEqual([{ status: 'ok', project: created }]);
    expect(await client.openProject({ id: created.id })).toEqual(created);
    expect((await client.setSettings({ threads: 1 })).threads).toBe(1);
    expect((await client.getSettings({})).threads).toBe(1);
    await client.deleteProject({ id: created.id });
    expect((await client.listProjects({})).projects).toEqual([]);
    await expect.poll(() => events).toEqual([
      { reason: 'created', id: created.id },
      { reason: 'deleted', id: created.id },
    ]);

    const failure = await client.createProject({ name: 'a/b' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FirthError);
    expect(failure).toMatchObject({ code: 'invalid-input', where: { field: 'name' } });
    bridge.close();
  });

  it('answers unreadable and unknown messages with typed errors and keeps serving', async () => {
    const { host } = await startTestHost();
    const socket = new WebSocket(socketUrl(host));
    await new Promise((resolve) => socket.once('open', resolve));
    const replies: unknown[] = [];
    socket.on('message', (data) => replies.push(JSON.parse(data.toString())));
    socket.send('this is not json');
    socket.send(JSON.stringify({ type: 'call', id: 7, method: 'rm -rf', input: {} }));
    socket.send(JSON.stringify({ type: 'call', id: 8, method: 'openProject', input: { id: 5 } }));
    socket.send(Buffer.from([0, 1, 2]), { binary: true });
    socket.send(JSON.stringify({ type: 'call', id: 9, method: 'listProjects', input: {} }));
    await expect.poll(() => replies.length).toBe(5);
    // Replies to unreadable messages come at once, the others after the service answers.
    expect(replies).toEqual(expect.arrayContaining([
      { type: 'reply', id: null, envelope: { ok: false, error: expect.objectContaining({ code: 'invalid-input' }) } },
      { type: 'reply', id: 7, envelope: { ok: false, error: expect.objectContaining({ code: 'not-found' }) } },
      { type: 'reply', id: 8, envelope: { ok: false, error: expect.objectContaining({ code: 'invalid-input', where: { field: 'id' } }) } },
      { type: 'reply', id: null, envelope: { ok: false, error: expect.objectContaining({ code: 'invalid-input' }) } },
      { type: 'reply', id: 9, envelope: { ok: true, value: { projects: [] } } },
    ]));
    socket.close();
  });

  it('refuses a wrong or missing token and a foreign origin', async () => {
    const { host } = await startTestHost();
    await expect(connectWebSocketBridge(socketUrl(host, 'wrong'), openSocket())).rejects.toThrow(/refused the connection/);
    await expect(connectWebSocketBridge(`ws://127.0.0.1:${host.port}/ws`, openSocket())).rejects.toThrow(/refused/);
    await expect(connectWebSocketBridge(socketUrl(host), openSocket({ origin: 'https://evil.example' }))).rejects.toThrow(/refused/);
    const ownOrigin = await connectWebSocketBridge(socketUrl(host), openSocket({ origin: `http://127.0.0.1:${host.port}` }));
    expect((await ownOrigin.listProjects({})).ok).toBe(true);
    ownOrigin.close();
  });

  it('serves the renderer with its CSP and nothing outside it', async () => {
    const { host } = await startTestHost();
    const token = `token=${host.token}`;
    const index = await get(host, `/?${token}`);
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Firth</title>');
    expect(String(index.headers['content-security-policy'])).toContain("default-src 'self'");
    expect((await get(host, `/assets/app.js?${token}`)).headers['content-type']).toContain('text/javascript');
    expect((await get(host, `/missing.js?${token}`)).status).toBe(404);
    expect((await get(host, `/../secret.txt?${token}`)).body).not.toContain('do not serve');
    expect((await get(host, `/%2e%2e/%2e%2e/secret.txt?${token}`)).status).toBeGreaterThanOrEqual(400);
    expect((await get(host, `/%E0%A4%A?${token}`)).status).toBe(400);
  });

  it('tells pending calls when the host goes away', async () => {
    const { host } = await startTestHost();
    const bridge = await connectWebSocketBridge(socketUrl(host), openSocket());
    const closed = new Promise<void>((resolve) => bridge.onClose(resolve));
    await host.close();
    hosts.length = 0;
    await closed;
    expect(await bridge.listProjects({})).toMatchObject({ ok: false, error: { code: 'io', message: expect.stringContaining('lost') } });
  });
});

function post(host: WebHost, path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port: host.port, path, method: 'POST', headers: { 'content-length': Buffer.byteLength(body), ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('uploads to the web host', () => {
  it('stores a posted corpus under uploads/ with a safe, fresh name, behind the token', async () => {
    const { host, data } = await startTestHost();
    const first = await post(host, `/upload?token=${host.token}&name=${encodeURIComponent('../../etc/my corpus.txt')}`, 'a tiny corpus\n');
    expect(first.status).toBe(200);
    const path = JSON.parse(first.body).path as string;
    expect(path).toBe(join(data, 'uploads', 'my corpus.txt'));
    expect(readFileSync(path, 'utf8')).toBe('a tiny corpus\n');
    const second = await post(host, `/upload?token=${host.token}&name=my%20corpus.txt`, 'another');
    expect(JSON.parse(second.body).path).toBe(join(data, 'uploads', 'my corpus-1.txt'));
    expect(readFileSync(path, 'utf8')).toBe('a tiny corpus\n');

    expect((await post(host, '/upload?token=wrong&name=x.txt', 'x')).status).toBe(401);
    expect((await post(host, `/upload?token=${host.token}&name=x.txt`, 'x', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(host, `/upload?token=${host.token}`, 'x')).status).toBe(400);
    expect(readdirSync(join(data, 'uploads')).sort()).toEqual(['my corpus-1.txt', 'my corpus.txt']);
  });
});
