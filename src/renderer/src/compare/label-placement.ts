// Greedy label placement: candidates come in priority order (focus, selection, then frequency rank)
// and each is kept only if its box overlaps none kept before it. A coarse grid of cells, each listing
// the boxes that touch it, keeps a test to the few boxes nearby instead of all of them.

export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

const DEFAULT_CELL_SIZE = 40;
// Cell coordinates are packed into one number key; the offset keeps negative cells apart from positive ones.
const CELL_OFFSET = 1 << 15;
const CELL_STRIDE = 1 << 16;

export class LabelOccupancy {
  readonly cellSize: number;
  private readonly cells = new Map<number, LabelBox[]>();
  private placedCount = 0;

  constructor(cellSize = DEFAULT_CELL_SIZE) {
    this.cellSize = cellSize;
  }

  get count(): number {
    return this.placedCount;
  }

  overlaps(box: LabelBox): boolean {
    let found = false;
    this.forEachCell(box, (key) => {
      const boxes = this.cells.get(key);
      if (!boxes) return false;
      for (const other of boxes) {
        if (intersects(box, other)) {
          found = true;
          return true;
        }
      }
      return false;
    });
    return found;
  }

  /** Records a box whether or not it overlaps others (the focus label is always drawn). */
  add(box: LabelBox): void {
    this.forEachCell(box, (key) => {
      const boxes = this.cells.get(key);
      if (boxes) boxes.push(box);
      else this.cells.set(key, [box]);
      return false;
    });
    this.placedCount += 1;
  }

  /** Adds the box when it overlaps nothing placed so far; says whether it did. */
  tryPlace(box: LabelBox): boolean {
    if (this.overlaps(box)) return false;
    this.add(box);
    return true;
  }

  // Visits the cells a box touches until the visitor returns true.
  private forEachCell(box: LabelBox, visit: (key: number) => boolean): void {
    const size = this.cellSize;
    const firstColumn = Math.floor(box.x / size);
    const lastColumn = Math.floor((box.x + box.width) / size);
    const firstRow = Math.floor(box.y / size);
    const lastRow = Math.floor((box.y + box.height) / size);
    for (let column = firstColumn; column <= lastColumn; column++) {
      for (let row = firstRow; row <= lastRow; row++) {
        if (visit((column + CELL_OFFSET) * CELL_STRIDE + (row + CELL_OFFSET))) return;
      }
    }
  }
}

/** Open intervals: boxes that only share an edge do not overlap. */
export function intersects(a: LabelBox, b: LabelBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** A label to place: its box, and optionally a second place to try and whether it must be drawn. */
export interface LabelCandidate extends LabelBox {
  /** Tried when the box overlaps a placed one (a word's label on the other side of its point). */
  fallback?: LabelBox;
  /** Placed whatever it overlaps, and blocks later labels (the focused word). */
  forced?: boolean;
}

export interface PlacementOptions {
  /** At most this many labels are placed; the rest of the candidates are not looked at. */
  maxLabels: number;
  cellSize?: number;
  /**
   * The boxes placed so far. Pass one to let a lazy candidate list look at it between candidates (and
   * skip work for a label that cannot fit); placeLabels adds every box it places to it.
   */
  occupancy?: LabelOccupancy;
}

/**
 * The candidates, in the order given, whose boxes overlap no earlier placed box: a candidate whose box
 * overlaps is placed at its fallback when that is free (and comes back with the fallback's box).
 */
export function placeLabels<T extends LabelCandidate>(candidates: Iterable<T>, { maxLabels, cellSize, occupancy = new LabelOccupancy(cellSize) }: PlacementOptions): T[] {
  const placed: T[] = [];
  if (maxLabels <= 0) return placed;
  for (const candidate of candidates) {
    if (candidate.forced) {
      occupancy.add(candidate);
      placed.push(candidate);
    } else if (occupancy.tryPlace(candidate)) {
      placed.push(candidate);
    } else if (candidate.fallback && occupancy.tryPlace(candidate.fallback)) {
      const { x, y, width, height } = candidate.fallback;
      placed.push({ ...candidate, x, y, width, height, fallback: undefined });
    } else {
      continue;
    }
    if (placed.length >= maxLabels) break;
  }
  return placed;
}
