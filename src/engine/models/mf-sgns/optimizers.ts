// The optimisers of the full-matrix trainers, one update per step over all parameters (full batch).

export type OptimizerName = 'adam' | 'adagrad';

export interface Optimizer {
  /** θ ← θ − update(g), for parameters and their gradient of the same length. */
  apply(parameters: Float32Array, gradient: Float64Array, learningRate: number): void;
  /** A copy of the state, to go back to when a step is rejected. */
  snapshot(): OptimizerState;
  restore(state: OptimizerState): void;
}

export interface OptimizerState {
  moments: Float64Array[];
  step: number;
}

const beta1 = 0.9;
const beta2 = 0.999;
const epsilon = 1e-8;

/** Adam (Kingma & Ba 2015) with bias correction. */
export function createAdam(size: number): Optimizer {
  let first = new Float64Array(size);
  let second = new Float64Array(size);
  let step = 0;
  return {
    apply(parameters, gradient, learningRate) {
      step++;
      const firstCorrection = 1 - beta1 ** step;
      const secondCorrection = 1 - beta2 ** step;
      for (let index = 0; index < size; index++) {
        const g = gradient[index];
        first[index] = beta1 * first[index] + (1 - beta1) * g;
        second[index] = beta2 * second[index] + (1 - beta2) * g * g;
        parameters[index] -= (learningRate * (first[index] / firstCorrection)) / (Math.sqrt(second[index] / secondCorrection) + epsilon);
      }
    },
    snapshot: () => ({ moments: [first.slice(), second.slice()], step }),
    restore(state) {
      [first, second] = [state.moments[0].slice(), state.moments[1].slice()];
      step = state.step;
    },
  };
}

/** AdaGrad (Duchi et al. 2011) with accumulators starting at 1, as GloVe's. */
export function createAdagrad(size: number): Optimizer {
  let accumulated = new Float64Array(size).fill(1);
  let step = 0;
  return {
    apply(parameters, gradient, learningRate) {
      step++;
      for (let index = 0; index < size; index++) {
        const g = gradient[index];
        accumulated[index] += g * g;
        parameters[index] -= (learningRate * g) / Math.sqrt(accumulated[index]);
      }
    },
    snapshot: () => ({ moments: [accumulated.slice()], step }),
    restore(state) {
      accumulated = state.moments[0].slice();
      step = state.step;
    },
  };
}

export function createOptimizer(name: OptimizerName, size: number): Optimizer {
  return name === 'adam' ? createAdam(size) : createAdagrad(size);
}
