import type { Embedding } from './embedding';
import { EmbeddingBuilder, parseVectorFields } from './embedding-builder';
import { filledLines, splitFields, vectorLines, type RowCounter } from './text-rows';
import { ImportProblems } from './import-problems';
import type { ImportOptions, ImportResult } from './import-types';
import { readTextLines } from './text-lines';
import { parseWord2vecHeader } from './word2vec-text';
import { checkWordsWritable, unwritableSpaceSeparatedWord } from './word-rules';

// GloVe text: word2vec text without the header, "word v1 … vd" per line. The first line fixes d.
// Some published GloVe files hold tokens with spaces, so a longer line is read as a word of several
// parts followed by d numbers (landscape §2.4: parse the last d fields as numbers).

/** The GloVe text file, in chunks. */
export function* gloveTextChunks(embedding: Embedding, onRows?: RowCounter): Generator<string> {
  checkWordsWritable(embedding.words, unwritableSpaceSeparatedWord, 'GloVe text');
  yield* vectorLines(embedding, ' ', true, onRows);
}

function looksNumeric(field: string): boolean {
  return field !== '' && Number.isFinite(Number(field));
}

/** Reads a GloVe text file, streaming. */
export async function readGloveText(file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const problems = new ImportProblems(file, options.skipInvalid ?? false);
  let builder: EmbeddingBuilder | undefined;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let rows = 0;

  reading: for await (const batch of readTextLines(file, options)) {
    for (const { line, lineNumber } of filledLines(batch)) {
      if (rows >= limit) break reading;
      rows++;
      if (line === null) {
        problems.report({ line: lineNumber }, 'the word is not valid UTF-8');
        continue;
      }
      const fields = splitFields(line);
      if (!builder) {
        if (parseWord2vecHeader(line)) {
          throw problems.error({ line: lineNumber }, `the first line "${line.trim()}" is a word2vec header: read the file as word2vec text`);
        }
        if (fields.length < 2 || !looksNumeric(fields[fields.length - 1])) {
          throw problems.error({ line: lineNumber }, 'expected a word followed by numbers');
        }
        builder = new EmbeddingBuilder(fields.length - 1, 4096);
      }
      const dimensions = builder.dimensions;
      if (fields.length < dimensions + 1) {
        problems.report({ line: lineNumber }, `expected a word and ${dimensions} numbers (as on the first line), found ${fields.length} fields`);
        continue;
      }
      const wordFields = fields.length - dimensions;
      if (wordFields > 1 && fields.slice(1, wordFields).every(looksNumeric)) {
        // "word 0.1 … " with extra numbers is a ragged row, not a word with spaces.
        problems.report({ line: lineNumber }, `expected a word and ${dimensions} numbers (as on the first line), found ${fields.length} fields`);
        continue;
      }
      const { target, offset } = builder.nextRow();
      const reason = parseVectorFields(fields, wordFields, dimensions, target, offset);
      if (reason) {
        problems.report({ line: lineNumber }, reason);
        continue;
      }
      builder.commit(wordFields === 1 ? fields[0] : fields.slice(0, wordFields).join(' '), { line: lineNumber }, problems);
    }
  }
  if (!builder) throw problems.error({ line: 1 }, 'the file holds no vectors');
  return { embedding: builder.finish(), format: 'glove', files: [file], skipped: problems.skipped, skippedCount: problems.skippedCount };
}
