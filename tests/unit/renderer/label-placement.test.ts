import { describe, expect, it } from 'vitest';
import { intersects, LabelOccupancy, placeLabels, type LabelBox } from '../../../src/renderer/src/compare/label-placement';

const box = (x: number, y: number, width = 30, height = 12, id = `${x},${y}`): LabelBox & { id: string } => ({ x, y, width, height, id });

describe('label placement', () => {
  it('keeps the first of overlapping boxes', () => {
    const placed = placeLabels([box(0, 0, 30, 12, 'first'), box(10, 5, 30, 12, 'second'), box(-20, -6, 30, 12, 'third')], { maxLabels: 10 });
    expect(placed.map((label) => label.id)).toEqual(['first']);
  });

  it('places every box when none overlap, edges touching included', () => {
    const boxes = [box(0, 0), box(30, 0), box(0, 12), box(200, 300), box(-100, -50)];
    expect(placeLabels(boxes, { maxLabels: 10 })).toEqual(boxes);
  });

  it('finds overlaps across grid cells, for boxes larger than a cell too', () => {
    const wide = box(-5, -5, 500, 10, 'wide');
    const placed = placeLabels([wide, box(470, 2, 20, 10, 'under'), box(10, 40, 20, 10, 'below')], { maxLabels: 10, cellSize: 16 });
    expect(placed.map((label) => label.id)).toEqual(['wide', 'below']);
  });

  it('stops at the cap, counting placed labels only', () => {
    const boxes = Array.from({ length: 100 }, (_, index) => box((index % 10) * 40, Math.floor(index / 10) * 20));
    expect(placeLabels(boxes, { maxLabels: 25 })).toEqual(boxes.slice(0, 25));
    const stacked = [box(0, 0), box(1, 1), box(2, 2), box(100, 0), box(200, 0)];
    expect(placeLabels(stacked, { maxLabels: 2 }).map((label) => label.x)).toEqual([0, 100]);
    expect(placeLabels(boxes, { maxLabels: 0 })).toEqual([]);
  });

  it('lets a forced box block later ones', () => {
    const occupancy = new LabelOccupancy();
    occupancy.add(box(0, 0));
    occupancy.add(box(5, 5));
    expect(occupancy.count).toBe(2);
    expect(occupancy.tryPlace(box(20, 8))).toBe(false);
    expect(occupancy.tryPlace(box(40, 8))).toBe(true);
    expect(intersects(box(0, 0), box(30, 0))).toBe(false);
  });
});
