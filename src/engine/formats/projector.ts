import { existsSync } from 'node:fs';
import { checkRegularFile } from '../io/regular-file';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embedding } from './embedding';
import { EmbeddingBuilder, findNonFinite, parseVectorFields } from './embedding-builder';
import { ImportProblems } from './import-problems';
import type { ImportOptions, ImportResult } from './import-types';
import { float32Slices } from './npy';
import { fileSystemError } from '../io/file-errors';
import { readTextLines } from './text-lines';
import { filledLines, vectorLines, type RowCounter } from './text-rows';
import { checkWordsWritable } from './word-rules';
import type { Chunks } from './atomic-files';

// The TensorFlow Embedding Projector bundle (tensorboard plugins/projector):
//   tensors.tsv            one row of d tab-separated values per point, no header, no labels;
//   tensors.bytes          the same matrix as raw little-endian float32, row-major: the Projector
//                          reads a tensorPath ending in .bytes 2–3 orders of magnitude faster;
//   metadata.tsv           one row per point; a header row only when there are 2+ columns
//                          (here "word<TAB>count" when counts are known, else bare words);
//   projector_config.json  {"embeddings": [{tensorName, tensorShape, tensorPath, metadataPath}]}.

export const projectorFileNames = ['tensors.tsv', 'tensors.bytes', 'metadata.tsv', 'projector_config.json'] as const;

interface ProjectorConfig {
  embeddings?: Array<{ tensorName?: string; tensorShape?: number[]; tensorPath?: string; metadataPath?: string }>;
}

function unwritableTsvWord(word: string): string | undefined {
  if (word === '') return 'the word is empty';
  if (/[\t\r\n]/.test(word)) return `the word "${word}" contains a tab or line break`;
  return undefined;
}

function* metadataChunks(embedding: Embedding): Generator<string> {
  const { words, counts } = embedding;
  if (counts) yield 'word\tcount\n';
  const perChunk = 65536;
  for (let start = 0; start < words.length; start += perChunk) {
    const end = Math.min(words.length, start + perChunk);
    let text = '';
    for (let row = start; row < end; row++) text += counts ? `${words[row]}\t${counts[row]}\n` : `${words[row]}\n`;
    yield text;
  }
}

/** The bundle's four files by name, each as chunks; `onRows` counts the rows of tensors.tsv and tensors.bytes. */
export function projectorBundleFiles(embedding: Embedding, tensorName: string, onRows?: RowCounter): Array<{ name: string; chunks: Chunks }> {
  checkWordsWritable(embedding.words, unwritableTsvWord, 'Projector metadata');
  const config = {
    embeddings: [
      {
        tensorName,
        tensorShape: [embedding.words.length, embedding.dimensions],
        tensorPath: 'tensors.bytes',
        metadataPath: 'metadata.tsv',
      },
    ],
  };
  return [
    { name: 'tensors.tsv', chunks: vectorLines(embedding, '\t', false, onRows) },
    { name: 'tensors.bytes', chunks: float32Slices(embedding.vectors, embedding.dimensions, onRows) },
    { name: 'metadata.tsv', chunks: metadataChunks(embedding) },
    { name: 'projector_config.json', chunks: [JSON.stringify(config, null, 2) + '\n'] },
  ];
}

async function readConfig(folder: string): Promise<ProjectorConfig | undefined> {
  const file = join(folder, 'projector_config.json');
  if (!existsSync(file)) return undefined;
  try {
    checkRegularFile(file, 'a Projector config');
    return JSON.parse(await readFile(file, 'utf8')) as ProjectorConfig;
  } catch (error) {
    if (error instanceof SyntaxError) throw new ImportProblems(file, false).error({}, `not valid JSON: ${error.message}`);
    throw fileSystemError(error, 'read', file);
  }
}

interface Metadata {
  words: string[];
  counts?: Float64Array;
  lines: number[];
  rows: number;
}

/** Words (and counts) from metadata.tsv: the "word" column of a headed file, or bare words. */
async function readMetadata(file: string, problems: ImportProblems, options: ImportOptions): Promise<Metadata> {
  const words: string[] = [];
  const counts: number[] = [];
  const lines: number[] = [];
  const seen = new Map<string, number>();
  let header: string[] | undefined;
  let wordColumn = 0;
  let countColumn = -1;
  let rows = 0;
  let first = true;
  const blankLines: number[] = [];
  for await (const batch of readTextLines(file, options)) {
    for (let index = 0; index < batch.lines.length; index++) {
      const line = batch.lines[index];
      const lineNumber = batch.firstLineNumber + index;
      if (first) {
        first = false;
        if (line !== null && line.includes('\t')) {
          header = line.split('\t').map((name) => name.trim().toLowerCase());
          wordColumn = Math.max(0, header.indexOf('word'));
          countColumn = header.indexOf('count');
          continue;
        }
      }
      if (line === '') {
        // Blank lines count as rows only when more words follow: a trailing newline is not a word.
        blankLines.push(lineNumber);
        continue;
      }
      for (const blank of blankLines.splice(0)) {
        rows++;
        problems.report({ line: blank }, 'the word is empty');
      }
      rows++;
      if (line === null) {
        problems.report({ line: lineNumber }, 'the word is not valid UTF-8');
        continue;
      }
      const fields = header ? line.split('\t') : [line];
      if (header && fields.length !== header.length) {
        problems.report({ line: lineNumber }, `expected ${header.length} tab-separated fields (as in the header), found ${fields.length}`);
        continue;
      }
      const word = fields[wordColumn];
      const count = countColumn >= 0 ? Number(fields[countColumn]) : undefined;
      if (count !== undefined && (!Number.isFinite(count) || fields[countColumn].trim() === '')) {
        problems.report({ line: lineNumber }, `the count "${fields[countColumn]}" is not a number`);
        continue;
      }
      if (word === '') {
        problems.report({ line: lineNumber }, 'the word is empty');
        continue;
      }
      const earlier = seen.get(word);
      if (earlier !== undefined) {
        problems.report({ line: lineNumber }, `the word "${word}" appears twice (first on line ${earlier})`);
        continue;
      }
      seen.set(word, lineNumber);
      words.push(word);
      if (count !== undefined) counts.push(count);
      lines.push(rows - 1);
    }
  }
  const metadata: Metadata = { words, lines, rows };
  if (countColumn >= 0) metadata.counts = Float64Array.from(counts);
  return metadata;
}

/** Reads a Projector bundle folder: metadata.tsv for the words, tensors.bytes (or tensors.tsv) for the vectors. */
export async function readProjectorBundle(folder: string, options: ImportOptions = {}): Promise<ImportResult> {
  const config = await readConfig(folder);
  const entry = config?.embeddings?.[0];
  const metadataFile = join(folder, entry?.metadataPath ?? 'metadata.tsv');
  const tensorFile = join(folder, entry?.tensorPath ?? (existsSync(join(folder, 'tensors.bytes')) ? 'tensors.bytes' : 'tensors.tsv'));
  const metadataProblems = new ImportProblems(metadataFile, options.skipInvalid ?? false);
  const metadata = await readMetadata(metadataFile, metadataProblems, options);
  const tensorProblems = new ImportProblems(tensorFile, options.skipInvalid ?? false);

  let matrix: { values: Float32Array; rows: number; dimensions: number; badRows: Set<number> };
  if (tensorFile.endsWith('.bytes')) {
    const dimensions = entry?.tensorShape?.[1];
    if (!dimensions || dimensions < 1) throw tensorProblems.error({}, 'projector_config.json gives no tensorShape [rows, dimensions] for the .bytes tensor');
    let bytes: Buffer;
    try {
      checkRegularFile(tensorFile, 'a tensor file');
      bytes = await readFile(tensorFile);
    } catch (error) {
      throw fileSystemError(error, 'read', tensorFile);
    }
    const expected = metadata.rows * dimensions * 4;
    if (bytes.length !== expected) {
      throw tensorProblems.error({}, `holds ${bytes.length} bytes; ${metadata.rows} rows (metadata.tsv) × ${dimensions} float32 values need ${expected}`);
    }
    const values = new Float32Array(metadata.rows * dimensions);
    new Uint8Array(values.buffer).set(bytes);
    const badRows = new Set<number>();
    for (let row = 0; row < metadata.rows; row++) {
      const reason = findNonFinite(values, row * dimensions, dimensions);
      if (reason) {
        tensorProblems.report({ record: row + 1 }, reason);
        badRows.add(row);
      }
    }
    matrix = { values, rows: metadata.rows, dimensions, badRows };
  } else {
    matrix = await readTensorTsv(tensorFile, tensorProblems, options);
    if (matrix.rows !== metadata.rows) {
      throw tensorProblems.error({}, `holds ${matrix.rows} rows but metadata.tsv names ${metadata.rows} words`);
    }
  }

  const builder = new EmbeddingBuilder(matrix.dimensions, metadata.words.length);
  metadata.words.forEach((word, index) => {
    const row = metadata.lines[index];
    if (matrix.badRows.has(row)) return;
    const { target, offset } = builder.nextRow();
    target.set(matrix.values.subarray(row * matrix.dimensions, (row + 1) * matrix.dimensions), offset);
    builder.commit(word, { line: row + 1 }, metadataProblems, metadata.counts?.[index]);
  });
  const embedding = builder.finish();
  return {
    embedding,
    format: 'projector',
    files: [metadataFile, tensorFile],
    skipped: [...metadataProblems.skipped, ...tensorProblems.skipped],
    skippedCount: metadataProblems.skippedCount + tensorProblems.skippedCount,
  };
}

async function readTensorTsv(file: string, problems: ImportProblems, options: ImportOptions) {
  let dimensions = 0;
  let values = new Float32Array(0);
  const badRows = new Set<number>();
  let rows = 0;
  for await (const batch of readTextLines(file, options)) {
    for (const { line, lineNumber } of filledLines(batch)) {
      const fields = line === null ? [] : line.split('\t');
      if (dimensions === 0) {
        dimensions = fields.length;
        values = new Float32Array(4096 * dimensions);
      }
      // Every row keeps its slot so that row i still belongs to word i; bad ones are dropped later.
      const row = rows++;
      if (rows * dimensions > values.length) {
        const grown = new Float32Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      const reason =
        fields.length !== dimensions
          ? `expected ${dimensions} tab-separated numbers (as on the first row), found ${fields.length}`
          : parseVectorFields(fields, 0, dimensions, values, row * dimensions);
      if (reason) {
        problems.report({ line: lineNumber }, reason);
        badRows.add(row);
      }
    }
  }
  if (dimensions === 0) throw problems.error({}, 'the file holds no vectors');
  return { values: values.subarray(0, rows * dimensions), rows, dimensions, badRows };
}
