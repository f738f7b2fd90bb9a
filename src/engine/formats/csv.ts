import type { Embedding } from './embedding';
import { EmbeddingBuilder, parseVectorFields } from './embedding-builder';
import { filledLines, formatFloat32, type RowCounter } from './text-rows';
import { ImportProblems } from './import-problems';
import type { ImportOptions, ImportResult } from './import-types';
import { readTextLines } from './text-lines';
import { checkWordsWritable } from './word-rules';

// CSV for spreadsheets and data-frame tools (RFC 4180): a header row "word[,count],v1,…,vd", then one
// row per word. A word with a comma, quote or line break is quoted with doubled quotes inside.

function quoteField(field: string): string {
  return /[",\r\n]|^\s|\s$/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

function unwritableCsvWord(word: string): string | undefined {
  if (word === '') return 'the word is empty';
  // A quoted line break is valid CSV, but this reader (and many tools) work line by line.
  if (/[\r\n]/.test(word)) return `the word "${word}" contains a line break`;
  return undefined;
}

/** The CSV file, in chunks. */
export function* csvChunks(embedding: Embedding, onRows?: RowCounter): Generator<string> {
  const { words, vectors, dimensions, counts } = embedding;
  checkWordsWritable(words, unwritableCsvWord, 'CSV');
  const header = ['word'];
  if (counts) header.push('count');
  for (let index = 1; index <= dimensions; index++) header.push(`v${index}`);
  yield header.join(',') + '\n';
  const rowsPerChunk = Math.max(1, Math.floor(65536 / dimensions));
  const fields: string[] = [];
  for (let start = 0; start < words.length; start += rowsPerChunk) {
    let text = '';
    for (let row = start; row < Math.min(words.length, start + rowsPerChunk); row++) {
      fields.length = 0;
      fields.push(quoteField(words[row]));
      if (counts) fields.push(String(counts[row]));
      for (let index = 0; index < dimensions; index++) fields.push(formatFloat32(vectors[row * dimensions + index]));
      text += fields.join(',') + '\n';
    }
    onRows?.(Math.min(words.length, start + rowsPerChunk) - start);
    yield text;
  }
}

/** The fields of one CSV line, or undefined when a quote is left open. */
export function splitCsvLine(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let index = 0;
  for (;;) {
    if (line[index] === '"') {
      let value = '';
      index++;
      for (;;) {
        const quote = line.indexOf('"', index);
        if (quote < 0) return undefined;
        value += line.slice(index, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          index = quote + 2;
          continue;
        }
        index = quote + 1;
        break;
      }
      const comma = line.indexOf(',', index);
      value += line.slice(index, comma < 0 ? line.length : comma);
      fields.push(value);
      if (comma < 0) return fields;
      index = comma + 1;
    } else {
      const comma = line.indexOf(',', index);
      fields.push(line.slice(index, comma < 0 ? line.length : comma));
      if (comma < 0) return fields;
      index = comma + 1;
    }
  }
}

/** Reads a CSV file with a header row: the first column is the word, an optional "count" column next. */
export async function readCsv(file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const problems = new ImportProblems(file, options.skipInvalid ?? false);
  let builder: EmbeddingBuilder | undefined;
  let hasCount = false;
  let columns = 0;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let rows = 0;

  reading: for await (const batch of readTextLines(file, options)) {
    for (const { line, lineNumber } of filledLines(batch)) {
      if (line === null) {
        if (!builder) throw problems.error({ line: lineNumber }, 'the header row is not valid UTF-8');
        problems.report({ line: lineNumber }, 'the row is not valid UTF-8');
        continue;
      }
      const fields = splitCsvLine(line);
      if (!builder) {
        if (!fields || fields.length < 2) throw problems.error({ line: lineNumber }, 'expected a header row: word[,count],v1,…,vd');
        hasCount = fields[1].trim().toLowerCase() === 'count';
        columns = fields.length;
        const dimensions = columns - 1 - (hasCount ? 1 : 0);
        if (dimensions < 1) throw problems.error({ line: lineNumber }, 'the header row names no vector columns');
        builder = new EmbeddingBuilder(dimensions, 4096);
        continue;
      }
      if (rows >= limit) break reading;
      rows++;
      if (!fields) {
        problems.report({ line: lineNumber }, 'a quoted field is not closed (line breaks inside fields are not supported)');
        continue;
      }
      if (fields.length !== columns) {
        problems.report({ line: lineNumber }, `expected ${columns} fields (as in the header), found ${fields.length}`);
        continue;
      }
      let count: number | undefined;
      if (hasCount) {
        count = Number(fields[1]);
        if (fields[1].trim() === '' || !Number.isFinite(count) || count < 0) {
          problems.report({ line: lineNumber }, `the count "${fields[1]}" is not a non-negative number`);
          continue;
        }
      }
      if (fields[0] === '') {
        problems.report({ line: lineNumber }, 'the word is empty');
        continue;
      }
      const { target, offset } = builder.nextRow();
      const reason = parseVectorFields(fields.map((field) => field.trim()), hasCount ? 2 : 1, builder.dimensions, target, offset);
      if (reason) {
        problems.report({ line: lineNumber }, reason);
        continue;
      }
      builder.commit(fields[0], { line: lineNumber }, problems, count);
    }
  }
  if (!builder) throw problems.error({ line: 1 }, 'the file is empty (expected a header row)');
  return { embedding: builder.finish(), format: 'csv', files: [file], skipped: problems.skipped, skippedCount: problems.skippedCount };
}
