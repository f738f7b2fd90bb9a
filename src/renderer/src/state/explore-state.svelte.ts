import type { SpaceRef } from '@shared/compare';
import type { FirthClient } from '@shared/contract';
import type { ExploreDoesntMatch, ExploreEvidence, ExploreNeighbors, ExploreSimilarity } from '@shared/explore';
import { cancelLongCall, isCancelled, withProgress, type LongCall } from './long-call.svelte';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The Explore tab's state: the spaces chosen, the latest answer of each query, kept while the
 * project is open. An error in the query itself is shown next to it; a space that cannot answer
 * says so in its own column.
 */
export class ExploreState {
  /** Run folders (or vector files) chosen, in the order their columns show. */
  folders = $state.raw<string[]>([]);
  centre = $state(false);
  components = $state(0);

  expression = $state('');
  k = $state(10);
  cosmul = $state(false);
  neighbors = $state.raw<ExploreNeighbors | null>(null);
  neighborsQuery = $state('');
  neighborsError = $state<string | null>(null);

  first = $state('');
  second = $state('');
  similarity = $state.raw<ExploreSimilarity | null>(null);
  similarityError = $state<string | null>(null);

  oddWords = $state('');
  doesntMatch = $state.raw<ExploreDoesntMatch | null>(null);
  doesntMatchError = $state<string | null>(null);

  busy = $state(false);

  /** The evidence shown: for a word, or a pair, of one run. */
  evidenceFolder = $state('');
  evidenceWord = $state('');
  evidenceOther = $state('');
  evidence = $state.raw<ExploreEvidence | null>(null);
  evidenceError = $state<string | null>(null);
  evidenceBusy = $state(false);
  /** The evidence request in flight: the first on a corpus builds its concordance index, with progress. */
  evidenceCall = $state<LongCall | null>(null);
  /** The last request was cancelled (the index was not built). */
  evidenceCancelled = $state(false);
  #evidenceRequest = 0;

  readonly #client: FirthClient;
  readonly #report: (error: unknown) => void;

  constructor(client: FirthClient, report: (error: unknown) => void) {
    this.#client = client;
    this.#report = report;
  }

  get spaces(): SpaceRef[] {
    return this.folders.map((folder) => ({ folder, matrix: 'w' as const }));
  }

  get centring(): { components: number } | undefined {
    return this.centre ? { components: Math.max(0, Math.min(20, Math.round(this.components) || 0)) } : undefined;
  }

  async runNeighbors(): Promise<void> {
    if (this.folders.length === 0 || this.expression.trim() === '') return;
    this.busy = true;
    try {
      const query = this.expression.trim();
      this.neighbors = await this.#client.exploreNeighbors({ spaces: this.spaces, expression: query, k: this.k, method: this.cosmul ? '3cosmul' : 'cosine', centre: this.centring });
      this.neighborsQuery = query;
      this.neighborsError = null;
    } catch (error) {
      this.neighborsError = messageOf(error);
    } finally {
      this.busy = false;
    }
  }

  async runSimilarity(): Promise<void> {
    if (this.folders.length === 0 || this.first.trim() === '' || this.second.trim() === '') return;
    try {
      this.similarity = await this.#client.exploreSimilarity({ spaces: this.spaces, first: this.first.trim(), second: this.second.trim(), centre: this.centring });
      this.similarityError = null;
    } catch (error) {
      this.similarityError = messageOf(error);
    }
  }

  async runDoesntMatch(words: string[]): Promise<void> {
    if (this.folders.length === 0) return;
    if (words.length < 2) {
      this.doesntMatchError = 'Give at least two words';
      return;
    }
    try {
      this.doesntMatch = await this.#client.exploreDoesntMatch({ spaces: this.spaces, words, centre: this.centring });
      this.doesntMatchError = null;
    } catch (error) {
      this.doesntMatchError = messageOf(error);
    }
  }

  /** Contexts by PMI and count, shared contexts (with `other`), and concordance lines, from the run's corpus. */
  async showEvidence(folder: string, word: string, other?: string): Promise<void> {
    this.evidenceFolder = folder;
    this.evidenceWord = word;
    this.evidenceOther = other ?? '';
    await this.loadEvidence();
  }

  async loadEvidence(): Promise<void> {
    const word = this.evidenceWord.trim();
    if (this.evidenceFolder === '' || word === '') return;
    const other = this.evidenceOther.trim();
    const overtaken = this.evidenceCall;
    const request = ++this.#evidenceRequest;
    this.evidenceBusy = true;
    this.evidenceCancelled = false;
    const folder = this.evidenceFolder;
    try {
      const reply = withProgress(
        this.#client,
        'Indexing the corpus',
        'evidence',
        (jobId) => this.#client.exploreEvidence({ folder, word, ...(other !== '' ? { other } : {}), jobId }),
        (call) => {
          if (request === this.#evidenceRequest) this.evidenceCall = call;
        },
      );
      // The request this one overtook is stopped, after this one was sent: when both need the same
      // index, its build goes on for this one.
      if (overtaken) void cancelLongCall(this.#client, overtaken, this.#report);
      const evidence = await reply;
      if (request !== this.#evidenceRequest) return;
      this.evidence = evidence;
      this.evidenceError = null;
    } catch (error) {
      if (request !== this.#evidenceRequest) return;
      this.evidence = null;
      if (isCancelled(error)) {
        this.evidenceCancelled = true;
        this.evidenceError = null;
        return;
      }
      this.evidenceError = messageOf(error);
    } finally {
      if (request === this.#evidenceRequest) this.evidenceBusy = false;
    }
  }

  /** Stops the evidence request in flight (its index build). */
  cancelEvidence(): Promise<void> {
    return cancelLongCall(this.#client, this.evidenceCall, this.#report);
  }

  /** Completions for the word being typed; none when the service cannot say. */
  async complete(prefix: string): Promise<Array<{ word: string; count?: number }>> {
    if (this.folders.length === 0 || prefix === '') return [];
    try {
      return (await this.#client.exploreVocabulary({ spaces: this.spaces, prefix, limit: 12 })).words;
    } catch (error) {
      this.#report(error);
      return [];
    }
  }
}
