// How much a context at distance d (1..L) counts. `dyn` replaces word2vec's random window shrink
// (L' uniform on 1..L, so a context at distance d is seen with probability (L − d + 1)/L) by that
// expected value, as hilbert's dynamic extractor does: the same matrix on average, without the noise.

import type { WindowWeighting } from './cooccurrence-options';

/** weights[d] for d = 1..L; weights[0] is unused (0). */
export function windowWeights(window: number, weighting: WindowWeighting): Float64Array {
  const weights = new Float64Array(window + 1);
  for (let distance = 1; distance <= window; distance++) {
    if (weighting === 'flat') weights[distance] = 1;
    else if (weighting === 'dyn') weights[distance] = (window - distance + 1) / window;
    else weights[distance] = 1 / distance;
  }
  return weights;
}
