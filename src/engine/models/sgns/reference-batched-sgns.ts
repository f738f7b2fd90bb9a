// The batched SGNS update (HogBatch, Ji et al. 2016) in plain TypeScript on one thread: the reference
// sgns-batched.wat is tested against. Same corpus walk, random stream, tables and float32 operation
// order as the WebAssembly loop, so a one-thread run gives the same bits. Tests only (slow).
//
// Per centre word: its window's B context words are the inputs (rows of W), the centre word and k
// noise words drawn once for the whole window are the outputs (rows of C). The (k+1)×B logits
// f = C[out]·W[in] give gradient coefficients G = (label − σ(f))·α from the table; then
//   ΔW[in_j] = Σᵢ G[i][j]·C[out_i]   (into a private buffer, from C before this window's update)
//   C[out_i] += Σⱼ G[i][j]·W[in_j]   (in place, j ascending, from W before this window's update)
//   W[in_j]  += ΔW[in_j]
// A noise word equal to the centre word is skipped (word2vec does the same); repeated rows simply
// add their updates.

import { xoshiro128FromState } from '../../random/xoshiro128';
import { drawNoise, scaleUint32 } from './noise';
import { validateEncodedCorpus, validateSgnsOptions } from './options';
import { chunkWords, maxSentenceLength, noPairsNote, prepareRun, sentenceEndId } from './prepare';
import { laneDot, type ReferenceSgnsResult } from './reference-sgns';
import { learningRateAt } from './schedule';
import { buildSigmoidTables, logitBucket, sigmoidTableSize } from './sigmoid-table';
import { initialWordVectors, paddedStride, runStreams, unpad } from './streams';
import type { EncodedCorpus, SgnsOptions } from './types';

export function referenceBatchedSgns(corpus: EncodedCorpus, options: Partial<SgnsOptions> = {}): ReferenceSgnsResult {
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
  const tables = buildSigmoidTables();
  const last = sigmoidTableSize - 1;
  const random = xoshiro128FromState(...streams.threads[0]);
  const acc = new Float32Array(16);
  const sentence = new Int32Array(maxSentenceLength);
  const inputs = new Int32Array(2 * settings.window);
  const outputs = new Int32Array(settings.negative + 1);
  const gradients = new Float32Array((settings.negative + 1) * 2 * settings.window);
  const deltas = new Float32Array(2 * settings.window * stride);
  const ids = corpus.ids;
  const end = ids.length;
  const totalWords = settings.epochs * T;
  const subsample = settings.subsample > 0;
  const f = Math.fround;

  const lossCurve: ReferenceSgnsResult['lossCurve'] = [];
  let pairs = 0;
  let negativesSkipped = 0;

  for (let epoch = 0; epoch < (T > 0 ? settings.epochs : 0); epoch++) {
    let wordsThisEpoch = 0;
    let lossSum = 0;
    let epochPairs = 0;
    let position = 0;
    while (position < end) {
      const alpha = f(learningRateAt(epoch * T + wordsThisEpoch, totalWords, settings.alpha, settings.minAlpha));
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
          let B = 0;
          for (let c = Math.max(p - span, 0); c <= hi; c++) if (c !== p) inputs[B++] = sentence[c] * stride;
          if (B === 0) continue;
          let K = 0;
          outputs[K++] = centre * stride;
          for (let i = 0; i < settings.negative; i++) {
            const negative = drawNoise(random, noise);
            if (negative === centre) negativesSkipped++;
            else outputs[K++] = negative * stride;
          }
          // Logits and gradient coefficients, output by output; the window's loss is summed on its own.
          let windowLoss = 0;
          for (let i = 0; i < K; i++) {
            for (let j = 0; j < B; j++) {
              const bucket = logitBucket(laneDot(C, outputs[i], W, inputs[j], vectors, acc));
              if (i === 0) {
                gradients[i * B + j] = f(tables.sigmoid[last - bucket] * alpha);
                windowLoss += tables.loss[bucket];
              } else {
                gradients[i * B + j] = -f(tables.sigmoid[bucket] * alpha);
                windowLoss += tables.loss[last - bucket];
              }
            }
          }
          // ΔW[in_j] = Σᵢ G[i][j]·C[out_i], i ascending from 0.
          for (let j = 0; j < B; j++) {
            const delta = j * stride;
            deltas.fill(0, delta, delta + stride);
            for (let i = 0; i < K; i++) {
              const g = gradients[i * B + j];
              const row = outputs[i];
              for (let x = 0; x < stride; x++) deltas[delta + x] = f(deltas[delta + x] + f(g * C[row + x]));
            }
          }
          // C[out_i] += G[i][j]·W[in_j], j ascending.
          for (let i = 0; i < K; i++) {
            const row = outputs[i];
            for (let j = 0; j < B; j++) {
              const g = gradients[i * B + j];
              const input = inputs[j];
              for (let x = 0; x < stride; x++) C[row + x] = f(C[row + x] + f(g * W[input + x]));
            }
          }
          for (let j = 0; j < B; j++) {
            const row = inputs[j];
            for (let x = 0; x < stride; x++) W[row + x] = f(W[row + x] + deltas[j * stride + x]);
          }
          chunkLoss += windowLoss;
          chunkPairs += B;
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
