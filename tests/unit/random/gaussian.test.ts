import { describe, expect, it } from 'vitest';
import { fillStandardNormal } from '../../../src/engine/random/gaussian';
import { createXoshiro128 } from '../../../src/engine/random/xoshiro128';

/** Φ(x), the standard normal CDF, from erf by Abramowitz & Stegun 7.1.26 (error < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

describe('fillStandardNormal', () => {
  const count = 1_000_000;
  const sample = new Float64Array(count);
  fillStandardNormal(sample, createXoshiro128(42));

  it('has mean 0, variance 1 and the normal kurtosis', () => {
    let sum = 0;
    let squares = 0;
    let fourth = 0;
    for (const value of sample) {
      sum += value;
      squares += value * value;
      fourth += value ** 4;
    }
    const mean = sum / count;
    const variance = squares / count - mean * mean;
    // Standard errors: mean 0.001, variance 0.0014, fourth moment 0.01.
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1)).toBeLessThan(0.007);
    expect(Math.abs(fourth / count - 3)).toBeLessThan(0.05);
  });

  it('follows the normal CDF, tails beyond the ziggurat base included', () => {
    const sorted = Float64Array.from(sample).sort();
    let worst = 0;
    for (let index = 0; index < count; index += 97) worst = Math.max(worst, Math.abs((index + 0.5) / count - normalCdf(sorted[index])));
    // Kolmogorov–Smirnov: 1.63/√n is the 1% critical value.
    expect(worst).toBeLessThan(1.63 / Math.sqrt(count));
    // P(|x| > 3.4426…) = 5.7e-4: the tail path must run, and at the right rate (±5 standard errors).
    const tail = sample.filter((value) => Math.abs(value) > 3.442619855899).length;
    expect(Math.abs(tail - 2 * (1 - normalCdf(3.442619855899)) * count)).toBeLessThan(5 * Math.sqrt(570));
  });

  it('repeats for a seed', () => {
    const first = new Float32Array(1000);
    const second = new Float32Array(1000);
    fillStandardNormal(first, createXoshiro128(7));
    fillStandardNormal(second, createXoshiro128(7));
    expect(second).toEqual(first);
    fillStandardNormal(second, createXoshiro128(8));
    expect(second).not.toEqual(first);
  });
});
