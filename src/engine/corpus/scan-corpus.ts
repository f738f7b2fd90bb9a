// One pass over a corpus file: hash its bytes, count every word type, and record the corpus as a
// stream of type ids. Keeping the type-id stream (4 bytes a token: 8 MB for the 2 M-token benchmark,
// 68 MB for all of text8) means the vocabulary can be applied afterwards without reading, decoding and
// tokenizing the file a second time; encodeCorpus then overwrites it with the vocabulary ids.

import { createHash } from 'node:crypto';
import { FirthError } from '../../shared/errors';
import { sentenceEnd } from './token-ids';
import type { LongWorkOptions } from '../long-work';
import { readTextChunks } from './read-text';
import { createTokenizer, maxTokenLength } from './tokenize';
import type { TokenizerOptions } from './tokenizer-options';

export interface CorpusScan {
  file: string;
  /** SHA-256 of the file's bytes as stored (compressed bytes for a .gz file), lowercase hex. */
  sha256: string;
  sizeBytes: number;
  tokens: number;
  /** Sentences with at least one token (lines, or 1 when line ends are ignored). */
  sentences: number;
  /** Every distinct token, in order of first appearance; its index is its type id. */
  types: string[];
  typeCounts: Float64Array;
  /** The corpus as type ids, with `sentenceEnd` between sentences (never first, last or repeated). */
  typeStream: TypeStream;
  /** Tokens skipped for being longer than maxTokenLength characters. */
  longTokensSkipped: number;
}

export interface ScanOptions extends LongWorkOptions {
  /** Bytes per read, for tests of chunk boundaries. */
  chunkBytes?: number;
}

/** The type ids of the whole corpus in one array: a corpus's token count is unknown until it has been read. */
export interface TypeStream {
  length: number;
  /**
   * The ids, exactly `length` of them, over a resizable buffer that encodeCorpus turns into the
   * vocabulary ids in place.
   */
  values: Int32Array;
}

/** Values the stream starts with room for (1 MiB). */
const initialStreamValues = 1 << 18;
/** A resizable ArrayBuffer may reserve at most 4 GiB: 2^30 ids. */
const largestStreamBytes = 2 ** 32;

/** ES2024's resizable ArrayBuffer (Node 20 and Electron have it; the project's TypeScript lib predates it). */
interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
}
const ResizableArrayBuffer = ArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

/**
 * One resizable ArrayBuffer that grows in place (it reserves address space up to 4 GiB and commits
 * pages as it grows): no copy when it grows, and encodeCorpus writes the vocabulary ids over the
 * type ids, so the corpus is held once. The 1 MiB blocks used before held the stream and the ids at
 * once while encoding: 1.4 GB for the 175 M tokens of a 1 GB corpus, which set the cold peak.
 */
function createTypeStream(file: string) {
  const buffer = new ResizableArrayBuffer(initialStreamValues * 4, { maxByteLength: largestStreamBytes });
  let values = new Int32Array(buffer);
  let length = 0;
  return {
    push(value: number): void {
      if (length === values.length) {
        if (buffer.byteLength === largestStreamBytes) {
          throw new FirthError('invalid-input', `${file} has more than ${(largestStreamBytes / 4).toLocaleString('en')} tokens and sentence ends: Firth holds at most that many`, { file });
        }
        buffer.resize(Math.min(largestStreamBytes, buffer.byteLength * 2));
        // A fixed-length view: V8 optimises those better than a length-tracking one.
        values = new Int32Array(buffer, 0, buffer.byteLength / 4);
      }
      values[length++] = value;
    },
    last: (): number | undefined => (length > 0 ? values[length - 1] : undefined),
    pop: (): void => {
      if (length > 0) length--;
    },
    finish(): TypeStream {
      buffer.resize(length * 4);
      return { length, values: new Int32Array(buffer, 0, length) };
    },
  };
}

/** The same characters in a string of its own (the concatenation is flattened into a new string). */
function ownCopy(word: string): string {
  return word.length < 13 ? word : (' ' + word).slice(1);
}

export async function scanCorpus(file: string, tokenizerOptions: TokenizerOptions, options: ScanOptions = {}): Promise<CorpusScan> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const typeIndex = new Map<string, number>();
  const types: string[] = [];
  let typeCounts = new Float64Array(1 << 16);
  const stream = createTypeStream(file);
  let tokens = 0;
  let sentences = 0;
  let sentenceOpen = false;
  let longTokensSkipped = 0;

  const tokenizer = createTokenizer(tokenizerOptions, {
    token(word) {
      let type = typeIndex.get(word);
      if (type === undefined) {
        type = types.length;
        // A token may be a slice of the whole 1 MB chunk it came from (V8 makes substrings of 13+
        // characters views of their parent); kept as it is, each new long word would pin its chunk for
        // the whole scan. Copying a new word is cheap: it happens once per type, not per token.
        word = ownCopy(word);
        typeIndex.set(word, type);
        types.push(word);
        if (type === typeCounts.length) {
          const grown = new Float64Array(typeCounts.length * 2);
          grown.set(typeCounts);
          typeCounts = grown;
        }
      }
      typeCounts[type]++;
      stream.push(type);
      tokens++;
      if (!sentenceOpen) {
        sentenceOpen = true;
        sentences++;
      }
    },
    longToken() {
      longTokensSkipped++;
    },
    lineEnd() {
      if (!sentenceOpen) return; // blank lines and runs of line ends make no empty sentences
      sentenceOpen = false;
      stream.push(sentenceEnd);
    },
  });

  for await (const text of readTextChunks(file, {
    ...options,
    onRawBytes: (bytes) => {
      hash.update(bytes);
      sizeBytes += bytes.length;
    },
  })) {
    tokenizer.push(text);
  }
  tokenizer.finish();
  if (stream.last() === sentenceEnd) stream.pop();

  if (tokens === 0) {
    const why = longTokensSkipped > 0 ? ` (${longTokensSkipped} tokens longer than ${maxTokenLength} characters were skipped)` : '';
    throw new FirthError('invalid-input', `${file} contains no words${why}`, { file });
  }
  return {
    file,
    sha256: hash.digest('hex'),
    sizeBytes,
    tokens,
    sentences,
    types,
    typeCounts: typeCounts.slice(0, types.length),
    typeStream: stream.finish(),
    longTokensSkipped,
  };
}
