// Where every word occurs in a corpus, for the evidence behind a neighbour: its contexts (counted
// again around each occurrence) and its concordance lines with their line numbers. Built in one pass
// with the corpus tokenizer and kept beside the corpus cache, keyed by the file (path, size,
// modification time) and the tokenizer options, so it is built once per corpus and tokenization:
//
//   <cacheFolder>/concordance-<key>/{meta.json, types.txt, tokens.i32, line-starts.i32, postings.i32, posting-starts.i32}
//
// tokens.i32 is every token as a type id (out-of-vocabulary words included, so the lines read as the
// corpus does); line-starts.i32 the token where each line starts (blank lines included, so line
// numbers are the file's); postings.i32 the token positions of each type, in order, with
// posting-starts.i32 marking where each type's list starts. About 8 bytes a token.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join, resolve } from 'node:path';
import { FirthError } from '../../shared/errors';
import { makeFolder } from '../io/make-folder';
import { throwIfCancelled, type LongWorkOptions } from '../long-work';
import { readTextChunks } from './read-text';
import { createTokenizer } from './tokenize';
import type { TokenizerOptions } from './tokenizer-options';

/** Bump when the layout or the tokenizer changes: old indexes are then rebuilt. */
const indexFormat = 1;

export interface ConcordanceIndex {
  /** Every distinct token; its position is its type id. */
  types: string[];
  typeIndex: Map<string, number>;
  /** The corpus as type ids. */
  tokens: Int32Array;
  /** lineStarts[L] = the first token of line L + 1 (0-based L); one more entry, the token count, at the end. */
  lineStarts: Int32Array;
  postings: Int32Array;
  /** Type t's positions are postings[postingStarts[t] … postingStarts[t + 1]). */
  postingStarts: Int32Array;
}

type IndexOptions = Pick<TokenizerOptions, 'lowercase' | 'tokenPattern' | 'dropNumbers' | 'dropPattern'>;

function growable(initial: number) {
  let values = new Int32Array(initial);
  let length = 0;
  return {
    push(value: number) {
      if (length === values.length) {
        const grown = new Int32Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      values[length++] = value;
    },
    get length() {
      return length;
    },
    toArray: () => values.slice(0, length),
  };
}

/** Reads the corpus once: types, the token stream and where lines start; then the postings. */
export async function buildConcordanceIndex(file: string, options: IndexOptions, work: LongWorkOptions = {}): Promise<ConcordanceIndex> {
  const typeIndex = new Map<string, number>();
  const types: string[] = [];
  const tokens = growable(1 << 20);
  const lineStarts = growable(1 << 12);
  lineStarts.push(0);
  // Line mode whatever the run's sentence boundary: line numbers are wanted either way, and the
  // tokens are the same.
  const tokenizer = createTokenizer(
    { ...options, sentenceBoundary: 'line' },
    {
      token(word) {
        let type = typeIndex.get(word);
        if (type === undefined) {
          type = types.length;
          word = word.length < 13 ? word : (' ' + word).slice(1);
          typeIndex.set(word, type);
          types.push(word);
        }
        tokens.push(type);
      },
      lineEnd() {
        lineStarts.push(tokens.length);
      },
    },
  );
  for await (const text of readTextChunks(file, { signal: work.signal, onProgress: work.onProgress })) tokenizer.push(text);
  tokenizer.finish();
  throwIfCancelled(work.signal);
  lineStarts.push(tokens.length);
  const stream = tokens.toArray();
  // Counting sort of positions by type: each type's positions come out in corpus order.
  const postingStarts = new Int32Array(types.length + 1);
  for (const type of stream) postingStarts[type + 1]++;
  for (let type = 0; type < types.length; type++) postingStarts[type + 1] += postingStarts[type];
  const fill = postingStarts.slice(0, types.length);
  const postings = new Int32Array(stream.length);
  for (let position = 0; position < stream.length; position++) postings[fill[stream[position]]++] = position;
  return { types, typeIndex, tokens: stream, lineStarts: lineStarts.toArray(), postings, postingStarts };
}

function indexFolder(cacheFolder: string, file: string, options: IndexOptions): string {
  const stat = statSync(file);
  const key = JSON.stringify({ format: indexFormat, path: resolve(file), sizeBytes: stat.size, modifiedMs: stat.mtimeMs, lowercase: options.lowercase, tokenPattern: options.tokenPattern, dropNumbers: options.dropNumbers === true, dropPattern: options.dropPattern ?? '' });
  return join(cacheFolder, `concordance-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`);
}

const int32Files = ['tokens', 'line-starts', 'postings', 'posting-starts'] as const;

function bytesOf(values: Int32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function readInt32(path: string): Int32Array {
  const bytes = readFileSync(path);
  const values = new Int32Array(bytes.byteLength / 4);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}

/**
 * The corpus's concordance index, from the cache when it was built before (by any run on the same
 * file and tokenization), else built and saved (in a temporary folder renamed into place).
 */
export async function openConcordanceIndex(cacheFolder: string, file: string, options: IndexOptions, work: LongWorkOptions = {}): Promise<{ index: ConcordanceIndex; fromCache: boolean }> {
  if (!existsSync(file)) throw new FirthError('not-found', `The corpus file ${file} is gone: the evidence is read from it`, { file });
  const folder = indexFolder(cacheFolder, file, options);
  if (existsSync(join(folder, 'meta.json'))) {
    try {
      const types = readFileSync(join(folder, 'types.txt'), 'utf8').split('\n');
      const [tokens, lineStarts, postings, postingStarts] = int32Files.map((name) => readInt32(join(folder, `${name}.i32`)));
      if (types[types.length - 1] === '') types.pop();
      return { index: { types, typeIndex: new Map(types.map((type, id) => [type, id])), tokens, lineStarts, postings, postingStarts }, fromCache: true };
    } catch {
      // A damaged entry: build it again below.
    }
  }
  const index = await buildConcordanceIndex(file, options, work);
  if (endianness() === 'LE') {
    try {
      makeFolder(cacheFolder);
      const temporary = `${folder}.tmp-${process.pid}-${Date.now()}`;
      makeFolder(temporary);
      writeFileSync(join(temporary, 'types.txt'), `${index.types.join('\n')}\n`);
      const arrays = [index.tokens, index.lineStarts, index.postings, index.postingStarts];
      int32Files.forEach((name, position) => writeFileSync(join(temporary, `${name}.i32`), bytesOf(arrays[position])));
      writeFileSync(join(temporary, 'meta.json'), `${JSON.stringify({ format: indexFormat, file: resolve(file), ...options, tokens: index.tokens.length, types: index.types.length })}\n`);
      rmSync(folder, { recursive: true, force: true });
      renameSync(temporary, folder);
    } catch {
      // The cache is only a speed-up: a full disk or a read-only folder must not fail the answer.
    }
  }
  return { index, fromCache: false };
}

/** The 1-based line number of token `position`. */
export function lineOfToken(index: ConcordanceIndex, position: number): number {
  // The last line that starts at or before the position (blank lines share their start with the next).
  let low = 0;
  let high = index.lineStarts.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (index.lineStarts[middle] <= position) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/** The positions of a word (as tokenized), in corpus order; empty when the corpus never has it. */
export function positionsOf(index: ConcordanceIndex, word: string): Int32Array {
  const type = index.typeIndex.get(word);
  if (type === undefined) return new Int32Array(0);
  return index.postings.subarray(index.postingStarts[type], index.postingStarts[type + 1]);
}
