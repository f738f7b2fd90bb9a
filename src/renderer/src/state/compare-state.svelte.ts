import type { AlignmentResult, Anchors, Comparison, Neighbors, Overlap, Projection, SpaceRef, Theorem } from '@shared/compare';
import type { FirthClient } from '@shared/contract';
import { FirthError } from '@shared/errors';
import { selectionOf } from '../compare/compare-tables';
import { cancelLongCall, isCancelled, withProgress, type LongCall } from './long-call.svelte';

export type { LongCall };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The Compare tab's state: the two spaces picked, the comparison the service holds for them, and
 * each view's latest answer. Errors about the user's input are kept per view, shown where they
 * arise; only failures of the connection go to the shell's notices.
 */
export class CompareState {
  comparison = $state.raw<Comparison | null>(null);
  opening = $state<LongCall | null>(null);
  openError = $state<string | null>(null);

  k = $state(10);
  word = $state('');
  neighbors = $state.raw<Neighbors | null>(null);
  neighborsError = $state<string | null>(null);
  overlap = $state.raw<Overlap | null>(null);
  overlapError = $state<string | null>(null);

  anchors = $state.raw<Anchors>({ mode: 'all' });
  alignment = $state.raw<AlignmentResult | null>(null);
  alignmentError = $state<string | null>(null);

  projection = $state.raw<Projection | null>(null);
  projecting = $state<LongCall | null>(null);
  projectionError = $state<string | null>(null);

  /** Theorem answers per run folder. */
  theorems = $state.raw<Record<string, Theorem>>({});
  theoremErrors = $state.raw<Record<string, string>>({});
  theoremCalls = $state.raw<Record<string, LongCall>>({});

  /** Words selected on a map (brush or click) or in the histogram, by index into comparison.words. */
  selection = $state.raw<ReadonlySet<number>>(selectionOf());

  readonly #client: FirthClient;
  readonly #report: (error: unknown) => void;
  /** Run folders whose theorem was asked for once: the view starts each by itself only once. */
  readonly #theoremAsked: Record<string, true> = {};
  /** Calls made of each kind: a reply overtaken by a later call of its kind is dropped. */
  readonly #requests: Record<'overlap' | 'neighbors' | 'alignment', number> = { overlap: 0, neighbors: 0, alignment: 0 };

  constructor(client: FirthClient, report: (error: unknown) => void) {
    this.#client = client;
    this.#report = report;
  }

  /** Runs a long call with progress; the returned promise settles with its result, or null if it failed or was cancelled. */
  async #long<T>(label: string, what: string, call: (jobId: string) => Promise<T>, show: (call: LongCall | null) => void): Promise<{ result: T } | { error: string } | null> {
    try {
      return { result: await withProgress(this.#client, label, `compare-${what}`, call, show) };
    } catch (error) {
      if (isCancelled(error)) return null;
      if (error instanceof FirthError && error.code === 'unauthorized') this.#report(error);
      return { error: messageOf(error) };
    }
  }

  cancel(call: LongCall | null): Promise<void> {
    return cancelLongCall(this.#client, call, this.#report);
  }

  /** Opens a comparison of a and b (closing the previous one), then loads the overlap at the current k. */
  async open(a: SpaceRef, b: SpaceRef, top: number, centre?: { components: number }): Promise<void> {
    const previous = this.comparison;
    this.openError = null;
    const reply = await this.#long('Comparing the spaces', 'open', (jobId) => this.#client.openComparison({ a, b, top, jobId, ...(centre ? { centre } : {}) }), (call) => (this.opening = call));
    if (!reply) return;
    if ('error' in reply) {
      this.openError = reply.error;
      return;
    }
    if (previous) void this.#client.closeComparison({ comparisonId: previous.comparisonId }).catch(() => undefined);
    this.comparison = reply.result;
    this.k = Math.min(this.k, reply.result.kMax);
    this.neighbors = null;
    this.alignment = null;
    this.projection = null;
    this.selection = selectionOf();
    this.neighborsError = null;
    this.alignmentError = null;
    this.projectionError = null;
    const word = this.word && reply.result.words.includes(this.word) ? this.word : (reply.result.words[0] ?? '');
    await Promise.all([this.loadOverlap(), this.showWord(word), this.project('pca')]);
  }

  async setK(k: number): Promise<void> {
    this.k = k;
    await Promise.all([this.loadOverlap(), this.word ? this.showWord(this.word) : Promise.resolve()]);
  }

  async loadOverlap(): Promise<void> {
    const comparison = this.comparison;
    if (!comparison) return;
    await this.#latest(
      'overlap',
      () => this.#client.compareOverlap({ comparisonId: comparison.comparisonId, k: this.k }),
      (overlap) => {
        this.overlap = overlap;
        this.overlapError = null;
      },
      (message) => (this.overlapError = message),
    );
  }

  async showWord(word: string): Promise<void> {
    const comparison = this.comparison;
    this.word = word.trim();
    if (!comparison || this.word === '') return;
    await this.#latest(
      'neighbors',
      () => this.#client.compareNeighbors({ comparisonId: comparison.comparisonId, word: this.word, k: this.k }),
      (neighbors) => {
        this.neighbors = neighbors;
        this.neighborsError = null;
      },
      (message) => {
        this.neighbors = null;
        this.neighborsError = message;
      },
    );
  }

  async align(anchors: Anchors): Promise<void> {
    const comparison = this.comparison;
    if (!comparison) return;
    this.anchors = anchors;
    await this.#latest(
      'alignment',
      () => this.#client.compareAlignment({ comparisonId: comparison.comparisonId, anchors }),
      (alignment) => {
        this.alignment = alignment;
        this.alignmentError = null;
      },
      (message) => (this.alignmentError = message),
    );
  }

  /** Makes a call of one kind; only the latest call of that kind may change the state. */
  async #latest<T>(kind: 'overlap' | 'neighbors' | 'alignment', call: () => Promise<T>, done: (result: T) => void, failed: (message: string) => void): Promise<void> {
    const request = ++this.#requests[kind];
    try {
      const result = await call();
      if (request === this.#requests[kind]) done(result);
    } catch (error) {
      if (request === this.#requests[kind]) failed(messageOf(error));
    }
  }

  async project(method: 'pca' | 'umap', options: { seed?: number; neighbors?: number; minDist?: number; top?: number } = {}): Promise<void> {
    const comparison = this.comparison;
    if (!comparison) return;
    this.projectionError = null;
    const label = method === 'pca' ? 'PCA maps' : 'UMAP maps';
    const reply = await this.#long(
      label,
      method,
      (jobId) => this.#client.compareProjection({ comparisonId: comparison.comparisonId, method, ...options, jobId }),
      (call) => (this.projecting = call),
    );
    if (!reply || this.comparison !== comparison) return;
    if ('error' in reply) this.projectionError = reply.error;
    else this.projection = reply.result;
  }

  theoremAsked(folder: string): boolean {
    return this.#theoremAsked[folder] === true;
  }

  async loadTheorem(folder: string): Promise<void> {
    if (this.theoremCalls[folder]) return;
    this.#theoremAsked[folder] = true;
    const { [folder]: _dropped, ...otherErrors } = this.theoremErrors;
    this.theoremErrors = otherErrors;
    const reply = await this.#long(
      'Recounting co-occurrences and scoring every cell',
      'theorem',
      (jobId) => this.#client.getTheorem({ folder, jobId }),
      (call) => {
        const { [folder]: _old, ...rest } = this.theoremCalls;
        this.theoremCalls = call ? { ...rest, [folder]: call } : rest;
      },
    );
    // A cancelled sample stays cancelled: the view offers to compute it again instead of restarting it.
    if (!reply) {
      this.theoremErrors = { ...this.theoremErrors, [folder]: 'Cancelled.' };
      return;
    }
    if ('error' in reply) this.theoremErrors = { ...this.theoremErrors, [folder]: reply.error };
    else this.theorems = { ...this.theorems, [folder]: reply.result };
  }

  select(indices: Iterable<number>): void {
    this.selection = selectionOf(indices);
  }

  /** Index of a word among the compared words; -1 when it is not there. */
  indexOf(word: string): number {
    return this.comparison?.words.indexOf(word) ?? -1;
  }
}
