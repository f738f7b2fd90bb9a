import type { Anchors, AlignmentResult, Neighbors, Overlap, Projection } from '../../shared/compare';
import { FirthError } from '../../shared/errors';
import type { Kernels } from '../compute';
import { normalizeRows } from '../vectors/unit-rows';
import type { Embedding } from '../formats/embedding';
import type { LongWorkOptions } from '../long-work';
import { allNearestNeighbors } from './nearest-neighbors';
import { neighborOverlap, overlapSweep } from './neighbor-overlap';
import { pcaProjection } from './pca-projection';
import { alignSpaces } from './procrustes';
import { gatherRows, reconcileVocabularies } from './shared-vocabulary';
import { umapProjection } from './umap-projection';

/** Fewer shared words than this and neighbourhoods, maps and alignment say nothing. */
export const minimumSharedWords = 10;
/** The most neighbours any view asks for; every smaller k is a prefix of these lists. */
export const largestK = 100;
/** How many words each side lacks are listed by name. */
const missingListed = 50;

export interface ComparisonSummary {
  shared: number;
  onlyInA: number;
  onlyInB: number;
  onlyInASample: string[];
  onlyInBSample: string[];
  words: string[];
  kMax: number;
  /** Rows (in `words` order) whose vector is all zeros in A, in B: their cosines and displacement say nothing. */
  zeroVectors: { a: number[]; b: number[] };
}

/** Rows of a unit-row matrix that are all zeros (normalisation leaves a zero row zero). */
function zeroRows(unit: Float32Array, rows: number, d: number): number[] {
  const found: number[] = [];
  for (let row = 0; row < rows; row++) {
    let zero = true;
    for (let index = row * d; index < (row + 1) * d && zero; index++) if (unit[index] !== 0) zero = false;
    if (zero) found.push(row);
  }
  return found;
}

export interface UmapOptions extends LongWorkOptions {
  seed: number;
  neighbors: number;
  minDist: number;
}

/** The first `limit` words of `embedding` that `other` lacks, in the embedding's (frequency) order. */
function missingWords(embedding: Embedding, other: Embedding, limit: number): string[] {
  const known = new Set(other.words);
  const missing: string[] = [];
  for (const word of embedding.words) {
    if (missing.length >= limit) break;
    if (!known.has(word)) missing.push(word);
  }
  return missing;
}

/** Rows padded with zero columns to `width`: Procrustes needs both spaces in one dimension. */
function padColumns(vectors: Float32Array, rows: number, d: number, width: number): Float32Array {
  if (d === width) return vectors;
  const padded = new Float32Array(rows * width);
  for (let row = 0; row < rows; row++) padded.set(vectors.subarray(row * d, (row + 1) * d), row * width);
  return padded;
}

/**
 * Two embedding spaces over their shared words, prepared once (rows paired, normalised, every word's
 * `kMax` nearest neighbours found in each) and then queried by the Compare views: one word's
 * neighbours, everyone's overlap at some k, Procrustes displacement, 2-D maps.
 */
export class SpaceComparison {
  private readonly rowOf: Map<string, number>;

  private constructor(
    readonly summary: ComparisonSummary,
    private readonly unitA: Float32Array,
    private readonly unitB: Float32Array,
    private readonly dA: number,
    private readonly dB: number,
    private readonly neighborsA: Uint32Array,
    private readonly neighborsB: Uint32Array,
  ) {
    this.rowOf = new Map(summary.words.map((word, row) => [word, row]));
  }

  static async open(a: Embedding, b: Embedding, top: number, kernels: Kernels, work: LongWorkOptions = {}): Promise<SpaceComparison> {
    const shared = reconcileVocabularies(a, b);
    const total = shared.words.length;
    if (total < minimumSharedWords) {
      throw new FirthError(
        'invalid-input',
        `The two spaces share ${total} word${total === 1 ? '' : 's'}; a comparison needs at least ${minimumSharedWords}. Were they trained on the same corpus and tokenizer?`,
        { field: 'b' },
      );
    }
    const used = Math.max(minimumSharedWords, Math.min(top, total));
    const rowsA = shared.rowsA.subarray(0, used);
    const rowsB = shared.rowsB.subarray(0, used);
    const unitA = normalizeRows(gatherRows(a.vectors, a.dimensions, rowsA), a.dimensions);
    const unitB = normalizeRows(gatherRows(b.vectors, b.dimensions, rowsB), b.dimensions);
    const kMax = Math.min(largestK, used - 1);
    const neighborsA = await allNearestNeighbors(unitA, used, a.dimensions, kMax, kernels, { ...work, phase: 'neighbours in A' });
    const neighborsB = await allNearestNeighbors(unitB, used, b.dimensions, kMax, kernels, { ...work, phase: 'neighbours in B' });
    const summary: ComparisonSummary = {
      shared: total,
      onlyInA: shared.onlyInA,
      onlyInB: shared.onlyInB,
      onlyInASample: missingWords(a, b, missingListed),
      onlyInBSample: missingWords(b, a, missingListed),
      words: shared.words.slice(0, used),
      kMax,
      zeroVectors: { a: zeroRows(unitA, used, a.dimensions), b: zeroRows(unitB, used, b.dimensions) },
    };
    return new SpaceComparison(summary, unitA, unitB, a.dimensions, b.dimensions, neighborsA, neighborsB);
  }

  get rows(): number {
    return this.summary.words.length;
  }

  private checkK(k: number): void {
    const { kMax } = this.summary;
    if (!Number.isSafeInteger(k) || k < 1 || k > kMax) {
      const why = kMax < largestK ? ` (the comparison holds ${this.rows} words, so each has at most ${kMax} neighbours)` : '';
      throw new FirthError('invalid-input', `k must be a whole number from 1 to ${kMax}${why}; got ${k}`, { field: 'k' });
    }
  }

  private row(word: string): number {
    const row = this.rowOf.get(word) ?? this.rowOf.get(word.toLowerCase());
    if (row === undefined) {
      throw new FirthError('not-found', `“${word}” is not among the ${this.rows} shared words compared (it may be missing from one space, or rarer than the top ${this.rows})`, {
        field: 'word',
      });
    }
    return row;
  }

  private cosine(unit: Float32Array, d: number, first: number, second: number): number {
    let dot = 0;
    for (let index = 0; index < d; index++) dot += unit[first * d + index] * unit[second * d + index];
    return dot;
  }

  neighbors(word: string, k: number): Neighbors {
    this.checkK(k);
    const row = this.row(word);
    const { kMax, words } = this.summary;
    const listA = Array.from(this.neighborsA.subarray(row * kMax, row * kMax + k));
    const listB = Array.from(this.neighborsB.subarray(row * kMax, row * kMax + k));
    const inA = new Set(listA);
    const inB = new Set(listB);
    const common = listA.filter((neighbor) => inB.has(neighbor)).length;
    const side = (list: number[], unit: Float32Array, d: number, other: Set<number>) =>
      list.map((neighbor) => ({ word: words[neighbor], similarity: this.cosine(unit, d, row, neighbor), common: other.has(neighbor) }));
    return {
      word: words[row],
      k,
      a: side(listA, this.unitA, this.dA, inB),
      b: side(listB, this.unitB, this.dB, inA),
      common,
      jaccard: common / (2 * k - common),
      sweep: Array.from(overlapSweep(this.neighborsA, this.neighborsB, row, kMax)),
    };
  }

  overlap(k: number): Overlap {
    this.checkK(k);
    const { kMax } = this.summary;
    const prefix = (lists: Uint32Array) => {
      if (k === kMax) return lists;
      const cut = new Uint32Array(this.rows * k);
      for (let row = 0; row < this.rows; row++) cut.set(lists.subarray(row * kMax, row * kMax + k), row * k);
      return cut;
    };
    const jaccard = neighborOverlap(prefix(this.neighborsA), prefix(this.neighborsB), this.rows, k);
    let sum = 0;
    for (const value of jaccard) sum += value;
    return { k, jaccard: Array.from(jaccard), mean: sum / this.rows };
  }

  /** Procrustes of B onto A over the chosen anchors (unit rows, zero-padded to one dimension). */
  alignment(anchors: Anchors): AlignmentResult {
    const width = Math.max(this.dA, this.dB);
    const a = padColumns(this.unitA, this.rows, this.dA, width);
    const b = padColumns(this.unitB, this.rows, this.dB, width);
    let anchorRows: Uint32Array | undefined;
    const unknownWords: string[] = [];
    if (anchors.mode === 'top') {
      anchorRows = Uint32Array.from({ length: Math.min(anchors.top, this.rows) }, (_, row) => row);
    } else if (anchors.mode === 'except') {
      const excluded = new Set<number>();
      for (const word of anchors.words) {
        const row = this.rowOf.get(word);
        if (row === undefined) unknownWords.push(word);
        else excluded.add(row);
      }
      anchorRows = Uint32Array.from({ length: this.rows }, (_, row) => row).filter((row) => !excluded.has(row));
      if (anchorRows.length === 0) throw new FirthError('invalid-input', 'Every shared word is excluded: no anchors are left', { field: 'anchors' });
    }
    const { displacement } = alignSpaces(a, b, this.rows, width, anchorRows);
    let sum = 0;
    for (const value of displacement) sum += value;
    return { anchors: anchorRows?.length ?? this.rows, displacement: Array.from(displacement), mean: sum / this.rows, unknownWords };
  }

  private projectionCount(top: number | undefined): number {
    return Math.min(this.rows, top ?? this.rows);
  }

  pca(top?: number): Projection {
    const started = performance.now();
    const count = this.projectionCount(top);
    const side = (unit: Float32Array, d: number) => {
      const { x, y, explained } = pcaProjection(unit.subarray(0, count * d), count, d);
      return { x: Array.from(x), y: Array.from(y), explained };
    };
    return { method: 'pca', count, a: side(this.unitA, this.dA), b: side(this.unitB, this.dB), elapsedMs: performance.now() - started };
  }

  async umap(options: UmapOptions & { top?: number }): Promise<Projection> {
    const started = performance.now();
    const count = this.projectionCount(options.top);
    const side = async (unit: Float32Array, d: number, name: string) => {
      const onProgress = options.onProgress && ((progress: Parameters<NonNullable<LongWorkOptions['onProgress']>>[0]) => options.onProgress!({ ...progress, phase: `UMAP of ${name}` }));
      const { x, y } = await umapProjection(unit.subarray(0, count * d), count, d, { ...options, onProgress });
      return { x: Array.from(x), y: Array.from(y) };
    };
    const a = await side(this.unitA, this.dA, 'A');
    const b = await side(this.unitB, this.dB, 'B');
    return { method: 'umap', count, a, b, elapsedMs: performance.now() - started };
  }
}
