// Byte offsets of the control and thread blocks sgns.wat reads (see the comment at the top of
// src/engine/compute/cpu/sgns.wat), and the layout of one run in the shared memory.

export const control = {
  cancel: 0,
  wordsThisEpoch: 4,
  vocabularySize: 8,
  stride: 12,
  window: 16,
  dynamicWindow: 20,
  negativeSamples: 24,
  chunkWords: 28,
  maxSentenceLength: 32,
  subsample: 36,
  W: 40,
  C: 44,
  ids: 48,
  noiseThreshold: 52,
  noiseAlias: 56,
  keepThreshold: 60,
  alpha0: 64,
  alphaMin: 72,
  wordsBeforeEpoch: 80,
  totalWords: 88,
  bytes: 128,
} as const;

export const threadBlock = {
  sliceStart: 0,
  sliceEnd: 4,
  randomState: 8,
  neu1e: 24,
  sentence: 28,
  sequence: 32,
  status: 36,
  lossSum: 40,
  pairs: 48,
  negativesSkipped: 56,
  bytes: 64,
} as const;

export interface RunLayout {
  control: number;
  /** Thread block i at threads + i·64. */
  threads: number;
  W: number;
  C: number;
  ids: number;
  noiseThreshold: number;
  noiseAlias: number;
  keepThreshold: number;
  /** Per thread: neu1e (stride floats), then the sentence buffer. */
  scratch: number[];
  bytes: number;
}

function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

export function planLayout(V: number, stride: number, tokens: number, threads: number, maxSentenceLength: number): RunLayout {
  let offset = 0;
  const take = (bytes: number): number => {
    const at = offset;
    offset = align16(offset + bytes);
    return at;
  };
  const controlAt = take(control.bytes);
  const threadsAt = take(threadBlock.bytes * threads);
  const scratch: number[] = [];
  for (let thread = 0; thread < threads; thread++) scratch.push(take(stride * 4 + maxSentenceLength * 4));
  const W = take(V * stride * 4);
  const C = take(V * stride * 4);
  const ids = take(tokens * 4);
  const noiseThreshold = take(V * 4);
  const noiseAlias = take(V * 4);
  const keepThreshold = take(V * 4);
  return { control: controlAt, threads: threadsAt, W, C, ids, noiseThreshold, noiseAlias, keepThreshold, scratch, bytes: offset };
}
