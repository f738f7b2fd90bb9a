import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeNpyHeader, float32LittleEndianBytes } from '../../../src/engine/formats/npy';
import { ensureCliBuilt, runCli, runCliUntil } from '../../helpers/cli';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';

// firth corpus, firth eval and firth export show progress lines as training does, and Ctrl+C stops
// them with exit status 130, leaving no file. The spaces are large enough that the work is still going when the
// first progress line of its phase arrives and the signal is sent.

const tempFolder = useTempFolders();
beforeAll(() => ensureCliBuilt(), 120_000);

/** vectors.npy + vocab.txt in `folder`: the google set's words, then `fillers` made-up words. */
function writeSpace(folder: string, fillers: number, dimensions: number): string {
  const words = new Set<string>();
  const google = readFileSync(join(import.meta.dirname, '../../../resources/testsets/google.txt'), 'utf8');
  for (const line of google.split('\n')) if (line !== '' && !line.startsWith(':')) for (const word of line.toLowerCase().split(/\s+/)) if (word) words.add(word);
  for (let index = 0; index < fillers; index++) words.add(`filler${index}`);
  const vectors = new Float32Array(words.size * dimensions);
  for (let index = 0; index < vectors.length; index++) vectors[index] = Math.sin(index * 12.9898) * 0.5;
  writeFileSync(join(folder, 'vectors.npy'), Buffer.concat([encodeNpyHeader(words.size, dimensions), float32LittleEndianBytes(vectors)]));
  writeFileSync(join(folder, 'vocab.txt'), `${[...words].join('\n')}\n`);
  return join(folder, 'vectors.npy');
}

describe('firth corpus, firth eval and firth export as long work', () => {
  it('corpus: imports into the cache with a progress line; Ctrl+C exits 130 keeping nothing of it', async () => {
    const work = tempFolder();
    const data = join(work, 'data');
    const small = writeCorpusSlice(work, 300_000, 'small.txt');
    const done = runCli(['corpus', small, '--token-pattern', 'whitespace', '--json'], data);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toMatch(/^read +100\.0%/m);
    const statistics = JSON.parse(done.stdout);
    expect(statistics).toMatchObject({ fromCache: false, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(statistics.tokens).toBeGreaterThan(40_000);
    expect(statistics.topWords[0]).toEqual({ word: 'the', count: expect.any(Number) });
    expect(JSON.parse(runCli(['corpus', small, '--token-pattern', 'whitespace', '--json', '--quiet'], data).stdout).fromCache).toBe(true);

    const cache = join(data, 'cache', 'corpora');
    const before = readdirSync(cache).filter((name) => name.startsWith('corpus-'));
    const large = writeCorpusSlice(work, 12_000_000, 'large.txt');
    const stopped = await runCliUntil(['corpus', large, '--token-pattern', 'whitespace'], data, /^read /m, 'SIGINT');
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/Cancel/);
    expect(readdirSync(cache).filter((name) => name.startsWith('corpus-'))).toEqual(before);
    expect(readdirSync(cache).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('export: a progress line to 100 %, and Ctrl+C exits 130 leaving nothing', async () => {
    const space = tempFolder();
    const vectors = writeSpace(space, 120_000, 40);
    const out = tempFolder();
    const done = runCli(['export', vectors, '--format', 'word2vec', '--top', '500', '--out', join(out, 'top.txt')], tempFolder());
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toMatch(/^export +100\.0%/m);
    expect(runCli(['export', vectors, '--format', 'glove', '--top', '10', '--out', join(out, 'quiet.txt'), '--quiet'], tempFolder()).stderr).toBe('');

    const stopped = await runCliUntil(['export', vectors, '--format', 'word2vec', '--out', join(out, 'all.txt')], tempFolder(), /^export /m, 'SIGINT');
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/Cancel/);
    expect(readdirSync(out).sort()).toEqual(['quiet.txt', 'quiet.txt.manifest.json', 'top.txt', 'top.txt.manifest.json']);
  });

  it('eval: a progress line, and Ctrl+C exits 130', async () => {
    const vectors = writeSpace(tempFolder(), 30_000, 48);
    const stopped = await runCliUntil(['eval', vectors, '--sets', 'google'], tempFolder(), /^evaluate /m, 'SIGINT');
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/Cancel/);
    expect(stopped.stdout).toBe('');
  });
});
