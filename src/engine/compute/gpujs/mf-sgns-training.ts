// MF-SGNS training with W, C, their gradients and the optimiser's state resident on the device across
// steps (docs/kernels.md, "MF-SGNS on the gpu backend"). Everything is kept per shard (W_a, C_a, and
// per table the moments of Adam or the accumulators of AdaGrad), so the pass reads W_a and C_b as
// whole buffers and the update is element-wise per shard. Per step the host gets back only the
// tiles' row losses (the pass) and one float, the finiteness flag:
//
//   flag = Σ over every gradient entry of g²
//
// which is not finite when a gradient is NaN or ±∞, or when a g² would overflow the optimisers'
// float32 state. A sum, not a comparison: WGSL may assume that no NaN occurs and fold a test like
// x != x away, but it cannot fold arithmetic on values it does not know.
//
// The update makes new buffers (pipeline kernels are immutable) and keeps the previous parameters and
// state as they were: undo() goes back to them (a rejected step) without any copy.
//
// The optimisers are those of models/mf-sgns/optimizers.ts, the reference, in float32:
//   Adam:    m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  θ ← θ − η·(m / c₁) / (√(v / c₂) + ε)
//   AdaGrad: a ← a + g² (a starts at 1),  θ ← θ − η·g / √a
// with the bias corrections c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ computed on the host in float64.

import { FirthError } from '../../../shared/errors';
import type { ResidentSgnsTraining } from '../sgns-matrix-tiles';
import type { DeviceArray, DeviceContext } from './mf-sgns-pass';

const beta1 = 0.9;
const beta2 = 0.999;
const epsilon = 1e-8;

const fillSource = `function (value) {
  return value;
}`;

const firstMomentSource = `function (previous, gradient, beta) {
  const index = this.thread.y * this.constants.d + this.thread.x;
  return beta * previous[index] + (1 - beta) * gradient[index];
}`;

const secondMomentSource = `function (previous, gradient, beta) {
  const index = this.thread.y * this.constants.d + this.thread.x;
  const g = gradient[index];
  return beta * previous[index] + (1 - beta) * g * g;
}`;

const adamStepSource = `function (parameters, first, second, learningRate, firstCorrection, secondCorrection, epsilon) {
  const index = this.thread.y * this.constants.d + this.thread.x;
  return parameters[index] - (learningRate * (first[index] / firstCorrection)) / (Math.sqrt(second[index] / secondCorrection) + epsilon);
}`;

const accumulateSource = `function (previous, gradient) {
  const index = this.thread.y * this.constants.d + this.thread.x;
  const g = gradient[index];
  return previous[index] + g * g;
}`;

const adagradStepSource = `function (parameters, gradient, accumulated, learningRate) {
  const index = this.thread.y * this.constants.d + this.thread.x;
  return parameters[index] - (learningRate * gradient[index]) / Math.sqrt(accumulated[index]);
}`;

// Per row of a shard: Σ_k ∇W[i][k]² + ∇C[i][k]² (output [m]).
const rowSquaresSource = `function (gradW, gradC) {
  const offset = this.thread.x * this.constants.d;
  let sum = 0;
  for (let k = 0; k < this.constants.d; k++) {
    const w = gradW[offset + k];
    const c = gradC[offset + k];
    sum += w * w + c * c;
  }
  return sum;
}`;

// The running flag: previous + Σ_i rows[i] (output [1]).
const flagSource = `function (previous, rows) {
  let sum = previous[0];
  for (let i = 0; i < this.constants.m; i++) {
    sum += rows[i];
  }
  return sum;
}`;

/** The parameters and optimiser state at one step: per shard, W, C and each table's moments or accumulators. */
interface DeviceState {
  W: DeviceArray[];
  C: DeviceArray[];
  /** Adam: [m_W, v_W, m_C, v_C]; AdaGrad: [a_W, a_C]; each per shard. */
  moments: DeviceArray[][];
  /** Updates taken (Adam's t). */
  step: number;
}

const buffersOf = (state: DeviceState) => new Set([...state.W, ...state.C, ...state.moments.flat()]);

export async function createGpujsResidentSgnsTraining(device: DeviceContext, W: Float32Array, C: Float32Array, optimizer: 'adam' | 'adagrad'): Promise<ResidentSgnsTraining> {
  const { shardStart, dimensions: d, kernel, call } = device;
  const shards = shardStart.length - 1;
  const size = (shard: number) => shardStart[shard + 1] - shardStart[shard];
  const elementwise = (key: string, source: string, shard: number, argumentTypes: Record<string, string>) => kernel(key, source, [d, size(shard)], { d }, argumentTypes, 1, true);
  const fill = (shard: number, value: number) => call<DeviceArray>(elementwise('fill', fillSource, shard, { value: 'Float' }), value);

  const countsAtStart = device.counts();
  const made: DeviceArray[] = [];
  const track = async (array: Promise<DeviceArray>) => {
    const value = await array;
    made.push(value);
    return value;
  };
  let current: DeviceState;
  try {
    const upload = (table: Float32Array, shard: number) => track(device.upload(table.subarray(shardStart[shard] * d, shardStart[shard + 1] * d), size(shard), d));
    const state: DeviceState = { W: [], C: [], moments: optimizer === 'adam' ? [[], [], [], []] : [[], []], step: 0 };
    for (let a = 0; a < shards; a++) {
      state.W.push(await upload(W, a));
      state.C.push(await upload(C, a));
      for (const moment of state.moments) moment.push(await track(fill(a, optimizer === 'adam' ? 0 : 1)));
    }
    current = state;
  } catch (error) {
    for (const array of made) array.delete();
    throw error;
  }
  /** The state before the last update (undo() goes back to it); the same object as current after an undo. */
  let previous: DeviceState | undefined;
  let gradients: { W: DeviceArray[]; C: DeviceArray[] } | undefined;
  let disposed = false;
  const checkLive = () => {
    if (disposed) throw new FirthError('cancelled', 'the resident MF-SGNS training was disposed');
  };
  const dropGradients = () => {
    if (!gradients) return;
    for (const array of [...gradients.W, ...gradients.C]) array.delete();
    gradients = undefined;
  };
  /** Deletes the buffers of `state` that no state still held uses. */
  const release = (state: DeviceState | undefined) => {
    if (!state) return;
    const kept = new Set([...(current ? buffersOf(current) : []), ...(previous ? buffersOf(previous) : [])]);
    for (const array of buffersOf(state)) if (!kept.has(array)) array.delete();
  };

  /** One table's update on one shard: the new parameters and moments. */
  const updateTable = async (parameters: DeviceArray, gradient: DeviceArray, moments: DeviceArray[], shard: number, learningRate: number, step: number) => {
    if (optimizer === 'adam') {
      const momentTypes = { previous: 'Array', gradient: 'Array', beta: 'Float' };
      const first = await call<DeviceArray>(elementwise('adam-m', firstMomentSource, shard, momentTypes), moments[0], gradient, beta1);
      const second = await call<DeviceArray>(elementwise('adam-v', secondMomentSource, shard, momentTypes), moments[1], gradient, beta2);
      const stepTypes = { parameters: 'Array', first: 'Array', second: 'Array', learningRate: 'Float', firstCorrection: 'Float', secondCorrection: 'Float', epsilon: 'Float' };
      const next = await call<DeviceArray>(
        elementwise('adam-step', adamStepSource, shard, stepTypes),
        parameters,
        first,
        second,
        learningRate,
        1 - beta1 ** step,
        1 - beta2 ** step,
        epsilon,
      );
      return { parameters: next, moments: [first, second] };
    }
    const accumulated = await call<DeviceArray>(elementwise('adagrad-a', accumulateSource, shard, { previous: 'Array', gradient: 'Array' }), moments[0], gradient);
    const next = await call<DeviceArray>(
      elementwise('adagrad-step', adagradStepSource, shard, { parameters: 'Array', gradient: 'Array', accumulated: 'Array', learningRate: 'Float' }),
      parameters,
      gradient,
      accumulated,
      learningRate,
    );
    return { parameters: next, moments: [accumulated] };
  };

  return {
    get readbacks() {
      return device.counts().readbacks - countsAtStart.readbacks;
    },
    get floatsRead() {
      return device.counts().floats - countsAtStart.floats;
    },
    async pass(signal, onTile) {
      checkLive();
      dropGradients();
      const result = await device.pass(current.W, current.C, signal, onTile);
      gradients = { W: result.gradW, C: result.gradC };
      let flag: DeviceArray = await call<DeviceArray>(kernel('fill-1', fillSource, [1], {}, { value: 'Float' }, 1, true), 0);
      try {
        for (let a = 0; a < shards; a++) {
          const m = size(a);
          if (m === 0) continue;
          const rows = await call<DeviceArray>(kernel('row-squares', rowSquaresSource, [m], { d }, { gradW: 'Array', gradC: 'Array' }, d, true), gradients.W[a], gradients.C[a]);
          const next = await call<DeviceArray>(kernel('flag', flagSource, [1], { m }, { previous: 'Array', rows: 'Array' }, m, true), flag, rows);
          rows.delete();
          flag.delete();
          flag = next;
        }
        const [value] = (await device.read(flag, 1)) as Float32Array;
        return Number.isFinite(value) && Number.isFinite(result.loss) ? result.loss : Number.NaN;
      } finally {
        flag.delete();
      }
    },
    async update(learningRate) {
      checkLive();
      if (!gradients) throw new FirthError('internal', 'the resident MF-SGNS training: update() before a pass');
      const step = current.step + 1;
      const next: DeviceState = { W: [], C: [], moments: current.moments.map(() => []), step };
      const half = current.moments.length / 2; // the W table's moments, then the C table's
      try {
        for (let a = 0; a < shards; a++) {
          const words = await updateTable(current.W[a], gradients.W[a], current.moments.slice(0, half).map((moment) => moment[a]), a, learningRate, step);
          const contexts = await updateTable(current.C[a], gradients.C[a], current.moments.slice(half).map((moment) => moment[a]), a, learningRate, step);
          next.W.push(words.parameters);
          next.C.push(contexts.parameters);
          [...words.moments, ...contexts.moments].forEach((moment, index) => next.moments[index].push(moment));
        }
      } catch (error) {
        for (const array of buffersOf(next)) array.delete();
        throw error;
      }
      dropGradients();
      const older = previous;
      previous = current;
      current = next;
      if (older !== previous) release(older);
    },
    undo() {
      checkLive();
      if (!previous) throw new FirthError('internal', 'the resident MF-SGNS training: nothing to undo');
      dropGradients();
      const rejected = current;
      current = previous;
      if (rejected !== current) release(rejected);
    },
    async read() {
      checkLive();
      const V = shardStart[shards];
      const tables = { W: new Float32Array(V * d), C: new Float32Array(V * d) };
      for (const name of ['W', 'C'] as const) {
        for (let a = 0; a < shards; a++) {
          if (size(a) === 0) continue;
          const rows = (await device.read(current[name][a], size(a) * d)) as Float32Array[];
          for (let i = 0; i < size(a); i++) tables[name].set(rows[i].subarray(0, d), (shardStart[a] + i) * d);
        }
      }
      return tables;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      dropGradients();
      const all = new Set([...buffersOf(current), ...(previous ? buffersOf(previous) : [])]);
      for (const array of all) array.delete();
    },
  };
}
