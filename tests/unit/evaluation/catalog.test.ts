import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledTestSetPath, bundledTestSets, findBundledTestSet, readAnalogySet, readSimilaritySet } from '../../../src/engine/evaluation';

const testSetsFolder = join(import.meta.dirname, '..', '..', '..', 'resources', 'testsets');

describe('bundled test sets', () => {
  it.each(bundledTestSets.map((set) => [set.id, set] as const))('%s is shipped, cited and parses cleanly', async (id, set) => {
    const file = bundledTestSetPath(testSetsFolder, id);
    expect(existsSync(file)).toBe(true);
    expect(set.citation).toMatch(/\d{4}/);
    if (set.kind === 'similarity') {
      const parsed = await readSimilaritySet(file);
      expect(parsed.pairs).toHaveLength(set.items);
      expect(parsed.problems).toEqual([]);
      expect(parsed.header).toBeUndefined();
    } else {
      const parsed = await readAnalogySet(file);
      expect(parsed.questions).toHaveLength(set.items);
      expect(parsed.problems).toEqual([]);
      expect(parsed.sections).toHaveLength(14);
    }
  });

  it('names an unknown set and lists the known ones', () => {
    expect(() => findBundledTestSet('rw')).toThrow(/No bundled test set "rw" \(there are: ws353, /);
  });

  it('reports a missing file as not-found', async () => {
    await expect(readSimilaritySet(join(testSetsFolder, 'nope.txt'))).rejects.toMatchObject({ code: 'not-found' });
  });
});
