import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src/host/web-host';
import { useTempFolders } from '../helpers/temp-folder';
import { testWorkbench } from '../helpers/workbench';
import { tinyCorpusText } from './snapshot';

// The web host: the token for every request (the page too), the origin, traversal, malformed and
// huge messages, strict inputs, capped uploads, and one bad client never holding up the others.

const tempFolder = useTempFolders();
const hosts: WebHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

async function startHost(maxUploadBytes?: number) {
  const renderer = tempFolder();
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Firth app</title>');
  mkdirSync(join(renderer, 'assets'));
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  const data = tempFolder();
  writeFileSync(join(data, 'secret.txt'), 'do not serve');
  const host = await startWebHost({ workbench: testWorkbench(data, { face: 'web' }), rendererFolder: renderer, port: 0, maxUploadBytes });
  hosts.push(host);
  return { host, data };
}

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function http(host: WebHost, path: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer[]; chunked?: boolean } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: options.headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    outgoing.on('error', reject);
    if (options.chunked) outgoing.setHeader('transfer-encoding', 'chunked');
    for (const part of options.body ?? []) outgoing.write(part);
    outgoing.end();
  });
}

function socket(host: WebHost, headers: Record<string, string> = {}, token = host.token): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const client = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${token}`, { headers });
    client.once('open', () => resolve(client));
    client.once('unexpected-response', (_request, response) => reject(new Error(String(response.statusCode))));
    client.once('error', reject);
  });
}

let nextId = 1;
function call(client: WebSocket, raw: unknown): Promise<{ id: number | null; envelope: { ok: boolean; value?: unknown; error?: { code: string; message: string; where?: { field?: string } } } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString());
      if (message.type !== 'reply') return;
      client.off('message', onMessage);
      resolve(message);
    };
    client.on('message', onMessage);
    client.send(typeof raw === 'string' || Buffer.isBuffer(raw) ? raw : JSON.stringify(raw));
  });
}
const invoke = (client: WebSocket, method: string, input: unknown) => call(client, { type: 'call', id: nextId++, method, input });

describe('the token guards every request, the page included', () => {
  it('the page without the token: 401 and a page that says how to get in, not the app', async () => {
    const { host } = await startHost();
    const reply = await http(host, '/');
    expect(reply.status).toBe(401);
    expect(reply.body).toContain('data-testid="token-required"');
    expect(reply.body).not.toContain('Firth app');
  });
  it('the page with a wrong token says it was refused', async () => {
    const { host } = await startHost();
    const reply = await http(host, '/?token=wrong');
    expect(reply.status).toBe(401);
    expect(reply.body).toContain('refused');
  });
  it('the page with the token is served and sets an HttpOnly, SameSite cookie', async () => {
    const { host } = await startHost();
    const reply = await http(host, `/?token=${host.token}`);
    expect(reply.status).toBe(200);
    expect(String(reply.headers['set-cookie'])).toMatch(/firth_token=.*HttpOnly.*SameSite=Strict/);
  });
  it('the page\'s scripts load with the cookie', async () => {
    const { host } = await startHost();
    expect((await http(host, '/assets/app.js', { headers: { cookie: `firth_token=${host.token}` } })).status).toBe(200);
  });
  it('a script without token or cookie is refused', async () => {
    const { host } = await startHost();
    expect((await http(host, '/assets/app.js')).status).toBe(401);
  });
  it('a wrong cookie is refused', async () => {
    const { host } = await startHost();
    expect((await http(host, '/assets/app.js', { headers: { cookie: 'firth_token=guess' } })).status).toBe(401);
  });
  it('a WebSocket without the token is refused', async () => {
    const { host } = await startHost();
    await expect(socket(host, {}, '')).rejects.toThrow('401');
  });
  it('a WebSocket from another site is refused even with the token', async () => {
    const { host } = await startHost();
    await expect(socket(host, { origin: 'http://evil.example' })).rejects.toThrow('403');
  });
  it('an upload without the token is refused', async () => {
    const { host, data } = await startHost();
    expect((await http(host, '/upload?name=a.txt', { method: 'POST', body: [Buffer.from('a b')] })).status).toBe(401);
    expect(existsSync(join(data, 'uploads'))).toBe(false);
  });
  it('an upload from another site is refused', async () => {
    const { host } = await startHost();
    const reply = await http(host, `/upload?token=${host.token}&name=a.txt`, { method: 'POST', headers: { origin: 'http://evil.example' }, body: [Buffer.from('a')] });
    expect(reply.status).toBe(403);
  });
  it('other methods are refused', async () => {
    const { host } = await startHost();
    expect((await http(host, `/?token=${host.token}`, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('paths never leave the renderer folder', () => {
  const paths = ['/../secret.txt', '/%2e%2e/secret.txt', '/%2e%2e%2f%2e%2e%2fsecret.txt', '/assets/../../secret.txt', '/..%5csecret.txt'];
  it.each(paths)('%s', async (path) => {
    const { host } = await startHost();
    const reply = await http(host, `${path}?token=${host.token}`);
    expect(reply.body).not.toContain('do not serve');
    expect(reply.status).toBeGreaterThanOrEqual(400);
  });
});

describe('messages are validated strictly', () => {
  it('malformed JSON gets an error reply and the connection stays usable', async () => {
    const { host } = await startHost();
    const client = await socket(host);
    expect((await call(client, '{"type": "call", "id": 1,')).envelope.error?.code).toBe('invalid-input');
    expect((await invoke(client, 'listProjects', {})).envelope.ok).toBe(true);
    client.close();
  });
  it('a binary message is refused', async () => {
    const { host } = await startHost();
    const client = await socket(host);
    expect((await call(client, Buffer.from([1, 2, 3]))).envelope.error?.code).toBe('invalid-input');
    client.close();
  });
  it('an unknown method is named', async () => {
    const { host } = await startHost();
    const client = await socket(host);
    expect((await invoke(client, 'deleteEverything', {})).envelope.error).toMatchObject({ code: 'not-found', message: expect.stringContaining('deleteEverything') });
    client.close();
  });
  it('an unknown key in createProject is refused', async () => {
    const { host, data } = await startHost();
    const client = await socket(host);
    expect((await invoke(client, 'createProject', { name: 'P', colour: 'red' })).envelope.error?.code).toBe('invalid-input');
    expect(existsSync(join(data, 'projects'))).toBe(false);
    client.close();
  });
  it('an unknown training setting is refused, as the CLI does, naming it', async () => {
    const { host } = await startHost();
    const root = tempFolder();
    writeFileSync(join(root, 'corpus.txt'), tinyCorpusText());
    const client = await socket(host);
    const reply = await invoke(client, 'startTraining', { model: 'sgns', corpusFile: join(root, 'corpus.txt'), out: join(root, 'run'), settings: { dimensions: 4, windw: 3 } });
    expect(reply.envelope.error).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('unknown setting "windw"'), where: { field: 'settings.windw' } });
    expect(readdirSync(root)).toEqual(['corpus.txt']);
    client.close();
  });
  it('an unknown corpus setting is refused', async () => {
    const { host } = await startHost();
    const root = tempFolder();
    writeFileSync(join(root, 'corpus.txt'), tinyCorpusText());
    const client = await socket(host);
    const reply = await invoke(client, 'startTraining', { model: 'sppmi-svd', corpusFile: join(root, 'corpus.txt'), out: join(root, 'run'), corpus: { lowercased: true } });
    expect(reply.envelope.error?.code).toBe('invalid-input');
    client.close();
  });
  it('a learning rate that would diverge is refused before any work', async () => {
    const { host } = await startHost();
    const root = tempFolder();
    writeFileSync(join(root, 'corpus.txt'), tinyCorpusText());
    const client = await socket(host);
    const reply = await invoke(client, 'startTraining', { model: 'sgns', corpusFile: join(root, 'corpus.txt'), out: join(root, 'run'), settings: { alpha: 0.9 } });
    expect(reply.envelope.error).toMatchObject({ code: 'invalid-input', where: { field: 'settings.alpha' } });
    client.close();
  });
  it('a training run over a user folder with force is refused', async () => {
    const { host } = await startHost();
    const root = tempFolder();
    writeFileSync(join(root, 'corpus.txt'), tinyCorpusText());
    mkdirSync(join(root, 'mine'));
    writeFileSync(join(root, 'mine', 'keep.txt'), 'keep');
    const client = await socket(host);
    const reply = await invoke(client, 'startTraining', { model: 'sppmi-svd', corpusFile: join(root, 'corpus.txt'), out: join(root, 'mine'), force: true });
    expect(reply.envelope.error).toMatchObject({ code: 'already-exists', message: expect.stringContaining('not a Firth run folder') });
    expect(readdirSync(join(root, 'mine'))).toEqual(['keep.txt']);
    client.close();
  });
  it('a message over the size limit closes that connection only', async () => {
    const { host } = await startHost();
    const big = await socket(host);
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send(JSON.stringify({ type: 'call', id: 1, method: 'listProjects', input: { padding: 'x'.repeat(17 * 1024 * 1024) } }));
    expect(await closed).toBe(1009);
    const other = await socket(host);
    expect((await invoke(other, 'listProjects', {})).envelope.ok).toBe(true);
    other.close();
  });
});

describe('one bad request never blocks the others', () => {
  it.runIf(process.platform === 'linux')('a project folder under /proc fails while another client is answered', async () => {
    const { host } = await startHost();
    const [first, second] = await Promise.all([socket(host), socket(host)]);
    const [bad, good] = await Promise.all([invoke(first, 'createProject', { name: 'P', folder: '/proc/self/firth-x' }), invoke(second, 'listProjects', {})]);
    expect(bad.envelope.error?.message).toContain('/proc/self/firth-x');
    expect(good.envelope.ok).toBe(true);
    first.close();
    second.close();
  });
  it.runIf(process.platform === 'linux')('a named pipe as a corpus fails at once for that client', async () => {
    const { host, data } = await startHost();
    const client = await socket(host);
    const project = (await invoke(client, 'createProject', { name: 'Pipe' })).envelope.value as { id: string };
    const pipe = join(data, 'pipe');
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [pipe]);
    const reply = await invoke(client, 'setProjectCorpus', { id: project.id, corpus: { file: pipe, settings: {} } });
    expect(reply.envelope.error?.message).toMatch(/named pipe/);
    client.close();
  });
  it('eight clients at once all get their own answers', async () => {
    const { host } = await startHost();
    const clients = await Promise.all(Array.from({ length: 8 }, () => socket(host)));
    const replies = await Promise.all(clients.map((client, index) => invoke(client, 'createProject', { name: `Client ${index}` })));
    expect(replies.map((reply) => (reply.envelope.value as { name: string }).name).sort()).toEqual(Array.from({ length: 8 }, (_, index) => `Client ${index}`).sort());
    for (const client of clients) client.close();
  });
});

describe('uploads are capped whatever their encoding', () => {
  it('a declared length over the cap is refused before reading', async () => {
    const { host, data } = await startHost(1000);
    const reply = await http(host, `/upload?token=${host.token}&name=big.txt`, { method: 'POST', headers: { 'content-length': '5000' }, body: [Buffer.alloc(5000, 97)] });
    expect(reply.status).toBe(413);
    expect(existsSync(join(data, 'uploads')) ? readdirSync(join(data, 'uploads')) : []).toEqual([]);
  });
  it('a chunked body over the cap is cut off, and nothing is kept', async () => {
    const { host, data } = await startHost(1000);
    const reply = await http(host, `/upload?token=${host.token}&name=big.txt`, { method: 'POST', chunked: true, body: Array.from({ length: 10 }, () => Buffer.alloc(400, 97)) });
    expect(reply.status).toBe(413);
    expect(reply.body).toContain('upload limit');
    expect(readdirSync(join(data, 'uploads'))).toEqual([]);
  });
  it('a chunked body within the cap is stored', async () => {
    const { host, data } = await startHost(1000);
    const reply = await http(host, `/upload?token=${host.token}&name=small.txt`, { method: 'POST', chunked: true, body: [Buffer.from('a b '), Buffer.from('c d')] });
    expect(reply.status).toBe(200);
    expect(readdirSync(join(data, 'uploads'))).toEqual(['small.txt']);
  });
  it('an upload name that climbs out of the folder stays inside it', async () => {
    const { host, data } = await startHost(1000);
    const reply = await http(host, `/upload?token=${host.token}&name=${encodeURIComponent('../../evil.txt')}`, { method: 'POST', body: [Buffer.from('x')] });
    expect(reply.status).toBe(200);
    expect(readdirSync(join(data, 'uploads'))).toEqual(['evil.txt']);
  });
});
