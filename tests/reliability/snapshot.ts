import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `folder` with its SHA-256: two equal snapshots mean nothing there changed. */
export function snapshot(folder: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      const info = lstatSync(path);
      if (info.isDirectory()) walk(path);
      else result[relative(folder, path)] = info.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'special';
    }
  };
  walk(folder);
  return result;
}

/** A tiny corpus a run trains on in well under a second. */
export function tinyCorpusText(lines = 400): string {
  const words = ['the', 'cat', 'sat', 'on', 'mat', 'dog', 'ran', 'far', 'a', 'big', 'red', 'ball'];
  const out: string[] = [];
  for (let line = 0; line < lines; line++) {
    const sentence: string[] = [];
    for (let index = 0; index < 8; index++) sentence.push(words[(line * 7 + index * 5 + (line % 3)) % words.length]);
    out.push(sentence.join(' '));
  }
  return `${out.join('\n')}\n`;
}
