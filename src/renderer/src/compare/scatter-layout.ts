// The geometry of a scatter map, apart from drawing: where each point sits on screen before and after
// zooming, the colour bin it is drawn with, and which points a rectangle or a position picks.

/** The plot's frame in screen pixels. */
export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A d3 zoom transform: screen = k · unzoomed + (x, y). */
export interface Zoom {
  k: number;
  x: number;
  y: number;
}

/** Margin around the data so the extreme points are not cut by the frame (4 % each side). */
const dataMargin = 1.08;

/**
 * The data ranges the plot's width and height show: the finite points' extent with a margin, centred;
 * with `equalAspect` one data unit is as many pixels on both axes. No finite point: [−1, 1] on both.
 */
export function plotDomains(x: ArrayLike<number>, y: ArrayLike<number>, count: number, plot: PlotArea, equalAspect: boolean): { x: [number, number]; y: [number, number] } {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let index = 0; index < count; index++) {
    const px = x[index];
    const py = y[index];
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    if (px < xMin) xMin = px;
    if (px > xMax) xMax = px;
    if (py < yMin) yMin = py;
    if (py > yMax) yMax = py;
  }
  if (!Number.isFinite(xMin)) [xMin, xMax, yMin, yMax] = [-1, 1, -1, 1];
  let xSpan = (xMax - xMin || 1) * dataMargin;
  let ySpan = (yMax - yMin || 1) * dataMargin;
  if (equalAspect) {
    const unitsPerPixel = Math.max(xSpan / (plot.right - plot.left), ySpan / (plot.bottom - plot.top));
    xSpan = unitsPerPixel * (plot.right - plot.left);
    ySpan = unitsPerPixel * (plot.bottom - plot.top);
  }
  const xCentre = (xMin + xMax) / 2;
  const yCentre = (yMin + yMax) / 2;
  return { x: [xCentre - xSpan / 2, xCentre + xSpan / 2], y: [yCentre - ySpan / 2, yCentre + ySpan / 2] };
}

/** Each point's unzoomed screen position, through the base scales. */
export function pixelPositions(x: ArrayLike<number>, y: ArrayLike<number>, count: number, scaleX: (value: number) => number, scaleY: (value: number) => number) {
  const pixelX = new Float32Array(count);
  const pixelY = new Float32Array(count);
  for (let index = 0; index < count; index++) {
    pixelX[index] = scaleX(x[index]);
    pixelY[index] = scaleY(y[index]);
  }
  return { pixelX, pixelY };
}

/** Points grouped by colour, so a frame sets each colour once: bin b is order[binStart[b] … binStart[b+1]). */
export interface ColourBins {
  /** The bin of each point; `bins` (the last) for a point without a finite value. */
  pointBin: Uint8Array<ArrayBuffer>;
  binStart: Uint32Array<ArrayBuffer>;
  /** Within a bin, the most frequent (lowest index) come last, so they are drawn on top. */
  order: Uint32Array<ArrayBuffer>;
}

/** Bins `count` points by value over `domain` into `bins` equal bins (plus one for no value); no values: one bin. */
export function colourBins(count: number, values: ArrayLike<number> | null, domain: [number, number] | null, bins: number): ColourBins {
  const binCount = values && domain ? bins + 1 : 1;
  const pointBin = new Uint8Array(count);
  if (values && domain) {
    const [low, high] = domain;
    for (let index = 0; index < count; index++) {
      const value = index < values.length ? values[index] : NaN;
      pointBin[index] = Number.isFinite(value) ? Math.min(bins - 1, Math.max(0, Math.floor(((value - low) / (high - low)) * bins))) : bins;
    }
  }
  // Counting sort by bin.
  const binStart = new Uint32Array(binCount + 1);
  for (let index = 0; index < count; index++) binStart[pointBin[index] + 1] += 1;
  for (let bin = 0; bin < binCount; bin++) binStart[bin + 1] += binStart[bin];
  const next = binStart.slice(0, binCount);
  const order = new Uint32Array(count);
  for (let index = count - 1; index >= 0; index--) order[next[pointBin[index]]++] = index;
  return { pointBin, binStart, order };
}

/** A point's screen position under the zoom. */
export function toScreen(pixel: number, zoom: Zoom, axis: 'x' | 'y'): number {
  return pixel * zoom.k + zoom[axis];
}

/** Whether a screen position lies in the plot, grown by `margin` pixels on every side. */
export function insidePlot(plot: PlotArea, screenX: number, screenY: number, margin = 0): boolean {
  return screenX >= plot.left - margin && screenX <= plot.right + margin && screenY >= plot.top - margin && screenY <= plot.bottom + margin;
}

/** The points whose zoomed screen positions fall in the rectangle (x0, y0)–(x1, y1), in index order. */
export function pointsInRectangle(pixelX: Float32Array, pixelY: Float32Array, zoom: Zoom, [[x0, y0], [x1, y1]]: [[number, number], [number, number]]): number[] {
  const indices: number[] = [];
  for (let index = 0; index < pixelX.length; index++) {
    const screenX = toScreen(pixelX[index], zoom, 'x');
    const screenY = toScreen(pixelY[index], zoom, 'y');
    if (screenX >= x0 && screenX <= x1 && screenY >= y0 && screenY <= y1) indices.push(index);
  }
  return indices;
}
