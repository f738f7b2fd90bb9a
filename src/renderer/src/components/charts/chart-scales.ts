import { scaleLinear, type ScaleLinear } from 'd3';

export interface ChartPadding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** What every mark of a chart shares, as LayerCake does: the scales and the plot area. */
export interface ChartScales {
  xScale: ScaleLinear<number, number>;
  yScale: ScaleLinear<number, number>;
  innerWidth: number;
  innerHeight: number;
  padding: ChartPadding;
}

/** Linear x and y scales mapping the domains onto the plot area inside `padding` (y grows upward). */
export function chartScales(
  width: number,
  height: number,
  padding: ChartPadding,
  xDomain: readonly [number, number],
  yDomain: readonly [number, number],
): ChartScales {
  const innerWidth = Math.max(0, width - padding.left - padding.right);
  const innerHeight = Math.max(0, height - padding.top - padding.bottom);
  return {
    xScale: scaleLinear().domain(xDomain).range([0, innerWidth]),
    yScale: scaleLinear().domain(yDomain).range([innerHeight, 0]).nice(),
    innerWidth,
    innerHeight,
    padding,
  };
}

const CHART_KEY = Symbol('chart');
export { CHART_KEY };
