import { describe, expect, it } from 'vitest';
import { chooseLabels, LABEL_GAP_PX, LABEL_HEIGHT_PX } from '../../../src/renderer/src/compare/scatter-labels';
import { colourBins, insidePlot, pixelPositions, plotDomains, pointsInRectangle, toScreen } from '../../../src/renderer/src/compare/scatter-layout';

const plot = { left: 0, top: 0, right: 200, bottom: 100 };
const identity = { k: 1, x: 0, y: 0 };

describe('scatter map layout', () => {
  it('shows the data with a margin, one unit as long on both axes when asked', () => {
    const x = [0, 10, Number.NaN];
    const y = [0, 10, 5];
    const free = plotDomains(x, y, 3, plot, false);
    expect(free.x[0]).toBeCloseTo(-0.4, 10);
    expect(free.x[1]).toBeCloseTo(10.4, 10);
    expect(free.y).toEqual(free.x);
    const equal = plotDomains(x, y, 3, plot, true);
    // 200 × 100 pixels: the width shows twice the data units of the height, around the same centre.
    expect(equal.y[0]).toBeCloseTo(-0.4, 10);
    expect(equal.x[1] - equal.x[0]).toBeCloseTo(2 * (equal.y[1] - equal.y[0]), 10);
    expect((equal.x[0] + equal.x[1]) / 2).toBeCloseTo(5, 10);
    expect(plotDomains([Number.NaN], [1], 1, plot, false)).toEqual({ x: [-1.08, 1.08], y: [-1.08, 1.08] });
  });

  it('bins points by value, the most frequent last within a bin, points without a value in the last bin', () => {
    const bins = colourBins(5, [0, 0.9, 0.1, Number.NaN, 0.6], [0, 1], 2);
    expect(Array.from(bins.pointBin)).toEqual([0, 1, 0, 2, 1]);
    expect(Array.from(bins.binStart)).toEqual([0, 2, 4, 5]);
    expect(Array.from(bins.order)).toEqual([2, 0, 4, 1, 3]);
    const single = colourBins(3, null, null, 32);
    expect(Array.from(single.binStart)).toEqual([0, 3]);
    expect(Array.from(single.order)).toEqual([2, 1, 0]);
  });

  it('maps through the zoom and picks the points in a rectangle on screen', () => {
    const { pixelX, pixelY } = pixelPositions([0, 1, 2], [0, 1, 2], 3, (value) => value * 10, (value) => 100 - value * 10);
    expect(Array.from(pixelX)).toEqual([0, 10, 20]);
    const zoom = { k: 2, x: 5, y: -100 };
    expect(toScreen(pixelX[1], zoom, 'x')).toBe(25);
    expect(toScreen(pixelY[1], zoom, 'y')).toBe(80);
    expect(pointsInRectangle(pixelX, pixelY, zoom, [[20, 50], [50, 90]])).toEqual([1, 2]);
    expect(insidePlot(plot, -3, 50)).toBe(false);
    expect(insidePlot(plot, -3, 50, 4)).toBe(true);
  });
});

describe('scatter map labels', () => {
  const measure = () => 30;
  const input = (pixelX: number[], pixelY: number[], extra: Partial<Parameters<typeof chooseLabels>[0]> = {}) => ({
    pixelX: Float32Array.from(pixelX),
    pixelY: Float32Array.from(pixelY),
    zoom: identity,
    plot,
    focus: null,
    selected: [],
    measure,
    maxLabels: 250,
    ...extra,
  });

  it('labels words by rank where they overlap nothing placed before, on the left when the right is taken', () => {
    const labels = chooseLabels(input([50, 52, 100, 150], [50, 50, 50, 95]));
    // Word 1 sits 2 px right of word 0: its right box overlaps word 0's, so it goes left, which is free.
    expect(labels.map((label) => [label.index, label.x])).toEqual([
      [0, 50 + LABEL_GAP_PX],
      [1, 52 - LABEL_GAP_PX - 30],
      [2, 100 + LABEL_GAP_PX],
    ]);
    // Word 3's box would leave the plot at the bottom.
    expect(labels.every((label) => label.y + label.height <= plot.bottom && label.height === LABEL_HEIGHT_PX)).toBe(true);
  });

  it('always labels the focus, names only the selection when there is one, and stops at the cap', () => {
    // Words 0, 1 and 2 share a point: the focus takes the right, selected word 1 the left; word 0 is not selected.
    const crowded = input([50, 50, 50, 120], [50, 50, 50, 50], { focus: 2, selected: [1, 3] });
    const labels = chooseLabels(crowded);
    expect(labels.map((label) => [label.index, label.strong, label.x])).toEqual([
      [2, true, 50 + LABEL_GAP_PX],
      [1, true, 50 - LABEL_GAP_PX - 33],
      [3, true, 120 + LABEL_GAP_PX],
    ]);
    expect(chooseLabels({ ...input([10, 60, 110, 160], [20, 20, 20, 20]), maxLabels: 2 }).map((label) => label.index)).toEqual([0, 1]);
  });

  it('names the found word\'s surroundings, nearest first, before the words by rank (Find keeps the labels around it)', () => {
    // Word 2 is found (focused and selected alone): word 3 beside it is named before words 0 and 1.
    const points = input([10, 190, 100, 108, 100], [10, 90, 50, 70, 22], { focus: 2, selected: [2], maxLabels: 3 });
    expect(chooseLabels(points).map((label) => [label.index, label.strong])).toEqual([
      [2, true],
      [3, false],
      [4, false],
    ]);
    // Then the rest by rank, as with no selection; without a focus, rank order alone.
    expect(chooseLabels({ ...points, maxLabels: 250 }).map((label) => label.index)).toEqual([2, 3, 4, 0, 1]);
    expect(chooseLabels({ ...points, focus: null, selected: [], maxLabels: 3 }).map((label) => label.index)).toEqual([0, 1, 2]);
    // A selection of other words still names only itself, the focus and the focus's surroundings (within reach).
    const far = input([10, 190, 100, 108], [10, 90, 50, 70], { focus: 2, selected: [1] });
    expect(chooseLabels(far).map((label) => label.index)).toEqual([2, 1, 3, 0]);
  });

  it('puts a label on the left of a point near the right edge and skips points off the plot', () => {
    const labels = chooseLabels(input([190, 250], [50, 50]));
    expect(labels).toHaveLength(1);
    expect(labels[0]).toMatchObject({ index: 0, x: 190 - LABEL_GAP_PX - 30 });
  });
});
