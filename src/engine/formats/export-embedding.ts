import { rmdirSync, statSync } from 'node:fs';
import { makeFolder } from '../io/make-folder';
import { checkExportTargetsReplaceable, moveFilesToTrash, pathExists } from '../io/replace-with-trash';
import { basename, join } from 'node:path';
import { FirthError } from '../../shared/errors';
import { commitStagedFiles, discardStagedFiles, stageFile, type Chunks, type StagedFile } from './atomic-files';
import { csvChunks } from './csv';
import { checkEmbedding, takeTopRows, type Embedding } from './embedding';
import { findNonFinite } from './embedding-builder';
import { gloveTextChunks } from './glove-text';
import { embeddingFormats, type EmbeddingFormat } from './import-types';
import { npyBundleFiles } from './npy-bundle';
import { projectorBundleFiles } from './projector';
import { word2vecBinaryChunks } from './word2vec-binary';
import { word2vecTextChunks } from './word2vec-text';
import type { RowCounter } from './text-rows';
import { throwIfCancelled, trackPhase, type ProgressListener } from '../long-work';

/**
 * What the caller knows about where the vectors came from; written into the manifest as given.
 * Extra keys are kept.
 */
export interface ExportProvenance {
  appVersion: string;
  /** 'w', 'c', 'w+c', or a description for imported vectors. */
  matrix: string;
  /** e.g. 'none' or 'l2'. */
  normalization: string;
  corpusHash?: string;
  settings?: Record<string, unknown>;
  seed?: number;
  [key: string]: unknown;
}

export interface ExportOptions {
  format: EmbeddingFormat;
  /**
   * A file for word2vec-text, word2vec-binary, glove and csv (the manifest goes beside it as
   * `<out>.manifest.json`); a folder for npy and projector (created if missing; the manifest goes in
   * it as manifest.json).
   */
  out: string;
  /** Only the first (most frequent) N words. */
  top?: number;
  /**
   * Replace an earlier export (files with its manifest beside them); without it an export that would
   * overwrite anything writes nothing. Files that are not an earlier export are never replaced.
   */
  force?: boolean;
  /** The data folder's trash: where `force` moves the files it replaces. */
  trashFolder?: string;
  manifest: ExportProvenance;
  /** The Projector's tensorName. */
  name?: string;
  /** Stops the export: the temporary files are removed and nothing is put in place. */
  signal?: AbortSignal;
  /** Rows written (phase 'export'), over every file that holds the vectors. */
  onProgress?: ProgressListener;
}

export interface ExportedFile {
  path: string;
  sizeBytes: number;
  sha256: string;
}

export interface ExportResult {
  format: EmbeddingFormat;
  rows: number;
  dimensions: number;
  /** Every file written, the manifest last. */
  files: ExportedFile[];
  manifestFile: string;
}

const folderFormats = new Set<EmbeddingFormat>(['npy', 'projector']);

function singleFileChunks(format: EmbeddingFormat, embedding: Embedding, onRows: RowCounter): Chunks {
  switch (format) {
    case 'word2vec-text':
      return word2vecTextChunks(embedding, onRows);
    case 'word2vec-binary':
      return word2vecBinaryChunks(embedding, onRows);
    case 'glove':
      return gloveTextChunks(embedding, onRows);
    case 'csv':
      return csvChunks(embedding, onRows);
    default:
      throw new FirthError('internal', `${format} is not a single-file format`);
  }
}

/** How many files of a format hold every row of vectors (the Projector writes them as text and as bytes). */
const vectorFilesOf = (format: EmbeddingFormat): number => (format === 'projector' ? 2 : 1);

/** The files of one export by target path (manifest excluded); generators run only when staged. */
function plannedFiles(embedding: Embedding, options: ExportOptions, onRows: RowCounter): Array<{ path: string; chunks: Chunks }> {
  if (!folderFormats.has(options.format)) return [{ path: options.out, chunks: singleFileChunks(options.format, embedding, onRows) }];
  const files = options.format === 'npy' ? npyBundleFiles(embedding, onRows) : projectorBundleFiles(embedding, options.name ?? 'embedding', onRows);
  return files.map((file) => ({ path: join(options.out, file.name), chunks: file.chunks }));
}

function manifestPath(options: ExportOptions): string {
  return folderFormats.has(options.format) ? join(options.out, 'manifest.json') : `${options.out}.manifest.json`;
}

/**
 * Writes an embedding (all words or the top N) in one format, with a manifest.json beside it that
 * records the provenance given, the format, the size and a SHA-256 of every file. Files are written
 * to temporary names first and moved into place together at the end, so a failure or a clash
 * leaves no partial export; nothing is overwritten unless `force`.
 */
export async function exportEmbedding(embedding: Embedding, options: ExportOptions): Promise<ExportResult> {
  if (!embeddingFormats.includes(options.format)) {
    throw new FirthError('invalid-input', `format must be one of ${embeddingFormats.join(', ')} (got "${options.format}")`, { field: 'format' });
  }
  checkEmbedding(embedding);
  const selected = takeTopRows(embedding, options.top);
  for (let row = 0; row < selected.words.length; row++) {
    const reason = findNonFinite(selected.vectors, row * selected.dimensions, selected.dimensions);
    if (reason) throw new FirthError('invalid-input', `Cannot export "${selected.words[row]}" (row ${row + 1}): ${reason}`, { field: 'vectors' });
  }
  const force = options.force ?? false;
  throwIfCancelled(options.signal);
  // Progress in rows formatted; each chunk hands the event loop back (pause) so a cancel can arrive.
  let rowsDone = 0;
  const progress = trackPhase('export', selected.words.length * vectorFilesOf(options.format), 'rows', { signal: options.signal, onProgress: options.onProgress });
  const files = plannedFiles(selected, options, (rows) => {
    rowsDone += rows;
    progress.update(rowsDone);
  });
  const manifestFile = manifestPath(options);
  let createdFolder: string | undefined;
  if (folderFormats.has(options.format)) {
    let isFolder = true;
    try {
      isFolder = statSync(options.out).isDirectory();
    } catch {
      createdFolder = makeFolder(options.out);
    }
    if (!isFolder) throw new FirthError('already-exists', `${options.out} is a file; the ${options.format} export needs a folder there`, { file: options.out });
  }
  const targets = [...files.map((file) => file.path), manifestFile];
  checkExportTargetsReplaceable(targets, manifestFile, force);
  if (force && targets.some(pathExists) && !options.trashFolder) {
    throw new FirthError('internal', `Replacing the export at ${options.out} needs the data folder's trash, and none was given`, { file: options.out });
  }

  const staged: StagedFile[] = [];
  try {
    for (const file of files) staged.push(await stageFile(file.path, pausing(file.chunks, () => progress.pause(rowsDone))));
    progress.finish();
    const written = staged.map((file) => ({ name: basename(file.target), sizeBytes: file.sizeBytes, sha256: file.sha256 }));
    const manifest = {
      ...options.manifest,
      export: {
        format: options.format,
        words: selected.words.length,
        dimensions: selected.dimensions,
        top: options.top ?? null,
        hasCounts: selected.counts !== undefined,
        createdAt: new Date().toISOString(),
        files: written,
      },
    };
    staged.push(await stageFile(manifestFile, [JSON.stringify(manifest, null, 2) + '\n']));
    // Checked again at the last moment, then the earlier export goes to the trash, never away.
    checkExportTargetsReplaceable(targets, manifestFile, force);
    if (force && options.trashFolder) moveFilesToTrash(targets, options.trashFolder, basename(options.out));
    commitStagedFiles(staged, force);
  } catch (error) {
    discardStagedFiles(staged);
    // A folder this export made is removed again, if nothing else was put in it meanwhile.
    if (createdFolder) {
      try {
        rmdirSync(createdFolder);
      } catch {
        // not empty: leave it
      }
    }
    throw error;
  }
  return {
    format: options.format,
    rows: selected.words.length,
    dimensions: selected.dimensions,
    files: staged.map((file) => ({ path: file.target, sizeBytes: file.sizeBytes, sha256: file.sha256 })),
    manifestFile,
  };
}

/** The chunks, with a pause after each: the event loop runs (a cancel arrives) and a cancel throws. */
async function* pausing(chunks: Chunks, pause: () => Promise<void>): AsyncGenerator<Uint8Array | string> {
  for await (const chunk of chunks) {
    yield chunk;
    await pause();
  }
}
