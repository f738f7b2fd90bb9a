import { createWriteStream, existsSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { makeFolder } from '../engine/io/make-folder';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { temporaryNameFor } from '../engine/io/temporary-name';
import { FirthError } from '../shared/errors';
import { fileErrorReason } from '../engine/io/file-error-reasons';

class UploadTooLarge extends Error {}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${bytes / 1024 ** 3} GB` : bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(0)} MB` : `${bytes} bytes`;
}

/** Corpora can be large; anything bigger is refused before it fills the disk. */
export const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

/**
 * POST /upload?name=FILE: the browser's way to hand the host a corpus (it cannot pass a path). The
 * body is streamed to `<data>/uploads/`, under a safe name that never overwrites an earlier upload,
 * written to a temporary file first; the reply is `{ "path": … }` for setProjectCorpus.
 */
export async function receiveUpload(request: IncomingMessage, response: ServerResponse, name: string, uploadsFolder: string, maxBytes = MAX_UPLOAD_BYTES): Promise<void> {
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };
  const tooLarge = { error: { code: 'invalid-input', message: `The file is larger than the upload limit (${formatBytes(maxBytes)})` } };
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    reply(413, tooLarge);
    request.resume();
    return;
  }
  const safe = safeFileName(name);
  if (!safe) {
    reply(400, { error: { code: 'invalid-input', message: 'The upload needs a file name (?name=…)', where: { field: 'name' } } });
    request.resume();
    return;
  }
  let target = join(uploadsFolder, safe);
  let temporary: string | undefined;
  // Counted as it arrives: a chunked body declares no length, and a declared one may lie.
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      callback(received > maxBytes ? new UploadTooLarge() : null, chunk);
    },
  });
  let sink: WriteStream | undefined;
  try {
    makeFolder(uploadsFolder);
    target = freeName(uploadsFolder, safe);
    temporary = temporaryNameFor(target, '.upload');
    sink = createWriteStream(temporary, { flags: 'wx' });
    await pipeline(request, counter, sink);
    renameSync(temporary, target);
    reply(200, { path: target });
  } catch (error) {
    // The file is opened asynchronously: wait until the stream has closed, or a file opened after
    // the removal would be left behind.
    if (sink && !sink.closed) await new Promise<void>((settle) => sink?.once('close', () => settle()));
    if (temporary) rmSync(temporary, { force: true });
    if (error instanceof UploadTooLarge) {
      response.setHeader('connection', 'close');
      reply(413, tooLarge);
      return;
    }
    const message = error instanceof FirthError ? error.message : `The upload failed: ${fileErrorReason(error)}`;
    reply(500, { error: { code: 'io', message, where: { file: target } } });
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
