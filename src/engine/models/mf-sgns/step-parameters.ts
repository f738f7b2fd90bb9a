// Where MF-SGNS's parameters live between steps: on the host (cpu, webasm, the reference: W and C in
// Float32Arrays, the optimiser in float64, optimizers.ts) or on the device (gpu: W, C, gradients and
// optimiser state resident across steps, Kernels.residentSgnsPass → train). The trainer drives both
// through this one interface, so the rejection of a NaN step is the same on every backend.

import type { ResidentSgnsTraining } from '../../compute/sgns-matrix-tiles';
import { createOptimizer, type OptimizerName } from './optimizers';
import type { SgnsMatrixPass } from './sgns-matrix-pass';

export interface StepParameters {
  /** The loss at the current parameters, their gradient kept for update(); NaN when the loss or a gradient is not finite. */
  pass(signal?: AbortSignal, onTile?: () => void): Promise<number>;
  /** One optimiser update from the last pass's gradient; what it replaces is kept for undo(). */
  update(learningRate: number): Promise<void>;
  /** Back to the parameters and optimiser state before the last update. */
  undo(): void;
  /** W and C, V×d in shard order. */
  read(): Promise<{ W: Float32Array; C: Float32Array }>;
  dispose(): void;
}

function allFinite(values: Float64Array): boolean {
  for (let index = 0; index < values.length; index++) if (!Number.isFinite(values[index])) return false;
  return true;
}

/** The host's parameters: every pass reads W and C from here and writes the float64 gradients here. */
export function hostStepParameters(pass: SgnsMatrixPass, initialW: Float32Array, initialC: Float32Array, optimizer: OptimizerName): StepParameters {
  let W = initialW;
  let C = initialC;
  const gradW = new Float64Array(W.length);
  const gradC = new Float64Array(C.length);
  const optimizerW = createOptimizer(optimizer, W.length);
  const optimizerC = createOptimizer(optimizer, C.length);
  let saved: { W: Float32Array; C: Float32Array; w: ReturnType<typeof optimizerW.snapshot>; c: ReturnType<typeof optimizerC.snapshot> } | undefined;
  return {
    async pass(signal, onTile) {
      const loss = await pass(W, C, gradW, gradC, signal, onTile);
      return Number.isFinite(loss) && allFinite(gradW) && allFinite(gradC) ? loss : Number.NaN;
    },
    async update(learningRate) {
      saved = { W: W.slice(), C: C.slice(), w: optimizerW.snapshot(), c: optimizerC.snapshot() };
      optimizerW.apply(W, gradW, learningRate);
      optimizerC.apply(C, gradC, learningRate);
    },
    undo() {
      if (!saved) throw new Error('MF-SGNS: nothing to undo');
      W = saved.W.slice();
      C = saved.C.slice();
      optimizerW.restore(saved.w);
      optimizerC.restore(saved.c);
    },
    read: async () => ({ W, C }),
    dispose() {},
  };
}

/** The device's parameters, as the resident training keeps them. */
export function deviceStepParameters(training: ResidentSgnsTraining): StepParameters {
  return training;
}
