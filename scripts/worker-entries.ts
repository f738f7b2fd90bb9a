import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Every `*.worker.ts` under src/, keyed by its file name without `.ts`. Bundles emit each one as
 * an entry beside the main bundle, where `spawnWorker` looks for it.
 */
export function workerEntries(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.worker.ts')) continue;
    const name = basename(file, '.ts');
    if (entries[name]) throw new Error(`Two worker modules are named ${name}: worker names must be unique`);
    entries[name] = join(root, file);
  }
  return entries;
}

/** Flat output: chunks beside the entries, so `new URL('./x.worker.js', import.meta.url)` resolves from any chunk. */
export const flatOutput = {
  format: 'es' as const,
  entryFileNames: '[name].js',
  chunkFileNames: '[name]-[hash].js',
};
