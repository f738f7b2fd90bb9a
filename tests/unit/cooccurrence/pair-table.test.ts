import { describe, expect, it } from 'vitest';
import { PairTable } from '../../../src/engine/cooccurrence/pair-table';
import { pairTableToCsr } from '../../../src/engine/cooccurrence/pair-table-to-csr';

describe('PairTable', () => {
  it('keeps every count through many doublings, like a Map', async () => {
    const width = 5000;
    const table = new PairTable(width, 16);
    const expected = new Map<number, number>();
    let state = 12345;
    for (let step = 0; step < 60_000; step++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      const low = state % 300;
      const high = low + ((state >>> 9) % (width - low));
      const weight = 1 + (step % 3) / 4;
      table.add(low, high, weight);
      expected.set(low * width + high, (expected.get(low * width + high) ?? 0) + weight);
    }
    expect(table.size).toBe(expected.size);
    expect(table.keys.length).toBeGreaterThan(expected.size); // it grew from 16 slots
    for (const [key, value] of expected) expect(table.get(Math.floor(key / width), key % width)).toBe(value);
    expect(table.get(4999, 4999)).toBe(0);

    // Unordered pairs become a symmetric matrix, the diagonal counted from both ends.
    const matrix = await pairTableToCsr(table);
    let diagonal = 0;
    for (const [key] of expected) if (Math.floor(key / width) === key % width) diagonal++;
    expect(matrix.values.length).toBe(2 * expected.size - diagonal);
    expect(table.keys.length).toBe(0); // released
  });
});
