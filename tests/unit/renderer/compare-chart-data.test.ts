import { describe, expect, it } from 'vitest';
import {
  overlapDomain,
  binInRange,
  countInRange,
  cumulativeEnergy,
  energySummary,
  histogram,
  mean,
  snapRange,
  spectrumDomain,
  sweepDomain,
  sweepPoints,
} from '../../../src/renderer/src/compare/chart-data';

describe('overlap histogram', () => {
  it('counts values into 20 bins of 0.05, 1.0 in the last', () => {
    const bins = histogram([0, 0.01, 0.05, 0.5, 0.999, 1, 1, Number.NaN, -0.1, 1.2]);
    expect(bins).toHaveLength(20);
    expect(bins[0]).toMatchObject({ x0: 0, count: 2 });
    expect(bins[1].count).toBe(1);
    expect(bins[10].count).toBe(1);
    expect(bins[19]).toMatchObject({ x1: 1, count: 3 });
    expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(7);
    expect(bins[19].x0).toBe(0.95);
  });
  it('takes typed arrays and other bin counts', () => {
    expect(histogram(Float32Array.of(0.1, 0.6, 0.7), 2).map((bin) => bin.count)).toEqual([1, 2]);
  });
  it('means the finite values', () => {
    expect(mean([0.2, 0.4, Number.NaN])).toBeCloseTo(0.3);
    expect(mean([])).toBeNull();
  });
});

describe('overlap histogram range', () => {
  it('follows the data, snapped out to 0.05, at least 0.1 wide, within [0, 1]', () => {
    expect(overlapDomain([0.21, 0.3, 0.44])).toEqual([0.2, 0.45]);
    expect(overlapDomain(Float32Array.from([0.15, 0.35]))).toEqual([0.15, 0.35]);
    expect(overlapDomain([0, 0.25, 1])).toEqual([0, 1]);
    expect(overlapDomain([1, 1, Number.NaN])).toEqual([0.9, 1]);
    expect(overlapDomain([0, 0])).toEqual([0, 0.1]);
    expect(overlapDomain([0.5])).toEqual([0.45, 0.55]);
    expect(overlapDomain([])).toEqual([0, 1]);
  });
  it('bins and snaps within that range: 20 bins of its width', () => {
    const domain = overlapDomain([0.2, 0.3, 0.45]);
    const bins = histogram([0.2, 0.3, 0.45], 20, domain);
    expect(bins[0].x0).toBeCloseTo(0.2, 12);
    expect(bins[19].x1).toBeCloseTo(0.45, 12);
    expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(3);
    expect(snapRange([0.21, 0.26], (domain[1] - domain[0]) / 20, domain)).toEqual([0.2125, 0.2625]);
  });
});

describe('brush snapping', () => {
  it('rounds both ends to bin edges within [0, 1]', () => {
    expect(snapRange([0.12, 0.38])).toEqual([0.1, 0.4]);
    expect(snapRange([0.38, 0.12])).toEqual([0.1, 0.4]);
    expect(snapRange([-0.3, 1.4])).toEqual([0, 1]);
    expect(snapRange([0.149, 0.151])).toEqual([0.1, 0.15]);
  });
  it('widens a collapsed range to its bin, the last bin included', () => {
    expect(snapRange([0.11, 0.12])).toEqual([0.1, 0.15]);
    expect(snapRange([0.99, 1])).toEqual([0.95, 1]);
    expect(snapRange([1, 1])).toEqual([0.95, 1]);
  });
  it('is null outside the domain', () => {
    expect(snapRange([1.2, 1.5])).toBeNull();
  });
  it('selects bins and values in range', () => {
    const bins = histogram([0.1, 0.12, 0.3, 1]);
    expect(bins.filter((bin) => binInRange(bin, [0.1, 0.2])).map((bin) => bin.x0)).toEqual([0.1, 0.15]);
    expect(binInRange(bins[0], null)).toBe(false);
    expect(countInRange([0.1, 0.12, 0.3, 1], [0.1, 0.3])).toBe(3);
    expect(countInRange([0.1, 1], null)).toBe(0);
  });
});

describe('k sweep', () => {
  it('numbers points from k = 1', () => {
    expect(sweepPoints([0, 0.5, 0.2])).toEqual([
      { k: 1, jaccard: 0 },
      { k: 2, jaccard: 0.5 },
      { k: 3, jaccard: 0.2 },
    ]);
    expect(sweepDomain([0.3, 0.4, 0.5])).toEqual([1, 3]);
    expect(sweepDomain([1])).toEqual([1, 2]);
  });
});

describe('spectrum', () => {
  it('accumulates the energy share: σ = [3, 2, 1], ‖M‖² = 20', () => {
    const energy = cumulativeEnergy([3, 2, 1], 20);
    expect(energy).toHaveLength(3);
    [0.45, 0.65, 0.7].forEach((expected, index) => expect(energy[index]).toBeCloseTo(expected, 12));
    expect(cumulativeEnergy([1], 0)).toEqual([0]);
  });
  it('spans the positive singular values on a log axis', () => {
    expect(spectrumDomain([5, 2, 0, 0.5])).toEqual([0.5, 5]);
    expect(spectrumDomain([2])).toEqual([0.2, 20]);
    expect(spectrumDomain([])).toEqual([0.1, 1]);
  });
  it('says how much energy d components keep', () => {
    expect(energySummary(100, 0.4213)).toBe("d = 100: 42.1 % of the SPPMI matrix's energy");
  });
});
