// Which words of a scatter map get a label: the focused word always, then the selection, then the
// words around the focused word nearest first (a word found with Find is seen among its neighbours'
// names), then (with nothing selected but the focus) every word by frequency rank, each beside its
// point, right or else left, wherever it overlaps no label placed before it (placeLabels).

import { LabelOccupancy, placeLabels, type LabelBox, type LabelCandidate } from './label-placement';
import { insidePlot, toScreen, type PlotArea, type Zoom } from './scatter-layout';

export const LABEL_HEIGHT_PX = 14;
export const LABEL_GAP_PX = 5;
/** The grid cell of the occupancy test: about a short word's width. */
const cellSize = 48;
/** A selected or focused word is set in a bolder font, about this much wider. */
const strongWidth = 1.1;
/** Words this close to the focused word on screen are named before the rest, nearest first. */
export const FOCUS_SURROUNDINGS_PX = 180;

export interface WordLabel extends LabelCandidate {
  index: number;
  /** Focus and selection: drawn bold. */
  strong: boolean;
}

export interface LabelInput {
  pixelX: Float32Array;
  pixelY: Float32Array;
  zoom: Zoom;
  plot: PlotArea;
  /** The focused word (always labelled), or null. */
  focus: number | null;
  /** The selection in rank order. */
  selected: readonly number[];
  /** The text width of a word's label; asked only for words that may fit. */
  measure: (index: number) => number;
  maxLabels: number;
}

/** The labels to draw, in priority order, each with its box. */
export function chooseLabels(input: LabelInput): WordLabel[] {
  const occupancy = new LabelOccupancy(cellSize);
  return placeLabels(candidates(input, occupancy), { maxLabels: input.maxLabels, occupancy });
}

function* candidates(input: LabelInput, occupancy: LabelOccupancy): Generator<WordLabel> {
  const count = input.pixelX.length;
  const { focus } = input;
  const hasFocus = focus !== null && focus >= 0 && focus < count;
  if (hasFocus) {
    const label = candidate(input, occupancy, focus, true, true);
    if (label) yield label;
  }
  for (const index of input.selected) {
    if (index === focus) continue;
    const label = candidate(input, occupancy, index, true, false);
    if (label) yield label;
  }
  const named = new Set<number>();
  if (hasFocus) {
    for (const index of surroundings(input, focus)) {
      named.add(index);
      const label = candidate(input, occupancy, index, false, false);
      if (label) yield label;
    }
  }
  // With a selection the others are dimmed, and so are their labels: only the selection (and the
  // focused word's surroundings) is named. A selection of the focused word alone (Find) is no selection here.
  const onlyFocus = hasFocus && input.selected.every((index) => index === focus);
  if (input.selected.length > 0 && !onlyFocus) return;
  for (let index = 0; index < count; index++) {
    if (index === focus || named.has(index)) continue;
    const label = candidate(input, occupancy, index, false, false);
    if (label) yield label;
  }
}

/** The words within FOCUS_SURROUNDINGS_PX of the focused word on screen, nearest first (ties by rank). */
function surroundings(input: LabelInput, focus: number): number[] {
  const focusX = toScreen(input.pixelX[focus], input.zoom, 'x');
  const focusY = toScreen(input.pixelY[focus], input.zoom, 'y');
  const limit = FOCUS_SURROUNDINGS_PX * FOCUS_SURROUNDINGS_PX;
  const near: { index: number; distance: number }[] = [];
  for (let index = 0; index < input.pixelX.length; index++) {
    if (index === focus) continue;
    const dx = toScreen(input.pixelX[index], input.zoom, 'x') - focusX;
    const dy = toScreen(input.pixelY[index], input.zoom, 'y') - focusY;
    const distance = dx * dx + dy * dy;
    if (distance <= limit) near.push({ index, distance });
  }
  return near.sort((a, b) => a.distance - b.distance || a.index - b.index).map((entry) => entry.index);
}

function candidate(input: LabelInput, occupancy: LabelOccupancy, index: number, strong: boolean, forced: boolean): WordLabel | null {
  const { plot } = input;
  const screenX = toScreen(input.pixelX[index], input.zoom, 'x');
  const screenY = toScreen(input.pixelY[index], input.zoom, 'y');
  if (!insidePlot(plot, screenX, screenY)) return null;
  const top = screenY - LABEL_HEIGHT_PX / 2;
  const box = (x: number, width: number): LabelBox => ({ x, y: top, width, height: LABEL_HEIGHT_PX });
  // A sliver on each side first: when both are covered there is no need to measure the word.
  if (!forced && occupancy.overlaps(box(screenX + LABEL_GAP_PX, 6)) && occupancy.overlaps(box(screenX - LABEL_GAP_PX - 6, 6))) return null;
  const width = input.measure(index) * (strong ? strongWidth : 1);
  const right = box(screenX + LABEL_GAP_PX, width);
  const left = box(screenX - LABEL_GAP_PX - width, width);
  const preferred = right.x + width <= plot.right ? [right, left] : [left, right];
  if (forced) return { index, strong, forced, ...preferred[0] };
  const fitting = preferred.filter((option) => option.x >= plot.left && option.x + option.width <= plot.right && option.y >= plot.top && option.y + option.height <= plot.bottom);
  if (fitting.length === 0) return null;
  return { index, strong, ...fitting[0], ...(fitting[1] ? { fallback: fitting[1] } : {}) };
}
