import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readNpyMatrix } from '../../../src/engine/formats/npy';
import { ensureCliBuilt, runCli, runCliUntil } from '../../helpers/cli';
import { sampleCorpus, writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();
beforeAll(ensureCliBuilt, 120_000);

describe('firth train sppmi-svd', () => {
  it('writes a complete run folder that numpy-style readers load', async () => {
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 400_000);
    const out = join(work, 'run');
    const result = runCli(['train', 'sppmi-svd', '--corpus', corpus, '--out', out, '--dimensions', '20', '--window', '2', '--json'], tempFolder());
    expect(result.stderr).not.toMatch(/^firth:/m);
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['C.npy', 'W.npy', 'run.json', 'singular-values.npy', 'vocab.tsv']);
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(JSON.parse(result.stdout).corpus.sha256).toBe(record.corpus.sha256);
    expect(record).toMatchObject({
      schemaVersion: 1,
      model: 'sppmi-svd',
      status: 'done',
      dimensions: 20,
      seed: 1,
      backend: { name: 'cpu' },
      settings: { model: { window: 2, cds: 0.75, shiftK: 1, eig: 0.5 }, corpus: { minCount: 5, lowercase: true } },
    });
    expect(record.corpus.sha256).toMatch(/^[0-9a-f]{64}$/);
    const vocabulary = readFileSync(join(out, 'vocab.tsv'), 'utf8').trim().split('\n');
    expect(vocabulary).toHaveLength(record.vocabularySize);
    expect(vocabulary[0]).toMatch(/^the\t\d+$/);
    const W = await readNpyMatrix(join(out, 'W.npy'));
    expect([W.rows, W.columns]).toEqual([record.vocabularySize, 20]);
    expect(W.values.every(Number.isFinite)).toBe(true);
    const values = record.results.topSingularValues as number[];
    expect(values.every((value, index) => index === 0 || value <= values[index - 1])).toBe(true);
    expect(record.results.sppmiNonZeros).toBeGreaterThan(0);
    expect(record.results.sppmiNonZeros).toBeLessThanOrEqual(record.results.cooccurrenceCells);
  });

  it('matches the numpy/scipy reference on the bundled sample: non-zeros and the top singular values', () => {
    // The reference pipeline (scripts/reference/sppmi_svd_numpy.py, exact top singular values by
    // scipy's svds) on resources/sample/text8-sample.txt.gz, window 5 flat, cds 0.75, shift log 5:
    // V 14,129, 2,698,289 co-occurring cells, 1,468,910 SPPMI non-zeros, σ = 235.951, 117.933, 103.549.
    // (The same pipeline on the benchmark corpus gives the peer figures; `npm run bench -- sppmi-svd`.)
    const work = tempFolder();
    const result = runCli(
      ['train', 'sppmi-svd', '--corpus', sampleCorpus, '--out', join(work, 'run'), '--token-pattern', 'whitespace', '--window', '5', '--shift-k', '5', '--quiet', '--json'],
      tempFolder(),
    );
    expect(result.code, result.stderr).toBe(0);
    const record = JSON.parse(result.stdout);
    expect(record.vocabularySize).toBe(14129);
    expect(record.results.cooccurrenceCells).toBe(2698289);
    expect(record.results.sppmiNonZeros).toBe(1468910);
    const [first, second, third] = record.results.topSingularValues as number[];
    expect(Math.abs(first / 235.951 - 1)).toBeLessThan(0.001);
    expect(Math.abs(second / 117.933 - 1)).toBeLessThan(0.001);
    expect(Math.abs(third / 103.549 - 1)).toBeLessThan(0.001);
  });

  it('gives the same vectors for the same seed, and reuses the prepared corpus', async () => {
    const work = tempFolder();
    const data = tempFolder();
    const corpus = writeCorpusSlice(work, 150_000);
    for (const name of ['a', 'b']) {
      expect(runCli(['train', 'sppmi-svd', '--corpus', corpus, '--out', join(work, name), '--dimensions', '8', '--quiet'], data).code).toBe(0);
    }
    const [a, b] = await Promise.all(['a', 'b'].map((name) => readNpyMatrix(join(work, name, 'W.npy'))));
    expect(Buffer.from(a.values.buffer).equals(Buffer.from(b.values.buffer))).toBe(true);
    expect(readdirSync(join(data, 'cache', 'corpora')).filter((name) => name.startsWith('corpus-'))).toHaveLength(1);
  });

  it('rejects bad input before any work, naming the file or option', () => {
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 50_000);
    const empty = join(work, 'empty.txt');
    writeFileSync(empty, '');
    const binary = join(work, 'binary.txt');
    writeFileSync(binary, Buffer.from([0x61, 0x62, 0x20, 0x00, 0xff, 0xfe]));
    const existing = join(work, 'existing');
    mkdirSync(existing);
    writeFileSync(join(existing, 'keep.txt'), 'mine');
    const cases: [string[], RegExp][] = [
      [['--corpus', join(work, 'missing.txt'), '--out', join(work, 'o1')], /missing\.txt/],
      [['--corpus', empty, '--out', join(work, 'o2')], /empty\.txt/],
      [['--corpus', binary, '--out', join(work, 'o3')], /binary\.txt.*byte/],
      [['--corpus', corpus, '--out', join(work, 'o4'), '--window', '0'], /--window/],
      [['--corpus', corpus, '--out', join(work, 'o5'), '--cds', 'NaN'], /--cds must be a number/],
      [['--corpus', corpus, '--out', join(work, 'o6'), '--dimensions', '-3'], /--dimensions/],
      [['--corpus', corpus, '--out', join(work, 'o7'), '--dimensions', '1999'], /dimensions \(1999\) must be smaller than the vocabulary/],
      [['--corpus', corpus, '--out', existing], /already exists.*--force/],
      [['--corpus', corpus], /--out is required/],
      [['--corpus', corpus, '--out', join(work, 'o8'), '--weighting', 'cubic'], /--weighting/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(['train', 'sppmi-svd', ...args], tempFolder());
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
    expect(readFileSync(join(existing, 'keep.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(work).filter((name) => name.startsWith('o') || name.startsWith('.'))).toEqual([]);
  });

  it('a forced gpu that cannot run is the error, reported before the SVD (the kernels start beside counting)', () => {
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 2_000_000);
    const out = join(work, 'run');
    const result = runCli(['train', 'sppmi-svd', '--corpus', corpus, '--out', out, '--backend', 'gpu'], tempFolder());
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n').filter((line) => line.startsWith('firth:'))).toEqual([expect.stringMatching(/The gpu backend was chosen but cannot run here/)]);
    // The failed start stops the work: no SVD step was ever reported.
    expect(result.stderr).not.toMatch(/svd/i);
    expect(existsSync(out)).toBe(false);
  });

  it('Ctrl+C cancels and leaves no run folder behind', async () => {
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 12_000_000);
    const out = join(work, 'run');
    const result = await runCliUntil(['train', 'sppmi-svd', '--corpus', corpus, '--out', out, '--window', '10'], tempFolder(), /count|read|hash/, 'SIGINT');
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/Cancel/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work)).toEqual(['slice.txt']);
  });
});
