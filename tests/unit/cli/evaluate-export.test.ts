import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, runCli } from '../../helpers/cli';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();
let run = '';
let data = '';
const shared: string[] = [];
afterAll(() => shared.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

interface Row {
  set: string;
  metric: string;
  score: number;
  covered: number;
  total: number;
}

beforeAll(() => {
  ensureCliBuilt();
  // A 3 MB slice of the benchmark corpus (about 500 k tokens) trains in a second or two.
  // Shared by every test of the file, so made outside useTempFolders (which empties after each test).
  const work = mkdtempSync(join(tmpdir(), 'firth-eval-'));
  shared.push(work);
  data = join(work, 'data');
  run = join(work, 'svd');
  const corpus = writeCorpusSlice(work, 3_000_000);
  const result = runCli(['train', 'sppmi-svd', '--corpus', corpus, '--out', run, '--window', '5', '--shift-k', '5', '--quiet'], data);
  if (result.code !== 0) throw new Error(result.stderr);
}, 120_000);

const evaluate = (source: string, ...extra: string[]) => {
  const result = runCli(['eval', source, '--json', ...extra], data);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout).rows as Row[];
};

describe('firth eval', () => {
  it('scores a run on every bundled set, above the quality floor for this slice', () => {
    const rows = evaluate(run);
    const score = (set: string, metric: string) => rows.find((row) => row.set === set && row.metric === metric)!;
    expect(new Set(rows.map((row) => row.set))).toEqual(new Set(['ws353', 'ws353-similarity', 'ws353-relatedness', 'simlex999', 'men', 'google']));
    // SPPMI-SVD (window 5, cds 0.75, shift 5) on 3 MB of text8 measures WS353 0.47, MEN 0.52, Google 0.04.
    expect(score('ws353', 'spearman').score).toBeGreaterThan(0.4);
    expect(score('men', 'spearman').score).toBeGreaterThan(0.45);
    expect(score('google', '3CosAdd').score).toBeGreaterThan(0.025);
    expect(score('ws353', 'spearman').total).toBe(353);
    expect(score('google', '3CosAdd').total).toBe(19544);
    expect(score('google', '3CosAdd semantic').total + score('google', '3CosAdd syntactic').total).toBe(19544);
  });

  it('takes the user\'s own set, reporting its malformed lines and scoring the rest', () => {
    const work = tempFolder();
    const mine = join(work, 'mine.txt');
    writeFileSync(mine, '# my pairs\nking queen 9\ncar automobile 8\nthis line is broken\nking cabbage 1\nqueen cabbage 1.5\n');
    const result = runCli(['eval', run, '--file', mine], data);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/mine\.txt line 4/);
    expect(result.stdout).toMatch(/mine\.txt +spearman/);
  });

  it('refuses an unknown set and a missing source, naming them', () => {
    expect(runCli(['eval', run, '--sets', 'ws999'], data)).toMatchObject({ code: 1, stderr: expect.stringContaining('ws999') });
    expect(runCli(['eval', join(run, 'nope')], data)).toMatchObject({ code: 1, stderr: expect.stringContaining('nope') });
  });
});

describe('firth export', () => {
  it('writes every format, and each scores the same as the run it came from', () => {
    const reference = evaluate(run, '--sets', 'ws353,men').map((row) => row.score);
    const work = tempFolder();
    const targets: [string, string, string][] = [
      ['word2vec', 'vectors.txt', 'vectors.txt'],
      ['word2vec-bin', 'vectors.bin', 'vectors.bin'],
      ['glove', 'glove.txt', 'glove.txt'],
      ['npy', 'npy', join('npy', 'vectors.npy')],
    ];
    for (const [format, out, readBack] of targets) {
      const result = runCli(['export', run, '--format', format, '--out', join(work, out)], data);
      expect(result.code, `${format}: ${result.stderr}`).toBe(0);
      const scores = evaluate(join(work, readBack), '--sets', 'ws353,men').map((row) => row.score);
      expect(scores, format).toEqual(reference);
    }
    for (const format of ['projector', 'csv']) {
      expect(runCli(['export', run, '--format', format, '--out', join(work, format)], data).code).toBe(0);
    }
    expect(readdirSync(join(work, 'projector')).sort()).toEqual(['manifest.json', 'metadata.tsv', 'projector_config.json', 'tensors.bytes', 'tensors.tsv']);
    const manifest = JSON.parse(readFileSync(join(work, 'vectors.txt.manifest.json'), 'utf8'));
    const record = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8'));
    expect(manifest).toMatchObject({ matrix: 'w', corpusHash: record.corpus.sha256, seed: 1, model: 'sppmi-svd' });
  });

  it('never overwrites without --force, and --top keeps the most frequent words', () => {
    const work = tempFolder();
    const out = join(work, 'top.txt');
    expect(runCli(['export', run, '--format', 'word2vec', '--out', out, '--top', '50'], data).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('50 100');
    expect(lines[1].split(' ')[0]).toBe('the');
    const again = runCli(['export', run, '--format', 'word2vec', '--out', out], data);
    expect(again.code).toBe(1);
    // The same words as the app's checkbox: replace an earlier export, with --force.
    expect(again.stderr).toMatch(/already exists: to replace an earlier export .*--force .*Replace an earlier export/);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(51);
    expect(runCli(['export', run, '--format', 'word2vec', '--out', out, '--force'], data).code).toBe(0);
    expect(runCli(['export', run, '--format', 'xml', '--out', out], data)).toMatchObject({ code: 1, stderr: expect.stringContaining('--format') });
  });
});

describe('firth neighbors', () => {
  it('lists the nearest words of a word and of an expression', () => {
    const result = runCli(['neighbors', run, 'france', '-k', '5', '--json'], data);
    expect(result.code, result.stderr).toBe(0);
    const neighbors = JSON.parse(result.stdout).neighbors as { word: string; similarity: number }[];
    expect(neighbors).toHaveLength(5);
    expect(neighbors.map((neighbor) => neighbor.word)).not.toContain('france');
    expect(neighbors.every((neighbor, index) => index === 0 || neighbor.similarity <= neighbors[index - 1].similarity)).toBe(true);
    expect(runCli(['neighbors', run, 'king - man + woman', '-k', '3'], data).stdout.trim().split('\n')).toHaveLength(3);
  });

  it('reports unknown words instead of guessing', () => {
    const result = runCli(['neighbors', run, 'qqqzzz + france'], data);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Not in the vocabulary: "qqqzzz"/);
  });
});
