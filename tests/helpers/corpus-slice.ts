import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The bundled sample: the first 6 MB of text8 (resources/sample/README.md). */
export const sampleCorpus = join(import.meta.dirname, '../../resources/sample/text8-sample.txt.gz');

let sampleText: Buffer | undefined;

/**
 * The first `bytes` of the sample corpus, cut at a space, written as a plain text file. Past the
 * sample's 6 MB the text starts over (for tests that need a run long enough to interrupt).
 */
export function writeCorpusSlice(folder: string, bytes: number, name = 'slice.txt'): string {
  sampleText ??= gunzipSync(readFileSync(sampleCorpus));
  const copies = Math.ceil(bytes / (sampleText.length + 1));
  const whole = copies > 1 ? Buffer.concat(Array.from({ length: copies }, () => Buffer.concat([sampleText!, Buffer.from(' ')]))) : sampleText;
  const text = whole.subarray(0, bytes).toString('latin1');
  const file = join(folder, name);
  writeFileSync(file, text.slice(0, text.lastIndexOf(' ')));
  return file;
}
