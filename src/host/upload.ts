import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { temporaryNameFor } from '../engine/io/temporary-name';

/** Corpora can be large; anything bigger is refused before it fills the disk. */
export const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

/**
 * POST /upload?name=FILE: the browser's way to hand the host a corpus (it cannot pass a path). The
 * body is streamed to `<data>/uploads/`, under a safe name that never overwrites an earlier upload,
 * written to a temporary file first; the reply is `{ "path": … }` for setProjectCorpus.
 */
export async function receiveUpload(request: IncomingMessage, response: ServerResponse, name: string, uploadsFolder: string): Promise<void> {
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) {
    reply(413, { error: { code: 'invalid-input', message: `The file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GB` } });
    request.resume();
    return;
  }
  const safe = safeFileName(name);
  if (!safe) {
    reply(400, { error: { code: 'invalid-input', message: 'The upload needs a file name (?name=…)', where: { field: 'name' } } });
    request.resume();
    return;
  }
  mkdirSync(uploadsFolder, { recursive: true });
  const target = freeName(uploadsFolder, safe);
  const temporary = temporaryNameFor(target, '.upload');
  try {
    await pipeline(request, createWriteStream(temporary, { flags: 'wx' }));
    renameSync(temporary, target);
    reply(200, { path: target });
  } catch (error) {
    rmSync(temporary, { force: true });
    reply(500, { error: { code: 'io', message: `The upload failed: ${(error as Error).message}`, where: { file: target } } });
  }
}

/** The last path segment, with only characters that are safe in a file name everywhere. */
function safeFileName(name: string): string {
  const last = basename(name.replaceAll('\\', '/'));
  const cleaned = last.replace(/[^\p{L}\p{N}._ -]/gu, '_').replace(/^\.+/, '').trim();
  return cleaned.slice(0, 200);
}

function freeName(folder: string, name: string): string {
  const extension = name.endsWith('.txt.gz') ? '.txt.gz' : extname(name);
  const stem = name.slice(0, name.length - extension.length);
  let candidate = join(folder, name);
  for (let copy = 1; existsSync(candidate); copy++) candidate = join(folder, `${stem}-${copy}${extension}`);
  return candidate;
}
