import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportEmbedding, type Embedding } from '../../../src/engine/formats';
import { mostSimilar } from '../../../src/engine/vectors/keyed-queries';
import { useTempFolders } from '../../helpers/temp-folder';
import { testWorkbench } from '../../helpers/workbench';
import { randomEmbedding, referenceKernels } from '../evaluation/helpers';
import { provenance } from '../formats/fixtures';

const folder = useTempFolders();

async function writeSpace(root: string, name: string, embedding: Embedding): Promise<string> {
  const file = join(root, name);
  await exportEmbedding(embedding, { format: 'word2vec-text', out: file, manifest: provenance });
  return file;
}

describe('Explore service', () => {
  it('answers one query in several spaces side by side, echoing the words a space does not know', async () => {
    const root = folder();
    const first = randomEmbedding(['apple', 'banana', 'cherry', 'date', 'elder', 'fig', 'grape', 'kiwi'], 6, 1);
    const second = randomEmbedding(['apple', 'banana', 'cherry', 'date', 'fig', 'grape', 'lime'], 6, 2);
    // An all-zero vector is marked wherever it appears.
    second.vectors.fill(0, 6 * 6, 7 * 6);
    const spaces = [{ folder: await writeSpace(root, 'a.txt', first) }, { folder: await writeSpace(root, 'b.txt', second) }];
    const workbench = testWorkbench(join(root, 'data'));

    const answer = await workbench.exploreNeighbors({ spaces, expression: 'apple - banana + kiwi', k: 3 });
    expect(answer.results).toHaveLength(2);
    const expected = await mostSimilar(first, { positive: ['apple', 'kiwi'], negative: ['banana'] }, 3, referenceKernels);
    expect(answer.results[0].neighbors.map((word) => word.word)).toEqual(expected.neighbors.map((word) => word.word));
    expect(answer.results[0].unknown).toEqual([]);
    expect(answer.results[1].unknown).toEqual(['kiwi']);
    expect(answer.results[1].used.map((word) => word.word)).toEqual(['apple', 'banana']);
    expect(answer.results[1].neighbors.find((word) => word.word === 'lime')?.zeroVector ?? true).toBe(true);

    const similarity = await workbench.exploreSimilarity({ spaces, first: 'apple', second: 'kiwi' });
    expect(similarity.results[0].similarity).toBeTypeOf('number');
    expect(similarity.results[1]).toMatchObject({ similarity: null, unknown: ['kiwi'] });

    const odd = await workbench.exploreDoesntMatch({ spaces, words: ['apple', 'banana', 'cherry', 'kiwi'] });
    expect(odd.results[0].ranking).toHaveLength(4);
    expect(odd.results[1].unknown).toEqual(['kiwi']);
    expect(odd.results[1].ranking).toHaveLength(3);

    const vocabulary = await workbench.exploreVocabulary({ spaces, prefix: 'Gr' });
    expect(vocabulary.words.map((word) => word.word)).toEqual(['grape']);

    const missing = await workbench.exploreNeighbors({ spaces: [{ folder: join(root, 'nothing.txt') }], expression: 'apple' });
    expect(missing.results[0].error).toMatch(/nothing\.txt/);
  });
});
