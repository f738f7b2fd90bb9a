// SGNS in plain TypeScript on one thread: the reference the WebAssembly loop (sgns.wat) is tested
// against. Same algorithm, same random stream (thread 0's), same float32 operation order (the f32x4
// dot product's lanes and accumulators included), so a one-thread WebAssembly run gives the same bits.
// Too slow for real corpora (about 30× slower than the WebAssembly loop); tests only.

import { xoshiro128FromState } from '../../random/xoshiro128';
import { sigmoidStep } from './exact-math';
import { drawNoise, scaleUint32 } from './noise';
import { validateEncodedCorpus, validateSgnsOptions } from './options';
import { chunkWords, maxSentenceLength, noPairsNote, prepareRun, sentenceEndId } from './prepare';
import { learningRateAt } from './schedule';
import { initialWordVectors, paddedStride, runStreams, unpad } from './streams';
import type { EncodedCorpus, SgnsOptions } from './types';

export interface ReferenceSgnsResult {
  W: Float32Array;
  C: Float32Array;
  lossCurve: Array<{ epoch: number; loss: number | null }>;
  pairs: number;
  negativesSkipped: number;
  degenerate?: string;
}

/** a·b over `vectors` groups of 4 floats, summed exactly as sgns.wat's $dot sums its f32x4 lanes. */
export function laneDot(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, vectors: number, acc: Float32Array): number {
  acc.fill(0);
  for (let v = 0; v < vectors; v++) {
    const base = (v & 3) * 4;
    const i = v * 4;
    for (let lane = 0; lane < 4; lane++) acc[base + lane] += Math.fround(a[aOffset + i + lane] * b[bOffset + i + lane]);
  }
  const f = Math.fround;
  const lanes = [0, 1, 2, 3].map((lane) => f(f(acc[lane] + acc[4 + lane]) + f(acc[8 + lane] + acc[12 + lane])));
  return f(f(lanes[0] + lanes[1]) + f(lanes[2] + lanes[3]));
}

export function referenceSgns(corpus: EncodedCorpus, options: Partial<SgnsOptions> = {}): ReferenceSgnsResult {
  validateEncodedCorpus(corpus);
  const settings = validateSgnsOptions(options, corpus.counts.length);
  const prepared = prepareRun(corpus, settings, 1);
  const { V, T, keep, noise } = prepared;
  const d = settings.dimensions;
  const stride = paddedStride(d);
  const vectors = stride / 4;
  const streams = runStreams(settings.seed, 1);
  const W = initialWordVectors(V, d, stride, streams.initial);
  const C = new Float32Array(V * stride);
  const random = xoshiro128FromState(...streams.threads[0]);
  const neu1e = new Float32Array(stride);
  const acc = new Float32Array(16);
  const sentence = new Int32Array(maxSentenceLength);
  const ids = corpus.ids;
  const end = ids.length;
  const totalWords = settings.epochs * T;
  const subsample = settings.subsample > 0;

  const lossCurve: ReferenceSgnsResult['lossCurve'] = [];
  let pairs = 0;
  let negativesSkipped = 0;

  const trainTarget = (w: number, c: number, label: 0 | 1, alpha: number): number => {
    const { coefficient, loss } = sigmoidStep(laneDot(W, w, C, c, vectors, acc), label);
    const g = Math.fround(coefficient * alpha);
    for (let i = 0; i < stride; i++) {
      const ci = C[c + i];
      neu1e[i] += Math.fround(g * ci);
      C[c + i] = ci + Math.fround(g * W[w + i]);
    }
    return loss;
  };

  for (let epoch = 0; epoch < (T > 0 ? settings.epochs : 0); epoch++) {
    let wordsThisEpoch = 0;
    let lossSum = 0;
    let epochPairs = 0;
    let position = 0;
    while (position < end) {
      const alpha = learningRateAt(epoch * T + wordsThisEpoch, totalWords, settings.alpha, settings.minAlpha);
      let wordsRead = 0;
      let chunkLoss = 0;
      let chunkPairs = 0;
      while (wordsRead <= chunkWords && position < end) {
        let length = 0;
        while (position < end) {
          const id = ids[position++];
          if (id === sentenceEndId) break;
          if (id < 0) continue;
          wordsRead++;
          if (subsample && random.nextUint32() > keep[id]) continue;
          sentence[length++] = id;
          if (length >= maxSentenceLength) break;
        }
        for (let p = 0; p < length; p++) {
          const centre = sentence[p];
          const span = !settings.fixedWindow ? settings.window - scaleUint32(random.nextUint32(), settings.window) : settings.window;
          const hi = Math.min(p + span, length - 1);
          for (let c = Math.max(p - span, 0); c <= hi; c++) {
            if (c === p) continue;
            const w = sentence[c] * stride;
            neu1e.fill(0);
            chunkLoss += trainTarget(w, centre * stride, 1, alpha);
            for (let i = 0; i < settings.negative; i++) {
              const negative = drawNoise(random, noise);
              if (negative === centre) {
                negativesSkipped++;
                continue;
              }
              chunkLoss += trainTarget(w, negative * stride, 0, alpha);
            }
            for (let i = 0; i < stride; i++) W[w + i] += neu1e[i];
            chunkPairs++;
          }
        }
      }
      wordsThisEpoch += wordsRead;
      lossSum += chunkLoss;
      epochPairs += chunkPairs;
    }
    pairs += epochPairs;
    lossCurve.push({ epoch: epoch + 1, loss: epochPairs > 0 ? lossSum / epochPairs : null });
  }
  if (T === 0) for (let epoch = 1; epoch <= settings.epochs; epoch++) lossCurve.push({ epoch, loss: null });

  const degenerate = [...prepared.degenerate];
  if (pairs === 0) degenerate.push(noPairsNote());
  return {
    W: unpad(W, V, d, stride),
    C: unpad(C, V, d, stride),
    lossCurve,
    pairs,
    negativesSkipped,
    ...(degenerate.length > 0 ? { degenerate: degenerate.join('; ') } : {}),
  };
}
