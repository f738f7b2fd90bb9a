import { describe, expect, it } from 'vitest';
import { createProgressLine } from '../../../src/cli/progress-line';

describe('progress line', () => {
  it('says "epoch 1 of 2" when the total is reported', () => {
    let written = '';
    const stream = { isTTY: true, write: (text: string) => ((written += text), true) } as unknown as NodeJS.WriteStream;
    const line = createProgressLine(stream);
    line.report({ phase: 'train', done: 10, total: 100, unit: 'words', details: { epoch: 1, epochs: 2, lr: 0.025 } });
    expect(written).toContain('epoch 1 of 2');
    expect(written).not.toMatch(/epochs 2/);
    expect(written).toContain('lr 0.025');
  });
});
