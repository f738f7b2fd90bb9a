import type { Embedding } from './embedding';
import { EmbeddingBuilder, findNonFinite } from './embedding-builder';
import { FileBytes } from './file-bytes';
import { ImportProblems } from './import-problems';
import type { ImportOptions, ImportResult } from './import-types';
import { float32LittleEndianBytes } from './npy';
import { fileSize, throwIfCancelled } from './text-lines';
import { parseWord2vecHeader } from './word2vec-text';
import type { RowCounter } from './text-rows';
import { checkWordsWritable, unwritableSpaceSeparatedWord } from './word-rules';

// word2vec binary (word2vec -binary 1, gensim save_word2vec_format(binary=True)): the ASCII header
// line "count dim\n", then per word its UTF-8 bytes, one space, and d little-endian float32 values.
// The C tool writes a newline after each vector and gensim does not; readers skip newlines before a
// word, so both load (gensim keyedvectors.py _add_bytes_to_kv).

const space = 0x20;
const newline = 0x0a;
/** fastText's full-model .bin starts with this int32 (FASTTEXT_FILEFORMAT_MAGIC_INT32). */
const fastTextMagic = 793712314;
/** A word longer than this means the file is not what its header says. */
const maxWordBytes = 1 << 20;

/** Progress is reported (and cancellation checked) every this many bytes. */
const progressBytes = 4 * 1024 * 1024;

const hostIsLittleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** The word2vec binary file, in chunks of whole records (C-tool layout: a newline after each vector). */
export function* word2vecBinaryChunks(embedding: Embedding, onRows?: RowCounter): Generator<Uint8Array> {
  const { words, vectors, dimensions } = embedding;
  checkWordsWritable(words, unwritableSpaceSeparatedWord, 'word2vec binary');
  const encoder = new TextEncoder();
  yield encoder.encode(`${words.length} ${dimensions}\n`);
  const vectorBytes = dimensions * 4;
  const rowsPerChunk = Math.max(1, Math.floor((4 * 1024 * 1024) / (vectorBytes + 32)));
  for (let start = 0; start < words.length; start += rowsPerChunk) {
    const end = Math.min(words.length, start + rowsPerChunk);
    const encodedWords = words.slice(start, end).map((word) => encoder.encode(word));
    const chunk = new Uint8Array(encodedWords.reduce((sum, word) => sum + word.length + 2 + vectorBytes, 0));
    let at = 0;
    for (let row = start; row < end; row++) {
      const word = encodedWords[row - start];
      chunk.set(word, at);
      at += word.length;
      chunk[at++] = space;
      chunk.set(float32LittleEndianBytes(vectors.subarray(row * dimensions, (row + 1) * dimensions)), at);
      at += vectorBytes;
      chunk[at++] = newline;
    }
    onRows?.(end - start);
    yield chunk;
  }
}

function isFastTextModel(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset).getInt32(0, true) === fastTextMagic;
}

/**
 * Reads a word2vec binary file record by record, streaming. A truncated last record, a word that is
 * not valid UTF-8 (unless `encoding` is latin1), NaN/Inf values and repeated words are problems
 * naming the record; a record count other than the header's too.
 */
export async function readWord2vecBinary(file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const problems = new ImportProblems(file, options.skipInvalid ?? false);
  throwIfCancelled(options.signal);
  const bytes = await FileBytes.open(file, options.chunkBytes);
  try {
    const headerLine = await bytes.readUntil(newline, 1024);
    const headerText = new TextDecoder('latin1').decode(headerLine.bytes);
    const header = headerLine.found ? parseWord2vecHeader(headerText.replace(/\r$/, '')) : undefined;
    if (!header) {
      if (isFastTextModel(headerLine.bytes)) {
        throw problems.error({ line: 1 }, 'this is a fastText model (.bin), not word2vec vectors: load its .vec file instead');
      }
      throw problems.error({ line: 1 }, 'expected the word2vec header "count dimensions" (two whole numbers) on the first line');
    }
    if (header.dimensions < 1) throw problems.error({ line: 1 }, 'the header gives 0 dimensions');
    const { dimensions } = header;
    const limit = Math.min(header.count, options.limit ?? Number.POSITIVE_INFINITY);
    const sizeBytes = await fileSize(file);
    // Checked before any allocation: a header claiming an absurd dimension must not reach new Uint8Array.
    if (dimensions * 4 + 2 > sizeBytes - headerLine.bytes.length) {
      throw problems.error(
        { line: 1 },
        `the header gives ${dimensions} dimensions, but one record of that size (${dimensions * 4 + 2} bytes) is larger than the rest of the file (${sizeBytes - headerLine.bytes.length - 1} bytes): the header is wrong, or this is not a word2vec binary file`,
      );
    }
    // A record takes at least 4d + 2 bytes: a damaged header cannot make this allocate more than the file holds.
    const possibleRows = Math.floor(sizeBytes / (dimensions * 4 + 2)) + 1;
    const builder = new EmbeddingBuilder(dimensions, Math.min(limit, possibleRows));
    const decoder = new TextDecoder(options.encoding ?? 'utf-8', { fatal: true });
    const vectorBytes = new Uint8Array(dimensions * 4);
    const vectorView = new DataView(vectorBytes.buffer);

    const totalBytes = sizeBytes;
    // Where the first records go wrong at a word, the vectors are not `dimensions` long: say so.
    const dimensionHint = () => (builder.rows <= 1 ? `: the header's dimension (${dimensions}) does not match the vectors, or the file is damaged` : '');
    let reportedAt = 0;
    for (let record = 1; record <= limit; record++) {
      if (bytes.position - reportedAt >= progressBytes) {
        throwIfCancelled(options.signal);
        reportedAt = bytes.position;
        options.onProgress?.({ phase: 'read', done: reportedAt, total: totalBytes, unit: 'bytes' });
      }
      while ((await bytes.peek()) === newline) bytes.skip(1);
      if ((await bytes.peek()) < 0) {
        problems.report({ record }, `the header announces ${header.count} words, but the file ends after ${record - 1}`);
        break;
      }
      const wordStart = bytes.position;
      const word = await bytes.readUntil(space, maxWordBytes);
      if (!word.found) {
        // Without the space there is no telling where the next record starts: nothing to skip to.
        throw problems.error(
          { record },
          word.bytes.length >= maxWordBytes
            ? `no space after the word within ${maxWordBytes} bytes (byte ${wordStart}): the file is not word2vec binary, or is damaged`
            : `the file ends inside the word (byte ${wordStart}): it is cut short${dimensionHint()}`,
        );
      }
      const { target, offset } = builder.nextRow();
      const got = await bytes.readInto(vectorBytes);
      if (got < vectorBytes.length) {
        problems.report({ record }, `the file is cut short inside this record's vector (${got} of ${vectorBytes.length} bytes)`);
        break;
      }
      if (hostIsLittleEndian) {
        new Uint8Array(target.buffer, target.byteOffset + offset * 4, vectorBytes.length).set(vectorBytes);
      } else {
        for (let index = 0; index < dimensions; index++) target[offset + index] = vectorView.getFloat32(index * 4, true);
      }
      let text: string;
      try {
        text = decoder.decode(word.bytes);
      } catch {
        problems.report({ record }, `the word at byte ${wordStart} is not valid UTF-8${dimensionHint() || ' (for Latin-1 files choose that encoding)'}`);
        continue;
      }
      if (text === '') {
        problems.report({ record }, `the word at byte ${wordStart} is empty${dimensionHint()}`);
        continue;
      }
      const nonFinite = findNonFinite(target, offset, dimensions);
      if (nonFinite) {
        problems.report({ record }, `"${text}": ${nonFinite}`);
        continue;
      }
      builder.commit(text, { record }, problems);
    }

    if (limit === header.count) {
      while ((await bytes.peek()) === newline) bytes.skip(1);
      if ((await bytes.peek()) >= 0) {
        problems.report({ record: header.count + 1 }, `the header announces ${header.count} words, but the file holds more data after them`);
      }
    }
    return { embedding: builder.finish(), format: 'word2vec-binary', files: [file], skipped: problems.skipped, skippedCount: problems.skippedCount };
  } finally {
    await bytes.close();
  }
}
