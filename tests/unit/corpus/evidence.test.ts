import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConcordanceIndex, lineOfToken, openConcordanceIndex, positionsOf } from '../../../src/engine/corpus/concordance-index';
import { concordance, sharedContexts, wordContexts } from '../../../src/engine/corpus/evidence';
import { useTempFolders } from '../../helpers/temp-folder';

const folder = useTempFolders();
const options = { lowercase: true, tokenPattern: 'unicode' as const };

const text = ['The king rules the land.', '', 'A queen rules the land, and the king.', 'Dogs bark; the king sleeps.', ''].join('\n');

function corpus(): string {
  const file = join(folder(), 'corpus.txt');
  writeFileSync(file, text);
  return file;
}

describe('concordance index', () => {
  it('finds every occurrence with the file’s own line numbers (blank lines counted)', async () => {
    const index = await buildConcordanceIndex(corpus(), options);
    const kings = Array.from(positionsOf(index, 'king'));
    expect(kings.map((position) => lineOfToken(index, position))).toEqual([1, 3, 4]);
    expect(kings.map((position) => index.types[index.tokens[position]])).toEqual(['king', 'king', 'king']);
    expect(positionsOf(index, 'nothing')).toHaveLength(0);
  });

  it('is saved beside the corpus cache and read back the same', async () => {
    const file = corpus();
    const cache = join(folder(), 'cache');
    const first = await openConcordanceIndex(cache, file, options);
    const second = await openConcordanceIndex(cache, file, options);
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(second.index.types).toEqual(first.index.types);
    expect(Array.from(second.index.tokens)).toEqual(Array.from(first.index.tokens));
    expect(Array.from(second.index.lineStarts)).toEqual(Array.from(first.index.lineStarts));
    expect(Array.from(second.index.postings)).toEqual(Array.from(first.index.postings));
  });
});

describe('evidence', () => {
  it('counts contexts within the window and the line, and ranks them by PMI and count', async () => {
    const index = await buildConcordanceIndex(corpus(), options);
    const settings = { window: 2, crossLines: false, alpha: 1 };
    const king = wordContexts(index, 'king', settings, { minPairCount: 1 });
    // Line 1 "the king rules the": the, rules, the(2 away)… by hand:
    //   line 1: the [king] rules the        → the, rules, the
    //   line 3: and the [king]               → and, the
    //   line 4: bark the [king] sleeps       → bark, the, sleeps
    const counts = Object.fromEntries(king.byCount.map((row) => [row.context, row.count]));
    expect(counts).toEqual({ the: 4, rules: 1, and: 1, bark: 1, sleeps: 1 });
    expect(king.occurrences).toBe(3);
    expect(king.contextsCounted).toBe(8);
    // PMI with α = 1: log( (#(w,c)/Σ) / (#c/N) ).
    const tokens = index.tokens.length;
    const the = king.byCount.find((row) => row.context === 'the')!;
    expect(the.contextCount).toBe(5);
    expect(the.pmi).toBeCloseTo(Math.log(4 / 8 / (5 / tokens)), 10);
    expect(king.byPmi[0].pmi).toBeGreaterThanOrEqual(king.byPmi[king.byPmi.length - 1].pmi);
    // Windows that cross line ends reach more contexts ("land" before line 3, "dogs" after it).
    const crossing = wordContexts(index, 'king', { ...settings, crossLines: true }, { minPairCount: 1 });
    expect(crossing.contextsCounted).toBeGreaterThan(king.contextsCounted);
    // Only the run's vocabulary counts as contexts.
    const restricted = wordContexts(index, 'king', { ...settings, inVocabulary: (word) => word !== 'the' }, { minPairCount: 1, cacheKey: 'no-the' });
    expect(restricted.byCount.map((row) => row.context)).not.toContain('the');
    // Removed before windowing (word2vec's way), "the" no longer takes a place: the window reaches further.
    const dirty = wordContexts(index, 'king', { ...settings, inVocabulary: (word) => word !== 'the', skipOutOfVocabulary: true }, { minPairCount: 1, cacheKey: 'no-the' });
    // line 1: [king] rules land; line 3: land and [king]; line 4: dogs bark [king] sleeps.
    expect(Object.fromEntries(dirty.byCount.map((row) => [row.context, row.count]))).toEqual({ rules: 1, land: 2, and: 1, dogs: 1, bark: 1, sleeps: 1 });
  });

  it('ranks shared contexts by the smaller PMI, with both counts', async () => {
    const index = await buildConcordanceIndex(corpus(), options);
    const rows = sharedContexts(index, 'king', 'queen', { window: 2, crossLines: false, alpha: 0.75 });
    expect(rows.map((row) => row.context).sort()).toEqual(['rules', 'the'].sort());
    const rules = rows.find((row) => row.context === 'rules')!;
    expect(rules).toMatchObject({ countA: 1, countB: 1 });
    expect(rules.minPmi).toBe(Math.min(rules.pmiA, rules.pmiB));
    for (let rank = 1; rank < rows.length; rank++) expect(rows[rank].minPmi).toBeLessThanOrEqual(rows[rank - 1].minPmi);
  });

  it('gives concordance lines with line numbers, and pair lines where the other word is in the window', async () => {
    const index = await buildConcordanceIndex(corpus(), options);
    const settings = { window: 2, crossLines: false, alpha: 0.75 };
    const lines = concordance(index, 'king', settings, { span: 2 });
    expect(lines.total).toBe(3);
    expect(lines.lines.map((line) => [line.line, line.left.join(' '), line.keyword, line.right.join(' ')])).toEqual([
      [1, 'the', 'king', 'rules the'],
      [3, 'and the', 'king', ''],
      [4, 'bark the', 'king', 'sleeps'],
    ]);
    const pair = concordance(index, 'king', settings, { other: 'rules' });
    expect(pair.total).toBe(1);
    expect(pair.lines[0]).toMatchObject({ line: 1, otherOffsets: [1] });
    expect(concordance(index, 'king', settings, { limit: 1 })).toMatchObject({ total: 3, lines: [{ line: 1 }] });
  });
});
