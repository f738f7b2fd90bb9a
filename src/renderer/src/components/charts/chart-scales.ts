import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';

export interface ChartPadding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** linear, or log for quantities spanning decades (a Zipf plot); a log domain must be > 0. */
export type ScaleType = 'linear' | 'log';

export type ChartScale = ScaleContinuousNumeric<number, number>;

/** What every mark of a chart shares, as LayerCake does: the scales and the plot area. */
export interface ChartScales {
  xScale: ChartScale;
  yScale: ChartScale;
  xType: ScaleType;
  yType: ScaleType;
  innerWidth: number;
  innerHeight: number;
  padding: ChartPadding;
}

function scale(type: ScaleType, domain: readonly [number, number], range: [number, number], nice: boolean): ChartScale {
  const created: ChartScale = type === 'log' ? scaleLog().domain(domain).range(range) : scaleLinear().domain(domain).range(range);
  return nice ? created.nice() : created;
}

/** x and y scales mapping the domains onto the plot area inside `padding` (y grows upward). */
export function chartScales(
  width: number,
  height: number,
  padding: ChartPadding,
  xDomain: readonly [number, number],
  yDomain: readonly [number, number],
  types: { x?: ScaleType; y?: ScaleType } = {},
): ChartScales {
  const innerWidth = Math.max(0, width - padding.left - padding.right);
  const innerHeight = Math.max(0, height - padding.top - padding.bottom);
  const xType = types.x ?? 'linear';
  const yType = types.y ?? 'linear';
  return {
    xScale: scale(xType, xDomain, [0, innerWidth], false),
    yScale: scale(yType, yDomain, [innerHeight, 0], true),
    xType,
    yType,
    innerWidth,
    innerHeight,
    padding,
  };
}

const CHART_KEY = Symbol('chart');
export { CHART_KEY };

/** The powers of ten within a log scale's domain: the ticks a log axis labels. */
export function decadeTicks(domain: readonly number[]): number[] {
  const low = Math.min(...domain);
  const high = Math.max(...domain);
  if (!(low > 0) || !Number.isFinite(high)) return [];
  const ticks: number[] = [];
  for (let exponent = Math.ceil(Math.log10(low) - 1e-9); 10 ** exponent <= high * (1 + 1e-9); exponent++) ticks.push(10 ** exponent);
  return ticks;
}
