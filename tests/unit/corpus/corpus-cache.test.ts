import { readdirSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrBuildCorpus } from '../../../src/engine/corpus/corpus-cache';
import { FirthError } from '../../../src/shared/errors';
import type { Progress } from '../../../src/shared/progress';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

function phasesOf(run: (onProgress: (progress: Progress) => void) => Promise<unknown>): Promise<Set<string>> {
  const phases = new Set<string>();
  return run((progress) => phases.add(progress.phase)).then(() => phases);
}

describe('loadOrBuildCorpus', () => {
  it('builds once, then reuses the entry without reading or even hashing the corpus', async () => {
    const folder = tempFolder();
    const corpus = join(folder, 'corpus.txt');
    writeFileSync(corpus, 'a b a c a b\nb a d\n');
    const cache = join(folder, 'cache');

    const first = await loadOrBuildCorpus(corpus, { minCount: 2 }, cache);
    expect(first.fromCache).toBe(false);
    expect(readdirSync(first.entryFolder).sort()).toEqual(['ids.i32', 'stats.json', 'vocab.tsv']);

    let phases = await phasesOf((onProgress) => loadOrBuildCorpus(corpus, { minCount: 2 }, cache, { onProgress }));
    expect(phases.has('read')).toBe(false);
    expect(phases.has('hash')).toBe(false);
    const second = await loadOrBuildCorpus(corpus, { minCount: 2 }, cache);
    expect(second).toMatchObject({ fromCache: true, hashFromMemo: true, entryFolder: first.entryFolder });
    expect(second.vocabulary.words).toEqual(first.vocabulary.words);
    expect([...second.vocabulary.counts]).toEqual([...first.vocabulary.counts]);
    expect([...second.ids]).toEqual([...first.ids]);
    expect(second.statistics).toEqual(first.statistics);

    // Same bytes, new modification time: hashed again, but not read.
    utimesSync(corpus, new Date(), new Date(Date.now() + 5000));
    phases = await phasesOf((onProgress) => loadOrBuildCorpus(corpus, { minCount: 2 }, cache, { onProgress }));
    expect(phases.has('hash')).toBe(true);
    expect(phases.has('read')).toBe(false);
  });

  it('builds a new entry when a setting or the content changes', async () => {
    const folder = tempFolder();
    const corpus = join(folder, 'corpus.txt');
    writeFileSync(corpus, 'A b a c a b\nb a d\n');
    const cache = join(folder, 'cache');
    const base = await loadOrBuildCorpus(corpus, { minCount: 2 }, cache);
    const otherMinCount = await loadOrBuildCorpus(corpus, { minCount: 1 }, cache);
    expect(otherMinCount.fromCache).toBe(false);
    expect(otherMinCount.entryFolder).not.toBe(base.entryFolder);
    const caseKept = await loadOrBuildCorpus(corpus, { minCount: 2, lowercase: false }, cache);
    expect(caseKept.fromCache).toBe(false);
    expect(caseKept.vocabulary.words).toEqual(['a', 'b']); // 'A' no longer counts as 'a'

    writeFileSync(corpus, 'x y x y\n');
    utimesSync(corpus, new Date(), new Date(Date.now() + 10_000));
    const changed = await loadOrBuildCorpus(corpus, { minCount: 2 }, cache);
    expect(changed.fromCache).toBe(false);
    expect(changed.vocabulary.words).toEqual(['x', 'y']);
  });

  it('rebuilds a damaged entry', async () => {
    const folder = tempFolder();
    const corpus = join(folder, 'corpus.txt');
    writeFileSync(corpus, 'a b a b a b\n');
    const cache = join(folder, 'cache');
    const first = await loadOrBuildCorpus(corpus, { minCount: 1 }, cache);
    truncateSync(join(first.entryFolder, 'ids.i32'), 4);
    const again = await loadOrBuildCorpus(corpus, { minCount: 1 }, cache);
    expect(again.fromCache).toBe(false);
    expect([...again.ids]).toEqual([...first.ids]);
    expect((await loadOrBuildCorpus(corpus, { minCount: 1 }, cache)).fromCache).toBe(true);
  });

  it('checks options and the file before any work', async () => {
    const folder = tempFolder();
    const missing = join(folder, 'missing.txt');
    await expect(loadOrBuildCorpus(missing, {}, join(folder, 'cache'))).rejects.toMatchObject({ code: 'not-found', where: { file: missing } });
    const empty = join(folder, 'empty.txt');
    writeFileSync(empty, '');
    await expect(loadOrBuildCorpus(empty, {}, join(folder, 'cache'))).rejects.toThrow(FirthError);
    await expect(loadOrBuildCorpus(empty, { tokenPattern: 'bytes' as never }, join(folder, 'cache'))).rejects.toMatchObject({
      where: { field: 'tokenPattern' },
    });
    const aborted = new AbortController();
    aborted.abort();
    writeFileSync(join(folder, 'ok.txt'), 'a a a a a');
    await expect(loadOrBuildCorpus(join(folder, 'ok.txt'), {}, join(folder, 'cache'), { signal: aborted.signal })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });
});
