import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readNpyMatrix } from '../../../src/engine/formats/npy';
import { ensureCliBuilt, runCli, runCliUntil } from '../../helpers/cli';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();
beforeAll(ensureCliBuilt, 120_000);

describe('firth train sgns', () => {
  it('with one thread and a seed, two runs give bit-identical vectors and a loss curve', async () => {
    const work = tempFolder();
    const data = tempFolder();
    const corpus = writeCorpusSlice(work, 300_000);
    const args = ['train', 'sgns', '--corpus', corpus, '--dims', '16', '--epochs', '2', '--threads', '1', '--seed', '7', '--json'];
    const first = runCli([...args, '--out', join(work, 'a')], data);
    expect(first.code, first.stderr).toBe(0);
    expect(runCli([...args, '--out', join(work, 'b')], data).code).toBe(0);
    expect(readdirSync(join(work, 'a')).sort()).toEqual(['C.npy', 'W.npy', 'loss.json', 'run.json', 'vocab.tsv']);
    for (const matrix of ['W.npy', 'C.npy']) {
      const [a, b] = await Promise.all(['a', 'b'].map((name) => readNpyMatrix(join(work, name, matrix))));
      expect(Buffer.from(a.values.buffer).equals(Buffer.from(b.values.buffer)), matrix).toBe(true);
      expect(a.values.every(Number.isFinite)).toBe(true);
    }
    const record = JSON.parse(first.stdout);
    expect(record).toMatchObject({
      model: 'sgns',
      seed: 7,
      dimensions: 16,
      backend: { name: 'cpu', adapter: expect.stringContaining('1 worker thread') },
      settings: { model: { window: 5, negative: 5, subsample: 1e-4, epochs: 2, alpha: 0.025, minAlpha: 0.0001 } },
      results: { reproducible: true, threads: 1 },
    });
    const loss = JSON.parse(readFileSync(join(work, 'a', 'loss.json'), 'utf8'));
    expect(loss.epochs).toHaveLength(2);
    expect(loss.epochs[1].loss).toBeLessThan(loss.epochs[0].loss);
    expect(record.results.finalLoss).toBe(loss.epochs[1].loss);
  });

  it('with several threads says the result is not bit-reproducible', () => {
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 300_000);
    const result = runCli(['train', 'sgns', '--corpus', corpus, '--out', join(work, 'run'), '--dimensions', '8', '--epochs', '1', '--threads', '2', '--json'], tempFolder());
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).results).toMatchObject({ reproducible: false, note: expect.stringContaining('not bit-reproducible') });
  });

  it('trains with the gpu.js minibatch path on webasm and on WebGPU (SwiftShader here)', async () => {
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 60_000);
    for (const backend of ['webasm', 'gpu']) {
      const out = join(work, backend);
      const result = runCli(['train', 'sgns', '--corpus', corpus, '--out', out, '--dimensions', '8', '--epochs', '1', '--backend', backend, '--json'], tempFolder(), {
        FIRTH_ALLOW_SOFTWARE_GPU: '1',
      });
      expect(result.code, `${backend}: ${result.stderr}`).toBe(0);
      const record = JSON.parse(result.stdout);
      expect(record.backend.name).toBe(backend);
      expect(record.results).toMatchObject({ method: expect.stringContaining('gpu.js minibatch'), reproducible: true });
      expect(Number.isFinite(record.results.finalLoss)).toBe(true);
      const W = await readNpyMatrix(join(out, 'W.npy'));
      expect(W.values.every(Number.isFinite)).toBe(true);
    }
  });

  it('rejects bad hyperparameters before any work, naming the option', () => {
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 50_000);
    const cases: [string[], RegExp][] = [
      [['--negative', '0'], /--negative/],
      [['--dimensions', '2001'], /--dimensions/],
      [['--epochs', '0'], /--epochs/],
      [['--alpha', '0'], /--alpha/],
      [['--threads', '0'], /--threads/],
      [['--window', '-1'], /--window/],
      [['--backend', 'gpu'], /The gpu backend was chosen but cannot run here/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(['train', 'sgns', '--corpus', corpus, '--out', join(work, 'run'), ...args], tempFolder());
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
    expect(existsSync(join(work, 'run'))).toBe(false);
  });

  it('Ctrl+C stops training, exits cleanly and leaves no run folder', async () => {
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 3_000_000);
    const result = await runCliUntil(['train', 'sgns', '--corpus', corpus, '--out', join(work, 'run'), '--epochs', '50'], tempFolder(), /train /, 'SIGINT');
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/[Cc]ancel/);
    // 50 epochs are far from done when the signal comes: a run that went on would exit 0 with its folder.
    // How fast it stops is not asserted (timings depend on the machine's load).
    expect(readdirSync(work)).toEqual(['slice.txt']);
  });
});
