// Byte offsets of the control and thread blocks sgns.wat and sgns-batched.wat read (see the comments
// at the top of src/engine/compute/cpu/sgns.wat and sgns-batched.wat), and the layout of one run in
// the shared memory.

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
  /** The batched kernel's tables (sigmoid-table.ts), f32[2048] each. */
  sigmoidTable: 96,
  lossTable: 100,
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
  /** The batched kernel's scratch: a window's W-row addresses (i32[2L]), C-row addresses (i32[k+1]), */
  inputRows: 64,
  outputRows: 68,
  /** the gradient coefficients (f32[(k+1)·2L]) and the W rows' updates (f32[2L·stride]). */
  gradients: 72,
  inputDeltas: 76,
  bytes: 96,
} as const;

/** Per-thread scratch of each update mode, in bytes, besides the sentence buffer. */
export function scratchBytes(update: 'batched' | 'word2vec', stride: number, window: number, negative: number): number {
  if (update === 'word2vec') return stride * 4;
  const inputs = 2 * window;
  const outputs = negative + 1;
  return align16(inputs * 4) + align16(outputs * 4) + align16(outputs * inputs * 4) + inputs * stride * 4;
}

/** Where scratchBytes' blocks of the batched mode start, from a thread's scratch offset. */
export function batchedScratch(scratch: number, window: number, negative: number) {
  const inputs = 2 * window;
  const outputs = negative + 1;
  const inputRows = scratch;
  const outputRows = inputRows + align16(inputs * 4);
  const gradients = outputRows + align16(outputs * 4);
  const inputDeltas = gradients + align16(outputs * inputs * 4);
  return { inputRows, outputRows, gradients, inputDeltas };
}

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
  sigmoidTable: number;
  lossTable: number;
  /** Per thread: the update's scratch (scratchBytes), then the sentence buffer. */
  scratch: number[];
  /** Where each thread's sentence buffer starts. */
  sentences: number[];
  bytes: number;
}

function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

export function planLayout(V: number, stride: number, tokens: number, threads: number, maxSentenceLength: number, scratchPerThread = stride * 4, tableEntries = 0): RunLayout {
  let offset = 0;
  const take = (bytes: number): number => {
    const at = offset;
    offset = align16(offset + bytes);
    return at;
  };
  const controlAt = take(control.bytes);
  const threadsAt = take(threadBlock.bytes * threads);
  const scratch: number[] = [];
  const sentences: number[] = [];
  for (let thread = 0; thread < threads; thread++) {
    scratch.push(take(scratchPerThread));
    sentences.push(take(maxSentenceLength * 4));
  }
  const W = take(V * stride * 4);
  const C = take(V * stride * 4);
  const ids = take(tokens * 4);
  const noiseThreshold = take(V * 4);
  const noiseAlias = take(V * 4);
  const keepThreshold = take(V * 4);
  const sigmoidTable = take(tableEntries * 4);
  const lossTable = take(tableEntries * 4);
  return { control: controlAt, threads: threadsAt, W, C, ids, noiseThreshold, noiseAlias, keepThreshold, sigmoidTable, lossTable, scratch, sentences, bytes: offset };
}
