import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportEmbedding } from '../../../src/engine/formats';
import { doesntMatch, mostSimilar, wordSimilarity } from '../../../src/engine/vectors/keyed-queries';
import { ensureCliBuilt, runCli, runCliIntoSlowPipe } from '../../helpers/cli';
import { useTempFolders } from '../../helpers/temp-folder';
import { randomEmbedding, referenceKernels } from '../evaluation/helpers';
import { provenance } from '../formats/fixtures';

const folder = useTempFolders();
const embedding = randomEmbedding(
  Array.from({ length: 200 }, (_, index) => `w${index}`),
  12,
  4,
);

beforeAll(() => ensureCliBuilt(), 120_000);

async function vectorFile(): Promise<{ file: string; data: string }> {
  const root = folder();
  const file = join(root, 'vectors.txt');
  await exportEmbedding(embedding, { format: 'word2vec-text', out: file, manifest: provenance });
  return { file, data: join(root, 'data') };
}

describe('firth neighbors, similarity and doesnt-match', () => {
  it('answers as the engine does, from an expression or from --positive/--negative lists', async () => {
    const { file, data } = await vectorFile();
    const expected = await mostSimilar(embedding, { positive: ['w1', 'w3'], negative: ['w2'] }, 5, referenceKernels);
    for (const args of [['w1 - w2 + w3'], ['--positive', 'w1,w3', '--negative', 'w2'], ['w1', '--positive', 'w3', '--negative', 'w2']]) {
      const result = runCli(['neighbors', file, ...args, '-k', '5', '--json', '--backend', 'cpu'], data);
      expect(result.code, result.stderr).toBe(0);
      const json = JSON.parse(result.stdout) as { neighbors: Array<{ word: string; similarity: number }> };
      expect(json.neighbors.map((neighbor) => neighbor.word)).toEqual(expected.neighbors.map((neighbor) => neighbor.word));
      json.neighbors.forEach((neighbor, rank) => expect(neighbor.similarity).toBeCloseTo(expected.neighbors[rank].score, 5));
    }
    const cosmul = await mostSimilar(embedding, { positive: ['w1', 'w3'], negative: ['w2'] }, 3, referenceKernels, { method: '3cosmul' });
    const lines = runCli(['neighbors', file, 'w1 - w2 + w3', '--3cosmul', '-k', '3', '--backend', 'cpu'], data).stdout.trim().split('\n');
    expect(lines.map((line) => line.trim().split(/\s+/)[1])).toEqual(cosmul.neighbors.map((neighbor) => neighbor.word));

    const similarity = runCli(['similarity', file, 'w5', 'w9'], data);
    expect(similarity.code, similarity.stderr).toBe(0);
    expect(Number(similarity.stdout.trim())).toBeCloseTo(wordSimilarity(embedding, 'w5', 'w9').similarity, 4);

    const odd = runCli(['doesnt-match', file, 'w1', 'w2', 'w3', 'nosuchword', 'w4'], data);
    expect(odd.code, odd.stderr).toBe(0);
    expect(odd.stdout.trim()).toBe(doesntMatch(embedding, ['w1', 'w2', 'w3', 'w4']).word);
    expect(odd.stderr).toContain('Not in the vocabulary, left out: "nosuchword"');
  });

  it('speaks to users: unknown words, mistyped options, a missing model', async () => {
    const { file, data } = await vectorFile();
    const unknown = runCli(['neighbors', file, 'kingg'], data);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('firth: Not in the vocabulary: "kingg"');
    expect(runCli(['similarity', file, 'w1', 'kingg'], data).stderr.trim()).toBe('firth: Not in the vocabulary: "kingg"');
    const mistyped = runCli(['train', 'sgns', '--corpus', file, '--out', join(data, 'x'), '--dimension', '5'], data);
    expect(mistyped.code).toBe(1);
    expect(mistyped.stderr).toContain('Unknown option --dimension: did you mean --dimensions?');
    const noModel = runCli(['train', '--corpus', file, '--out', join(data, 'x')], data);
    expect(noModel.code).toBe(1);
    expect(noModel.stderr).toMatch(/A model is missing: firth train sgns\|sppmi-svd\|mf-sgns\|glove --corpus/);
  });

  it('writes all of a long --json answer into a pipe before it exits, however slowly the pipe is read', async () => {
    const root = folder();
    const file = join(root, 'many.txt');
    const words = Array.from({ length: 3000 }, (_, index) => `word${index}`);
    await exportEmbedding(randomEmbedding(words, 8, 5), { format: 'word2vec-text', out: file, manifest: provenance });
    // A command that exits with its answer still queued behind a full pipe loses all but the first
    // 64 KB, as `firth … --json | jq` did.
    const result = runCliIntoSlowPipe(['neighbors', file, 'word1', '-k', '2999', '--json', '--backend', 'cpu'], join(root, 'data'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(65_536);
    expect((JSON.parse(result.stdout) as { neighbors: unknown[] }).neighbors).toHaveLength(2999);
  });
});
