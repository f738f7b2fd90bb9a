// A corpus is read, tokenized and counted once per setting, then reused by every run: an entry
// folder keyed by the file's SHA-256, the tokenizer options and the vocabulary options holds
// vocab.tsv, the ids (raw little-endian int32) and stats.json. stats.json is written last, so an
// entry without it is unfinished and is rebuilt. The file's hash is itself remembered by path, size
// and modification time, so an unchanged corpus is not even hashed again.
//
//   <cacheFolder>/corpus-<key>/{vocab.tsv, ids.i32, stats.json}
//   <cacheFolder>/file-hashes/<sha256 of path, size, mtime>.json

import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { makeFolder } from '../io/make-folder';
import { fileErrorReason } from '../io/file-error-reasons';
import { endianness } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { temporaryNameFor } from '../io/temporary-name';
import { trackTemporary, untrackTemporary } from '../io/tracked-temporaries';
import { FirthError } from '../../shared/errors';
import { writeFileAtomic } from '../io/atomic-write';
import { hashFile } from './hash-file';
import { throwIfCancelled } from '../long-work';
import { openCorpusFile } from './open-corpus-file';
import { prepareCorpusInWorker } from './prepare-corpus-in-worker';
import { prepareCorpus, resolveCorpusOptions, type CorpusOptions, type CorpusStatistics, type PreparedCorpus } from './prepare-corpus';
import type { ScanOptions } from './scan-corpus';
import { formatVocabularyTsv, parseVocabularyTsv } from './vocabulary-tsv';

/** Bump when the tokenizer's behaviour or the entry layout changes: old entries are then ignored. */
const cacheFormat = 1;

export interface CachedCorpus extends PreparedCorpus {
  /** The vocabulary and ids were read from the cache, not built from the corpus. */
  fromCache: boolean;
  /** The file's hash was taken from the path/size/mtime memo, so the corpus was not read at all. */
  hashFromMemo: boolean;
  /** The entry folder (holds vocab.tsv, ids.i32, stats.json). */
  entryFolder: string;
}

interface EntryStats {
  format: number;
  byteOrder: string;
  options: CorpusOptions;
  idsLength: number;
  statistics: CorpusStatistics;
}

interface FileIdentity {
  path: string;
  sizeBytes: number;
  modifiedMs: number;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function memoFile(cacheFolder: string, identity: FileIdentity): string {
  return join(cacheFolder, 'file-hashes', `${sha256(JSON.stringify(identity)).slice(0, 32)}.json`);
}

function entryFolderFor(cacheFolder: string, fileSha256: string, options: CorpusOptions): string {
  const key = { format: cacheFormat, corpus: fileSha256, ...options, maxSize: options.maxSize ?? null };
  return join(cacheFolder, `corpus-${sha256(JSON.stringify(key)).slice(0, 32)}`);
}

async function identify(file: string): Promise<FileIdentity> {
  // Opening runs every check a corpus must pass (exists, readable, a file, not empty) before any work.
  const opened = await openCorpusFile(file);
  await opened.handle.close();
  return { path: resolve(file), sizeBytes: opened.sizeBytes, modifiedMs: opened.modifiedMs };
}

function readMemo(cacheFolder: string, identity: FileIdentity): string | undefined {
  try {
    const memo = JSON.parse(readFileSync(memoFile(cacheFolder, identity), 'utf8')) as { sha256?: unknown };
    return typeof memo.sha256 === 'string' && /^[0-9a-f]{64}$/.test(memo.sha256) ? memo.sha256 : undefined;
  } catch {
    return undefined; // no memo yet, or a damaged one: hash the file
  }
}

function sameOptions(left: CorpusOptions, right: CorpusOptions): boolean {
  return (
    left.lowercase === right.lowercase &&
    left.tokenPattern === right.tokenPattern &&
    left.sentenceBoundary === right.sentenceBoundary &&
    (left.dropNumbers ?? false) === (right.dropNumbers ?? false) &&
    (left.dropPattern ?? '') === (right.dropPattern ?? '') &&
    left.minCount === right.minCount &&
    (left.maxSize ?? null) === (right.maxSize ?? null)
  );
}

/**
 * The ids file read straight into an Int32Array (no intermediate Buffer: a 1 GB corpus's ids would
 * otherwise be held twice while loading), or undefined when its length is wrong.
 */
function readIds(path: string, length: number): Int32Array | undefined {
  if (statSync(path).size !== length * 4) return undefined;
  const ids = new Int32Array(length);
  const bytes = new Uint8Array(ids.buffer);
  const descriptor = openSync(path, 'r');
  try {
    let read = 0;
    while (read < bytes.length) {
      const count = readSync(descriptor, bytes, read, Math.min(bytes.length - read, 1 << 26), read);
      if (count === 0) return undefined;
      read += count;
    }
  } finally {
    closeSync(descriptor);
  }
  return ids;
}

/** The entry's content, or undefined when it is missing, unfinished or damaged (then it is rebuilt). */
function readEntry(folder: string, options: CorpusOptions, file: string): PreparedCorpus | undefined {
  try {
    const stats = JSON.parse(readFileSync(join(folder, 'stats.json'), 'utf8')) as EntryStats;
    if (stats.format !== cacheFormat || stats.byteOrder !== endianness() || !sameOptions(stats.options, options)) return undefined;
    const vocabulary = parseVocabularyTsv(readFileSync(join(folder, 'vocab.tsv'), 'utf8'), join(folder, 'vocab.tsv'));
    if (vocabulary.words.length !== stats.statistics.vocabularySize) return undefined;
    const ids = readIds(join(folder, 'ids.i32'), stats.idsLength);
    if (!ids) return undefined;
    return { vocabulary, ids, options, statistics: { ...stats.statistics, file } };
  } catch {
    return undefined;
  }
}

/**
 * Writes the entry into a temporary folder beside it, renamed into place when complete: an entry
 * is there whole or not at all, and an unfinished one (a killed process) is a temporary name that
 * the next start removes.
 */
function writeEntry(folder: string, prepared: PreparedCorpus): void {
  makeFolder(dirname(folder));
  const staging = temporaryNameFor(folder);
  trackTemporary(staging);
  try {
    makeFolder(staging);
    writeEntryFiles(staging, prepared);
    // What is there was found unusable (unfinished, damaged, another format): it is replaced.
    rmSync(folder, { recursive: true, force: true });
    try {
      renameSync(staging, folder);
    } catch (error) {
      // Another process finished the same entry meanwhile: theirs is as good as ours.
      if (!existsSync(join(folder, 'stats.json'))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
    untrackTemporary(staging);
  }
}

function writeEntryFiles(folder: string, prepared: PreparedCorpus): void {
  writeFileAtomic(join(folder, 'vocab.tsv'), formatVocabularyTsv(prepared.vocabulary));
  writeFileAtomic(join(folder, 'ids.i32'), new Uint8Array(prepared.ids.buffer, prepared.ids.byteOffset, prepared.ids.byteLength));
  const stats: EntryStats = {
    format: cacheFormat,
    byteOrder: endianness(),
    options: prepared.options,
    idsLength: prepared.ids.length,
    statistics: prepared.statistics,
  };
  writeFileAtomic(join(folder, 'stats.json'), `${JSON.stringify(stats, null, 2)}\n`);
}

/**
 * The corpus's vocabulary and ids for these options: from the cache when an entry exists, else built
 * and stored. Options are checked first, then the file (exists, readable, not empty), before any work.
 * With `separateThread` the corpus is prepared in a thread of its own (prepare-corpus-in-worker.ts),
 * so the process does not keep the memory the preparation used.
 */
export async function loadOrBuildCorpus(
  file: string,
  options: Partial<CorpusOptions>,
  cacheFolder: string,
  work: ScanOptions & { separateThread?: boolean } = {},
): Promise<CachedCorpus> {
  const resolved = resolveCorpusOptions(options);
  throwIfCancelled(work.signal);
  const identity = await identify(file);
  const memorised = readMemo(cacheFolder, identity);
  const fileSha256 = memorised ?? (await hashFile(file, work));
  const cachedFolder = entryFolderFor(cacheFolder, fileSha256, resolved);
  const cached = readEntry(cachedFolder, resolved, file);
  if (cached) {
    if (!memorised) writeMemo(cacheFolder, identity, fileSha256);
    return { ...cached, fromCache: true, hashFromMemo: memorised !== undefined, entryFolder: cachedFolder };
  }

  const { separateThread, ...scanOptions } = work;
  const prepared = separateThread ? await prepareCorpusInWorker(file, resolved, scanOptions) : await prepareCorpus(file, resolved, scanOptions);
  // The scan hashes what it reads: if the file changed since it was identified, file under the new hash.
  const folder = entryFolderFor(cacheFolder, prepared.statistics.sha256, resolved);
  try {
    writeEntry(folder, prepared);
    const after = await identify(file);
    if (after.sizeBytes === identity.sizeBytes && after.modifiedMs === identity.modifiedMs) {
      writeMemo(cacheFolder, identity, prepared.statistics.sha256);
    }
  } catch (error) {
    if (error instanceof FirthError) throw error;
    throw new FirthError('io', `Cannot write the corpus cache in ${cacheFolder}: ${fileErrorReason(error)}`, { file: cacheFolder });
  }
  return { ...prepared, fromCache: false, hashFromMemo: memorised !== undefined, entryFolder: folder };
}

/** Best effort: without the memo the next call hashes the file again, which is slower but correct. */
function writeMemo(cacheFolder: string, identity: FileIdentity, fileSha256: string): void {
  try {
    makeFolder(join(cacheFolder, 'file-hashes'));
    writeFileAtomic(memoFile(cacheFolder, identity), `${JSON.stringify({ ...identity, sha256: fileSha256 })}\n`);
  } catch {
    // a read-only or full cache folder must not fail a corpus that is otherwise ready
  }
}

/**
 * The statistics of a corpus already in the cache for these options, without reading its ids or
 * hashing the file: undefined when the file's hash is not memorised or no entry matches. For figures
 * shown before a run (the Runs form's time and memory estimate), never for training.
 */
export async function peekCachedCorpus(file: string, options: Partial<CorpusOptions>, cacheFolder: string): Promise<(CorpusStatistics & { ids: number }) | undefined> {
  try {
    const resolved = resolveCorpusOptions(options);
    const fileSha256 = readMemo(cacheFolder, await identify(file));
    if (!fileSha256) return undefined;
    const stats = JSON.parse(readFileSync(join(entryFolderFor(cacheFolder, fileSha256, resolved), 'stats.json'), 'utf8')) as EntryStats;
    if (stats.format !== cacheFormat || !sameOptions(stats.options, resolved)) return undefined;
    return { ...stats.statistics, file, ids: stats.idsLength };
  } catch {
    return undefined;
  }
}
