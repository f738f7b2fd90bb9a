import type { Embedding } from './embedding';
import type { TextLineBatch } from './text-lines';

// Vectors as lines of text: numbers out (formatFloat32, vectorLines) and fields in (splitFields).

/**
 * The shortest decimal (of 7 to 9 significant digits, trailing zeros dropped) that reads back as
 * exactly this float32: 9 digits always suffice for float32, and fewer keep text files small.
 * Every reader (JS Number, Python float, C strtod) parses it to a double that rounds to the same
 * float32. −0 keeps its sign, so the bits survive a round trip too.
 */
export function formatFloat32(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  for (let precision = 7; precision < 9; precision++) {
    const text = value.toPrecision(precision);
    if (Math.fround(Number(text)) === value) return dropTrailingZeros(text);
  }
  return dropTrailingZeros(value.toPrecision(9));
}

function dropTrailingZeros(text: string): string {
  if (!text.includes('.')) return text;
  const exponentAt = text.indexOf('e');
  const mantissa = exponentAt < 0 ? text : text.slice(0, exponentAt);
  const exponent = exponentAt < 0 ? '' : text.slice(exponentAt);
  return mantissa.replace(/\.?0+$/, '') + exponent;
}

/**
 * Splits a line of whitespace-separated fields. Most vector files use single spaces, so that case
 * takes the fast split; runs of spaces or tabs and trailing spaces (the word2vec C tool ends every
 * line with one) take the general one.
 */
export function splitFields(line: string): string[] {
  const fields = line.split(' ');
  let clean = true;
  for (const field of fields) {
    if (field === '' || field.includes('\t')) {
      clean = false;
      break;
    }
  }
  if (clean) return fields;
  // Only spaces and tabs separate fields; other Unicode spaces may belong to a word.
  const trimmed = line.replace(/^[ \t]+|[ \t]+$/g, '');
  return trimmed === '' ? [] : trimmed.split(/[ \t]+/);
}

/** A line with nothing but spaces and tabs. */
export function isBlank(line: string): boolean {
  return line === '' || /^[ \t]*$/.test(line);
}

/** Told how many more rows a file's chunks hold, as they are made (an export's progress). */
export type RowCounter = (rows: number) => void;

/** One text line per row: the word (if any) and its values, joined by `separator`. */
export function* vectorLines(embedding: Embedding, separator: string, withWords: boolean, onRows?: RowCounter): Generator<string> {
  const { words, vectors, dimensions } = embedding;
  const rowsPerChunk = Math.max(1, Math.floor(65536 / dimensions));
  const fields: string[] = new Array(dimensions + (withWords ? 1 : 0));
  const first = withWords ? 1 : 0;
  for (let start = 0; start < words.length; start += rowsPerChunk) {
    const end = Math.min(words.length, start + rowsPerChunk);
    let text = '';
    for (let row = start; row < end; row++) {
      if (withWords) fields[0] = words[row];
      const offset = row * dimensions;
      for (let index = 0; index < dimensions; index++) fields[first + index] = formatFloat32(vectors[offset + index]);
      text += fields.join(separator) + '\n';
    }
    onRows?.(end - start);
    yield text;
  }
}


/** A batch's lines that are not blank, with their 1-based numbers; a null line is not valid UTF-8. */
export function* filledLines(batch: TextLineBatch): Generator<{ line: string | null; lineNumber: number }> {
  for (let index = 0; index < batch.lines.length; index++) {
    const line = batch.lines[index];
    if (line !== null && isBlank(line)) continue;
    yield { line, lineNumber: batch.firstLineNumber + index };
  }
}
