import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, runCli } from '../../helpers/cli';
import { useTempFolders } from '../../helpers/temp-folder';
import { testWorkbench } from '../../helpers/workbench';

const folder = useTempFolders();
beforeAll(() => ensureCliBuilt(), 120_000);

/** A small corpus where "cat" and "dog" share contexts and "stone" does not. */
function writeCorpus(file: string): void {
  const lines: string[] = [];
  for (let index = 0; index < 200; index++) {
    lines.push(index % 2 === 0 ? 'the cat eats food and sleeps on the mat' : 'the dog eats food and sleeps in the yard');
    lines.push('a stone lies in the field near the river');
    if (index % 10 === 0) lines.push('');
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('Explore evidence', () => {
  it('reads a run’s contexts, shared contexts and concordance lines from its corpus with its settings', async () => {
    const root = folder();
    const corpus = join(root, 'corpus.txt');
    writeCorpus(corpus);
    const data = join(root, 'data');
    const run = join(root, 'run');
    const trained = runCli(['train', 'sppmi-svd', '--corpus', corpus, '--out', run, '--dimensions', '4', '--window', '2', '--min-count', '2', '--quiet'], data);
    expect(trained.code, trained.stderr).toBe(0);
    const workbench = testWorkbench(data);

    const single = await workbench.exploreEvidence({ folder: run, word: 'CAT' });
    expect(single.counting).toMatchObject({ window: 2, crossLines: false, lowercase: true });
    expect(single.indexBuilt).toBe(true);
    expect(single.word.occurrences).toBe(100);
    // "the cat eats food": within 2 of cat are the, eats, food.
    expect(Object.fromEntries(single.word.byCount.map((row) => [row.context, row.count]))).toEqual({ the: 100, eats: 100, food: 100 });
    expect(single.concordance.total).toBe(100);
    // Line numbers are the file's, blank lines counted: cat, stone, (blank), dog, stone, cat…
    expect(single.concordance.lines[0]).toMatchObject({ line: 1, left: ['the'], keyword: 'cat' });
    expect(single.concordance.lines[1].line).toBe(6);

    const pair = await workbench.exploreEvidence({ folder: run, word: 'cat', other: 'dog' });
    expect(pair.indexBuilt).toBe(false);
    expect(pair.shared!.map((row) => row.context).sort()).toEqual(['eats', 'food', 'the']);
    expect(pair.shared![0]).toMatchObject({ countA: 100, countB: 100 });
    // cat and dog never share a line: no pair lines.
    expect(pair.concordance.total).toBe(0);
    const near = await workbench.exploreEvidence({ folder: run, word: 'cat', other: 'eats' });
    expect(near.concordance.total).toBe(100);
    expect(near.concordance.lines[0].otherOffsets).toEqual([1]);

    await expect(workbench.exploreEvidence({ folder: corpus, word: 'cat' })).rejects.toThrow(/not a run folder/);
  });
});
