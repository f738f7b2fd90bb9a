// `npm start`, first step: make sure Electron's binary is in node_modules/electron/dist. `npm ci` runs
// no install scripts (package.json: allowScripts electron false, so installing downloads nothing), and
// electron-vite's preview reads node_modules/electron/path.txt without fetching anything. So the
// binary is fetched here, on the first start, by Electron's own installer (install.js, which returns
// at once when the binary is already there). When the download fails this prints one line that names
// the cause and the way that needs no download (`npm run serve`), and exits 1.
//
//   tsx scripts/fetch-electron.ts

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const electronFolder = join(root, 'node_modules', 'electron');
const installer = join(electronFolder, 'install.js');
const defaultMirror = 'https://github.com/electron/electron/releases/download/';
const proxyVariables = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

function fail(cause: string): never {
  console.error(`npm start: Electron's binary could not be downloaded (${cause}). Run the same app in a browser instead: npm run serve`);
  process.exit(1);
}

/** Whether node_modules/electron already holds a binary: path.txt names it and dist/ has it. */
function binaryPresent(): boolean {
  const pathFile = join(electronFolder, 'path.txt');
  return existsSync(pathFile) && existsSync(join(electronFolder, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

/** Where install.js downloads from: Electron's mirror variables, else GitHub's releases. */
function downloadBase(): string {
  return process.env.ELECTRON_MIRROR ?? process.env.npm_config_electron_mirror ?? defaultMirror;
}

function configuredProxy(): string | undefined {
  return proxyVariables.find((name) => process.env[name]);
}

/** The cause in the installer's own error text, when it names one (an HTTP status, a disk error). */
function causeFromInstallerOutput(output: string): string | undefined {
  const status = /Response code (\d+)/.exec(output)?.[1];
  if (status === '407') return 'the proxy asks for credentials (HTTP 407)';
  if (status === '403' || status === '451') return `the download host refused it (HTTP ${status}): a blocked host or a filtering proxy`;
  if (status) return `the download host answered HTTP ${status}`;
  if (/checksum|sha256/i.test(output)) return 'the downloaded file failed its checksum: a proxy changed it, or the download broke off';
  const fileError = /\b(ENOSPC|EACCES|EPERM|EROFS)\b/.exec(output)?.[1];
  if (fileError) return `cannot write into ${electronFolder} (${fileError})`;
  if (/not available on platform/.test(output)) return `Electron has no build for ${process.platform}`;
  return undefined;
}

interface NetworkError {
  name?: string;
  code?: string;
  cause?: { code?: string; message?: string };
}

/**
 * Electron's installer reports a network failure as a bare "fetch failed": ask the download host once
 * more, briefly, to name why (the installer's fetch and this one go the same way, without a proxy unless
 * ELECTRON_GET_USE_PROXY is set).
 */
async function causeFromNetwork(): Promise<string | undefined> {
  const base = downloadBase();
  const host = new URL(base).host;
  const proxy = configuredProxy();
  const proxyHint = proxy && !process.env.ELECTRON_GET_USE_PROXY ? `; ${proxy} is set but the download ignores it unless ELECTRON_GET_USE_PROXY=1` : '';
  try {
    await fetch(base, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    return undefined;
  } catch (error) {
    const problem = error as NetworkError;
    const code = problem.cause?.code ?? problem.code ?? problem.name;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `no network: the name ${host} does not resolve${proxyHint}`;
    if (code === 'ECONNREFUSED') return `${host} refused the connection: a blocked host or a firewall${proxyHint}`;
    if (code === 'ECONNRESET') return `the connection to ${host} was reset: a blocked host or a filtering proxy${proxyHint}`;
    if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH') return `no network: ${host} is unreachable${proxyHint}`;
    if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'TimeoutError') return `${host} did not answer within 10 s: a blocked host or a firewall${proxyHint}`;
    if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `${host}'s certificate is not trusted (${code}): a proxy that inspects HTTPS; set NODE_EXTRA_CA_CERTS to its certificate`;
    return `${host}: ${problem.cause?.message ?? code ?? 'network error'}${proxyHint}`;
  }
}

async function main(): Promise<void> {
  if (!existsSync(installer)) fail(`${installer} is missing: run npm install first`);
  if (binaryPresent()) {
    // install.js also checks the version; it returns at once when nothing is to be done.
    if (spawnSync(process.execPath, [installer], { stdio: 'ignore' }).status === 0) return;
  }
  const version = (JSON.parse(readFileSync(join(electronFolder, 'package.json'), 'utf8')) as { version: string }).version;
  console.log(`First start: downloading Electron ${version} for ${process.platform}-${process.arch} (about 100 MB, once) from ${new URL(downloadBase()).host}…`);
  const result = spawnSync(process.execPath, [installer], { cwd: electronFolder, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.status === 0 && binaryPresent()) return;
  const output = result.stderr ?? '';
  fail(causeFromInstallerOutput(output) ?? (await causeFromNetwork()) ?? (output.trim().split('\n')[0] || `install.js exited with ${result.status}`));
}

await main();
