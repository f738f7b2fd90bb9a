import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportEmbedding } from '../../src/engine/formats';
import { checkRunFolderReplaceable, moveToTrash } from '../../src/engine/io/replace-with-trash';
import { runTraining } from '../../src/workbench/runs/train-run';
import { useTempFolders } from '../helpers/temp-folder';
import { snapshot, tinyCorpusText } from './snapshot';

// Outputs: --force replaces only Firth's own runs and exports, and the old one goes to the trash.

const provenance = { appVersion: 'test', matrix: 'w', normalization: 'none' };
const small = { words: ['a', 'b'], vectors: Float32Array.of(1, 2, 3, 4), dimensions: 2 };

describe('outputs: what --force may replace', () => {
  const folder = useTempFolders();

  const train = (root: string, out: string, force = false) =>
    runTraining({
      model: 'sppmi-svd',
      corpusFile: join(root, 'corpus.txt'),
      out,
      force,
      corpus: { minCount: 1 },
      settings: { dimensions: 2, window: 2 },
      backend: 'cpu',
      threads: 1,
      cacheFolder: join(root, 'data', 'cache'),
      trashFolder: join(root, 'data', 'trash'),
    });

  function setUp() {
    const root = folder();
    writeFileSync(join(root, 'corpus.txt'), tinyCorpusText());
    return root;
  }

  const refusals: Array<[string, (root: string) => string]> = [
    ['a folder of the user\'s files', (root) => (mkdirSync(join(root, 'mine')), writeFileSync(join(root, 'mine', 'thesis.tex'), 'precious'), join(root, 'mine'))],
    ['the corpus file itself', (root) => join(root, 'corpus.txt')],
    ['an empty folder', (root) => (mkdirSync(join(root, 'empty')), join(root, 'empty'))],
    ['a folder holding only W.npy', (root) => (mkdirSync(join(root, 'half')), writeFileSync(join(root, 'half', 'W.npy'), 'x'), join(root, 'half'))],
    ['a folder whose run.json is a folder', (root) => (mkdirSync(join(root, 'odd', 'run.json'), { recursive: true }), join(root, 'odd'))],
    ['the parent of the corpus', (root) => root],
  ];
  it.each(refusals)('refuses --force over %s and changes nothing', async (_name, make) => {
    const root = setUp();
    const out = make(root);
    const before = snapshot(root);
    await expect(train(root, out, true)).rejects.toMatchObject({ code: 'already-exists', message: expect.stringMatching(/not a Firth run folder.*nothing was changed/) });
    expect(snapshot(root)).toEqual(before);
  });

  it('without --force refuses any existing path', async () => {
    const root = setUp();
    mkdirSync(join(root, 'run'));
    await expect(train(root, join(root, 'run'))).rejects.toMatchObject({ code: 'already-exists', message: expect.stringContaining('--force') });
  });

  it('--force over an earlier run moves it whole to the trash', async () => {
    const root = setUp();
    const out = join(root, 'run');
    await train(root, out);
    const earlier = snapshot(out);
    await train(root, out, true);
    const trashed = readdirSync(join(root, 'data', 'trash'));
    expect(trashed).toHaveLength(1);
    expect(snapshot(join(root, 'data', 'trash', trashed[0]))).toEqual(earlier);
    expect(existsSync(join(out, 'run.json'))).toBe(true);
    expect(readdirSync(root).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('a run that fails after it started leaves no staging folder and no run folder', async () => {
    const root = setUp();
    writeFileSync(join(root, 'corpus.txt'), '');
    await expect(train(root, join(root, 'run'))).rejects.toMatchObject({ message: expect.stringContaining('is empty') });
    expect(readdirSync(root).filter((name) => name.startsWith('.') || name === 'run')).toEqual([]);
  });

  it('checks a run folder by its run record only', () => {
    const root = folder();
    mkdirSync(join(root, 'run'));
    writeFileSync(join(root, 'run', 'run.json'), '{}');
    expect(() => checkRunFolderReplaceable(join(root, 'run'), true)).not.toThrow();
    expect(() => checkRunFolderReplaceable(join(root, 'none'), false)).not.toThrow();
  });

  it('the trash keeps two replaced things of one name apart', () => {
    const root = folder();
    for (let index = 0; index < 2; index++) {
      writeFileSync(join(root, 'x'), String(index));
      moveToTrash(join(root, 'x'), join(root, 'trash'));
    }
    expect(readdirSync(join(root, 'trash'))).toHaveLength(2);
  });

  const exportRefusals: Array<[string, 'word2vec-text' | 'csv' | 'npy' | 'projector', (root: string) => string]> = [
    ['a user file without a manifest', 'word2vec-text', (root) => (writeFileSync(join(root, 'notes.txt'), 'mine'), join(root, 'notes.txt'))],
    ['a user CSV without a manifest', 'csv', (root) => (writeFileSync(join(root, 'data.csv'), 'a,b'), join(root, 'data.csv'))],
    ['a folder where a file export goes', 'word2vec-text', (root) => (mkdirSync(join(root, 'dir')), writeFileSync(join(root, 'dir', 'f'), 'x'), join(root, 'dir'))],
    ['a user folder with vocab.txt in it', 'npy', (root) => (mkdirSync(join(root, 'n')), writeFileSync(join(root, 'n', 'vocab.txt'), 'mine'), join(root, 'n'))],
    ['a user folder with metadata.tsv in it', 'projector', (root) => (mkdirSync(join(root, 'p')), writeFileSync(join(root, 'p', 'metadata.tsv'), 'mine'), join(root, 'p'))],
  ];
  it.each(exportRefusals)('export --force refuses %s and changes nothing', async (_name, format, make) => {
    const root = folder();
    const out = make(root);
    const before = snapshot(root);
    await expect(exportEmbedding(small, { format, out, force: true, trashFolder: join(root, 'trash'), manifest: provenance })).rejects.toMatchObject({
      code: 'already-exists',
    });
    expect(snapshot(root)).toEqual(before);
  });

  it.each(['word2vec-text', 'glove', 'csv'] as const)('export --force replaces an earlier %s export, its files to the trash', async (format) => {
    const root = folder();
    const out = join(root, 'vectors');
    await exportEmbedding(small, { format, out, manifest: provenance });
    const earlier = readFileSync(out);
    await exportEmbedding({ ...small, words: ['c', 'd'] }, { format, out, force: true, trashFolder: join(root, 'trash'), manifest: provenance });
    const [trashed] = readdirSync(join(root, 'trash'));
    expect(readFileSync(join(root, 'trash', trashed, 'vectors'))).toEqual(earlier);
    expect(readdirSync(join(root, 'trash', trashed)).sort()).toEqual(['vectors', 'vectors.manifest.json']);
  });

  it.each(['npy', 'projector'] as const)('export --force replaces an earlier %s folder export, keeping other files there', async (format) => {
    const root = folder();
    const out = join(root, 'bundle');
    await exportEmbedding(small, { format, out, manifest: provenance });
    writeFileSync(join(out, 'README.mine'), 'keep me');
    await exportEmbedding(small, { format, out, force: true, trashFolder: join(root, 'trash'), manifest: provenance });
    expect(readFileSync(join(out, 'README.mine'), 'utf8')).toBe('keep me');
    expect(readdirSync(join(root, 'trash'))).toHaveLength(1);
  });
});
