import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { countCooccurrences } from '../../../src/engine/cooccurrence/count';
import { prepareCorpus } from '../../../src/engine/corpus/prepare-corpus';
import { sppmi } from '../../../src/engine/pmi/sppmi';
import { sampleCorpus } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

describe('sample corpus slice', () => {
  it('gives plausible counts on the first ~200 k tokens of text8', async () => {
    const text = gunzipSync(readFileSync(sampleCorpus)).subarray(0, 1_200_000).toString('latin1');
    const slice = text.slice(0, text.lastIndexOf(' ')); // whole words only
    const file = join(tempFolder(), 'text8-slice.txt.gz');
    const packed = gzipSync(slice);
    writeFileSync(file, packed);

    const words = slice.split(' ').filter((word) => word.length > 0);
    const prepared = await prepareCorpus(file); // defaults: unicode tokens, lowercase, min-count 5
    const { statistics, vocabulary, ids } = prepared;
    expect(statistics.tokens).toBe(words.length);
    expect(statistics.tokens).toBeGreaterThan(190_000);
    expect(statistics.types).toBe(new Set(words).size);
    expect(statistics.sha256).toBe(createHash('sha256').update(packed).digest('hex'));
    expect(vocabulary.words.slice(0, 3)).toEqual(['the', 'of', 'and']);
    expect(vocabulary.counts[0]).toBe(words.filter((word) => word === 'the').length);
    expect(vocabulary.counts.reduce((sum, count) => sum + count, 0)).toBe(statistics.keptTokens);
    expect(ids.length).toBe(statistics.tokens); // one line: no sentence ends
    expect(ids.filter((id) => id >= 0).length).toBe(statistics.keptTokens);
    expect(statistics.keptTokens / statistics.tokens).toBeGreaterThan(0.85); // 0.957 on the benchmark corpus, less on a slice

    // With OOV tokens deleted the corpus is one run of T words, so a flat window L gives exactly
    // 2·(L·T − L(L+1)/2) pair events.
    const counts = await countCooccurrences(ids, vocabulary.words.length, { window: 5, oovMode: 'dirty' });
    expect(counts.total).toBe(2 * (5 * statistics.keptTokens - 15));
    const positive = await sppmi(counts, { cds: 0.75, shiftK: 5 });
    expect(positive.values.length).toBeGreaterThan(0.3 * counts.values.length);
    expect(positive.values.length).toBeLessThan(0.7 * counts.values.length);
  });
});
