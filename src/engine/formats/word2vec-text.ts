import type { Embedding } from './embedding';
import { EmbeddingBuilder, parseVectorFields } from './embedding-builder';
import { isBlank, splitFields, vectorLines, type RowCounter } from './text-rows';
import { checkWordsWritable, unwritableSpaceSeparatedWord } from './word-rules';
import { ImportProblems } from './import-problems';
import type { ImportOptions, ImportResult } from './import-types';
import { fileSize, readTextLines } from './text-lines';

// word2vec text (word2vec -binary 0, gensim save_word2vec_format(binary=False), fastText .vec):
// a header line "count dim", then one line per word: the word and d numbers, separated by spaces.
// The C tool ends every line with a space; gensim does not. Words cannot contain spaces.

/** "count dim" as two whole numbers, or undefined when the line is not such a header. */
export function parseWord2vecHeader(line: string): { count: number; dimensions: number } | undefined {
  const match = /^[ \t]*(\d+)[ \t]+(\d+)[ \t]*$/.exec(line);
  if (!match) return undefined;
  return { count: Number(match[1]), dimensions: Number(match[2]) };
}

/** The word2vec text file, in chunks. */
export function* word2vecTextChunks(embedding: Embedding, onRows?: RowCounter): Generator<string> {
  checkWordsWritable(embedding.words, unwritableSpaceSeparatedWord, 'word2vec text');
  yield `${embedding.words.length} ${embedding.dimensions}\n`;
  yield* vectorLines(embedding, ' ', true, onRows);
}

/**
 * Reads a word2vec text file, streaming. The header fixes the size: a row with another number of
 * fields, a bad value, a repeated word or a row count other than the header's is a problem (an error
 * naming the line, or with skipInvalid a skipped line).
 */
export async function readWord2vecText(file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const problems = new ImportProblems(file, options.skipInvalid ?? false);
  let builder: EmbeddingBuilder | undefined;
  let declaredCount = 0;
  let rowsSeen = 0;
  let lastLine = 0;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const fileBytes = await fileSize(file);

  reading: for await (const batch of readTextLines(file, options)) {
    for (let index = 0; index < batch.lines.length; index++) {
      const line = batch.lines[index];
      const lineNumber = batch.firstLineNumber + index;
      lastLine = lineNumber;
      if (!builder) {
        const header = line === null ? undefined : parseWord2vecHeader(line);
        if (!header) throw problems.error({ line: lineNumber }, 'expected the word2vec header "count dimensions" (two whole numbers)');
        if (header.dimensions < 1) throw problems.error({ line: lineNumber }, 'the header gives 0 dimensions');
        // Checked before any allocation: each value takes at least 2 bytes ("0 ").
        if (header.dimensions * 2 > fileBytes) {
          throw problems.error(
            { line: lineNumber },
            `the header gives ${header.dimensions} dimensions, but one row of that size needs at least ${header.dimensions * 2} bytes and the whole file has ${fileBytes}: the header is wrong`,
          );
        }
        declaredCount = header.count;
        // Each row takes at least 2 bytes per value ("0 "), so the file size bounds the row count: a
        // damaged header cannot make this allocate more than the file could hold.
        const possibleRows = Math.floor(fileBytes / (2 * header.dimensions)) + 1;
        builder = new EmbeddingBuilder(header.dimensions, Math.min(header.count, limit, possibleRows));
        continue;
      }
      if (line !== null && isBlank(line)) continue;
      if (rowsSeen >= limit) break reading;
      rowsSeen++;
      if (rowsSeen > declaredCount) {
        problems.report({ line: lineNumber }, `the header announces ${declaredCount} words, but the file holds more`);
        continue;
      }
      if (line === null) {
        problems.report({ line: lineNumber }, 'the word is not valid UTF-8');
        continue;
      }
      const fields = splitFields(line);
      if (fields.length !== builder.dimensions + 1) {
        problems.report({ line: lineNumber }, `expected a word and ${builder.dimensions} numbers, found ${fields.length} fields`);
        continue;
      }
      const { target, offset } = builder.nextRow();
      const reason = parseVectorFields(fields, 1, builder.dimensions, target, offset);
      if (reason) {
        problems.report({ line: lineNumber }, reason);
        continue;
      }
      builder.commit(fields[0], { line: lineNumber }, problems);
    }
  }
  if (!builder) throw problems.error({ line: 1 }, 'the file is empty (expected the word2vec header "count dimensions")');
  if (rowsSeen < declaredCount && rowsSeen < limit) {
    problems.report({ line: lastLine + 1 }, `the header announces ${declaredCount} words, but the file ends after ${rowsSeen}`);
  }
  return { embedding: builder.finish(), format: 'word2vec-text', files: [file], skipped: problems.skipped, skippedCount: problems.skippedCount };
}
