import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const benchmarkCorpus = join(import.meta.dirname, '../../../shared/data/text8_prefix.txt.gz');

/** The first `bytes` of the benchmark corpus, cut at a space, written as a plain text file. */
export function writeCorpusSlice(folder: string, bytes: number, name = 'slice.txt'): string {
  const text = gunzipSync(readFileSync(benchmarkCorpus)).subarray(0, bytes).toString('latin1');
  const file = join(folder, name);
  writeFileSync(file, text.slice(0, text.lastIndexOf(' ')));
  return file;
}
