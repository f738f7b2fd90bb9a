// Co-occurrence counting over an encoded corpus: every word w at position i pairs with every word c at
// positions i ± 1..L in the same sentence, with the window weight of the distance. Each pair is counted
// in both directions, (w, c) and (c, w), as hyperwords' pairs file holds both, so N is symmetric
// (exactly: both triangles come from one sum). Windows stop at sentence ends and skip placeholders.

import { FirthError } from '../../shared/errors';
import { sentenceEnd } from '../corpus/token-ids';
import { availableParallelism, freemem } from 'node:os';
import { webAssembly } from '../compute/cpu/webassembly';
import { throwIfCancelled, trackPhase, type LongWorkOptions } from '../long-work';
import { resolveSppmiOptions, type SppmiOptions } from '../pmi/sppmi';
import { countPairsOnWorkers, countSppmiOnWorkers, type CountsOrSppmi } from './count-pairs-wasm';
import { resolveCooccurrenceOptions, type CooccurrenceOptions } from './cooccurrence-options';
import type { CooccurrenceMatrix } from './cooccurrence-matrix';
import { PairTable } from './pair-table';
import { pairTableToCsr } from './pair-table-to-csr';
import { removeTokens } from './remove-tokens';
import { countWords, subsampleKeepProbabilities } from './subsample';
import { windowWeights } from './window-weights';

/** Tokens between two checks for cancellation (a few ms of work). */
const slice = 1 << 16;
/** The table starts large enough for most corpora's distinct cells, so it rarely has to grow. */
const largestInitialSlots = 1 << 24;
/** The table's key row·V + column must be exact in a float64: V² ≤ 2^53. */
const largestVocabulary = 2 ** 26;

function checkIds(ids: Int32Array, vocabularySize: number): void {
  if (!Number.isSafeInteger(vocabularySize) || vocabularySize < 1 || vocabularySize > largestVocabulary) {
    throw new FirthError('invalid-input', `vocabularySize must be a whole number from 1 to 2^26 (got ${vocabularySize})`, {
      field: 'vocabularySize',
    });
  }
  for (let position = 0; position < ids.length; position++) {
    const id = ids[position];
    if (id >= vocabularySize || id < sentenceEnd) {
      throw new FirthError('invalid-input', `ids[${position}] = ${id} is not a word id below ${vocabularySize}, −1 or −2`, { field: 'ids' });
    }
  }
}

/** Below this many tokens starting worker threads costs more than counting here. */
const smallestStreamForWorkers = 1 << 18;

export interface CountWork extends LongWorkOptions {
  /**
   * Worker threads of the WebAssembly counter (count-pairs-wasm.ts); 0 counts on this thread in
   * plain TypeScript (the reference, same counts bit for bit). Default: one per core, or 0 for
   * streams too short to be worth starting threads.
   */
  threads?: number;
  /**
   * Bytes counting may use (worker threads only): its lists of cells spill sorted runs to disk beyond
   * half of it, and a matrix that cannot fit in it is refused. Default: half the free memory.
   */
  memoryBudgetBytes?: number;
  /** Where spill files go; the system's temporary folder by default. */
  temporaryFolder?: string;
}

/**
 * Initial table size: distinct unordered pairs are well below the L·tokens forward pair events
 * (frequent pairs repeat); a quarter of them, at most V(V+1)/2, at 70 % load, was close for text8.
 */
function initialSlots(tokens: number, window: number, vocabularySize: number): number {
  const expectedCells = Math.min((window * tokens) / 4, (vocabularySize * (vocabularySize + 1)) / 2);
  return Math.min(largestInitialSlots, Math.max(1 << 10, expectedCells / 0.7));
}

/**
 * Counts N(w, c) over `ids` (vocabulary ids, −1 out of vocabulary, −2 sentence end; see
 * corpus/encode-corpus.ts). Options are checked before any work. Progress: phase 'count' in tokens,
 * then 'sort' while the table becomes CSR. Counts on worker threads in WebAssembly unless
 * `work.threads` is 0 (then here, in TypeScript: the reference the threads are tested against).
 */
export async function countCooccurrences(
  ids: Int32Array,
  vocabularySize: number,
  options: Partial<CooccurrenceOptions> = {},
  work: CountWork = {},
): Promise<CooccurrenceMatrix> {
  const counted = await count(ids, vocabularySize, options, undefined, work);
  if (!('counts' in counted)) throw new FirthError('internal', 'counting made SPPMI where only the counts were asked for');
  return counted.counts;
}

/**
 * For SPPMI-SVD, which needs N only to make SPPMI from it: counts as countCooccurrences does and, on
 * worker threads, makes SPPMI (sppmi.ts's matrix, bit for bit) on the same threads from N where it
 * lies, copying out only the SPPMI matrix (pmi/sppmi-on-pool.ts). N itself comes back where that is
 * not done (the TypeScript count, counts spilled to disk, an SPPMI matrix that does not fit beside N
 * in the threads' memory): the caller then runs sppmi.ts on it. SPPMI's options are checked before any work.
 */
export async function countCooccurrencesForSppmi(
  ids: Int32Array,
  vocabularySize: number,
  options: Partial<CooccurrenceOptions>,
  sppmiOptions: Partial<SppmiOptions>,
  work: CountWork = {},
): Promise<CountsOrSppmi> {
  return count(ids, vocabularySize, options, resolveSppmiOptions(sppmiOptions), work);
}

async function count(
  ids: Int32Array,
  vocabularySize: number,
  options: Partial<CooccurrenceOptions>,
  sppmiOptions: SppmiOptions | undefined,
  work: CountWork,
): Promise<CountsOrSppmi> {
  const resolved = resolveCooccurrenceOptions(options);
  checkIds(ids, vocabularySize);
  throwIfCancelled(work.signal);

  const keep = resolved.subsample > 0 ? subsampleKeepProbabilities(countWords(ids, vocabularySize), resolved.subsample) : undefined;
  const removal = { keep, subsampleMode: resolved.subsampleMode, oovMode: resolved.oovMode, seed: resolved.seed };
  const window = resolved.window;
  const weights = windowWeights(window, resolved.weighting);
  const threads = work.threads ?? (ids.length < smallestStreamForWorkers ? 0 : availableParallelism());
  if (threads > 0 && webAssembly) {
    const memoryBudgetBytes = work.memoryBudgetBytes ?? freemem() / 2;
    const workerOptions = { threads, memoryBudgetBytes, temporaryFolder: work.temporaryFolder };
    if (sppmiOptions) return countSppmiOnWorkers(ids, removal, vocabularySize, window, weights, workerOptions, sppmiOptions, work);
    return { counts: await countPairsOnWorkers(ids, removal, vocabularySize, window, weights, workerOptions, work) };
  }
  const stream = removeTokens(ids, removal);
  const table = new PairTable(vocabularySize, initialSlots(stream.length, window, vocabularySize));
  const length = stream.length;
  const progress = trackPhase('count', length, 'tokens', work);

  for (let start = 0; start < length; start += slice) {
    const end = Math.min(length, start + slice);
    for (let position = start; position < end; position++) {
      const word = stream[position];
      if (word < 0) continue;
      const last = Math.min(length - 1, position + window);
      // Only forward pairs, stored once under (min, max): the backward half of every window is some
      // earlier word's forward half, and pairTableToCsr writes each cell in both directions. Half the
      // table and half the random memory accesses of adding (w, c) and (c, w).
      for (let other = position + 1; other <= last; other++) {
        const context = stream[other];
        if (context < 0) {
          if (context === sentenceEnd) break;
          continue;
        }
        if (word <= context) table.add(word, context, weights[other - position]);
        else table.add(context, word, weights[other - position]);
      }
    }
    await progress.pause(end);
  }
  progress.finish();
  return { counts: await pairTableToCsr(table, work) };
}
