import type { GloveSettings } from '../../../shared/hyperparameters/glove';
import { npyChunks } from '../../formats/npy';
import { float64VectorNpy } from '../../formats/npy-vector';
import { vectorFiles, type ModelTrainer } from '../model-trainer';
import { trainGlove } from './train-glove';

/** W + C, GloVe's default output (model 2 of glove.c) and the vectors its users evaluate. */
function sum(W: Float32Array, C: Float32Array): Float32Array {
  const result = new Float32Array(W.length);
  for (let index = 0; index < W.length; index++) result[index] = W[index] + C[index];
  return result;
}

/** GloVe as a registry trainer: W, C, their biases and W + C (WC.npy, what `w+c` reads). */
export const gloveTrainer: ModelTrainer<GloveSettings> = async (corpus, settings, context) => {
  const V = corpus.counts.length;
  const result = await trainGlove({ ids: corpus.ids, vocabularySize: V }, settings, {
    signal: context.signal,
    onProgress: context.onProgress,
    threads: context.threads,
    memoryBudgetBytes: context.memoryBudgetBytes,
  });
  const d = result.dimensions;
  const seconds = result.timingsMs.train / 1000;
  return {
    dimensions: d,
    files: [
      ...vectorFiles(result.W, result.C, V, d),
      { name: 'WC.npy', content: npyChunks(sum(result.W, result.C), V, d) },
      { name: 'word-biases.npy', content: float64VectorNpy(result.wordBiases) },
      { name: 'context-biases.npy', content: float64VectorNpy(result.contextBiases) },
      { name: 'loss.json', content: [`${JSON.stringify({ unit: 'mean weighted squared error ½·f·(w·c + b + b̃ − log N)² per non-zero cell', iterations: result.costCurve }, null, 2)}\n`] },
    ],
    backend: { name: 'cpu', adapter: `WebAssembly SIMD, ${result.threads} worker thread${result.threads === 1 ? '' : 's'} (Hogwild per-cell AdaGrad)` },
    timingsMs: result.timingsMs,
    results: {
      finalLoss: result.costCurve.at(-1)?.cost ?? null,
      cells: result.cells,
      cellsPerSecond: Math.round((result.cells * settings.iterations) / Math.max(1e-9, seconds)),
      threads: result.threads,
      ...(result.threads > 1 ? { reproducible: false, note: 'Trained with several threads (Hogwild): not bit-reproducible; use --threads 1 for identical repeats' } : { reproducible: true }),
      defaultMatrix: 'w+c',
    },
  };
};
