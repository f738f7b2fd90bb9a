import { statSync } from 'node:fs';
import type { MethodParams } from '../../shared/contract';
import { FirthError, serializeError, describeError } from '../../shared/errors';
import type { ExploreDoesntMatch, ExploreNeighbors, ExploreSimilarity, SpaceShape } from '../../shared/explore';
import type { ScoredWord as ScoredWordOutput } from '../../shared/explore';
import { createReferenceKernels } from '../../engine/compute/reference/kernels';
import { loadEmbedding, type Embedding, type MatrixChoice } from '../../engine/formats';
import { doesntMatch, expressionToLists, mostSimilar, wordSimilarity, type ScoredWord } from '../../engine/vectors/keyed-queries';
import { centreVectors, sharedDirectionThreshold, spaceShape } from '../../engine/vectors/space-shape';
import { describeSpace } from '../compare/space-info';

// The Explore tab's queries, answered in the service process: one query vector against V×d is a
// few million multiply-adds, so the plain reference kernels answer at once without a worker. The
// spaces last asked about stay loaded (a run folder is never rewritten once done; a changed
// modification time reloads it).

const keptSpaces = 4;

interface LoadedSpace {
  key: string;
  modified: number;
  embedding: Embedding;
  shape: SpaceShape;
  centred: Map<number, Embedding>;
}

type SpaceRef = { folder: string; matrix: MatrixChoice };
type Centring = { components: number } | undefined;

function modifiedTime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function messageOf(error: unknown): string {
  return describeError(serializeError(error));
}

function output(word: ScoredWord): ScoredWordOutput {
  return { word: word.word, score: word.score, ...(word.count !== undefined ? { count: word.count } : {}), ...(word.zeroVector ? { zeroVector: true } : {}) };
}

export class Explorer {
  private readonly spaces: LoadedSpace[] = [];
  private readonly kernels = createReferenceKernels();

  private async load(space: SpaceRef): Promise<LoadedSpace> {
    const key = `${space.matrix}\u0000${space.folder}`;
    const modified = modifiedTime(space.folder);
    const index = this.spaces.findIndex((candidate) => candidate.key === key);
    if (index >= 0) {
      const [found] = this.spaces.splice(index, 1);
      if (found.modified === modified) {
        this.spaces.unshift(found);
        return found;
      }
    }
    const { embedding } = await loadEmbedding(space.folder, { matrix: space.matrix });
    const shape = spaceShape(embedding);
    const loaded: LoadedSpace = {
      key,
      modified,
      embedding,
      shape: { label: describeSpace(space.folder, space.matrix, embedding).label, ...shape, sharedDirection: shape.meanUnitNorm > sharedDirectionThreshold, centred: false },
      centred: new Map(),
    };
    this.spaces.unshift(loaded);
    this.spaces.splice(keptSpaces);
    return loaded;
  }

  /** The space's vectors as asked: as trained, or centred (once per number of components). */
  private async vectors(space: SpaceRef, centre: Centring): Promise<{ embedding: Embedding; shape: SpaceShape }> {
    const loaded = await this.load(space);
    if (!centre) return { embedding: loaded.embedding, shape: loaded.shape };
    let centred = loaded.centred.get(centre.components);
    if (!centred) {
      centred = centreVectors(loaded.embedding, Math.min(centre.components, loaded.embedding.dimensions - 1));
      loaded.centred.set(centre.components, centred);
    }
    return { embedding: centred, shape: { ...loaded.shape, centred: true } };
  }

  /** Each space answers on its own: one that fails says why, and the others still answer. */
  private async eachSpace<T>(spaces: SpaceRef[], centre: Centring, answer: (embedding: Embedding) => Promise<T> | T, failed: T): Promise<Array<T & { folder: string; matrix: MatrixChoice; space?: SpaceShape; error?: string }>> {
    const results: Array<T & { folder: string; matrix: MatrixChoice; space?: SpaceShape; error?: string }> = [];
    for (const space of spaces) {
      try {
        const { embedding, shape } = await this.vectors(space, centre);
        results.push({ folder: space.folder, matrix: space.matrix, space: shape, ...(await answer(embedding)) });
      } catch (error) {
        if (error instanceof FirthError && error.code === 'internal') throw error;
        results.push({ folder: space.folder, matrix: space.matrix, ...failed, error: messageOf(error) });
      }
    }
    return results;
  }

  async neighbors(input: MethodParams<'exploreNeighbors'>): Promise<ExploreNeighbors> {
    const results = await this.eachSpace(
      input.spaces,
      input.centre,
      async (embedding) => {
        const fromExpression = input.expression?.trim() ? expressionToLists(embedding, input.expression) : { positive: [], negative: [] };
        const positive = [...fromExpression.positive, ...input.positive];
        const negative = [...fromExpression.negative, ...input.negative];
        const result = await mostSimilar(embedding, { positive, negative }, input.k, this.kernels, { method: input.method, ignoreUnknown: true });
        const used = result.words.map((word) => output({ word: embedding.words[word.row], row: word.row, score: word.weight, ...zeroAndCount(embedding, word.row) }));
        return { positive, negative, unknown: result.unknown, used, neighbors: result.neighbors.map(output) };
      },
      { positive: [], negative: [], unknown: [], used: [], neighbors: [] },
    );
    return { results };
  }

  async similarity(input: MethodParams<'exploreSimilarity'>): Promise<ExploreSimilarity> {
    const results = await this.eachSpace(
      input.spaces,
      input.centre,
      (embedding) => {
        try {
          const result = wordSimilarity(embedding, input.first, input.second);
          return { similarity: result.similarity, unknown: [], zeroVector: result.words.filter((word) => word.zeroVector).map((word) => word.word) };
        } catch (error) {
          if (error instanceof FirthError && error.code === 'not-found') {
            const unknown = [input.first, input.second].filter((word) => !knows(embedding, word));
            return { similarity: null, unknown, zeroVector: [] };
          }
          throw error;
        }
      },
      { similarity: null, unknown: [], zeroVector: [] },
    );
    return { results };
  }

  async doesntMatch(input: MethodParams<'exploreDoesntMatch'>): Promise<ExploreDoesntMatch> {
    const results = await this.eachSpace(
      input.spaces,
      input.centre,
      (embedding) => {
        const known = input.words.filter((word) => knows(embedding, word));
        const unknown = [...new Set(input.words.filter((word) => !knows(embedding, word)))];
        if (known.length === 0) return { word: null, ranking: [], unknown };
        const result = doesntMatch(embedding, known);
        return { word: result.word, ranking: result.ranking.map(output), unknown };
      },
      { word: null, ranking: [], unknown: [] },
    );
    return { results };
  }

  /** Autocomplete: words that start with the prefix (case-folded), the most frequent (first rows) first. */
  async vocabulary(input: MethodParams<'exploreVocabulary'>): Promise<{ words: Array<{ word: string; count?: number }> }> {
    const prefix = input.prefix.toLowerCase();
    if (prefix === '') return { words: [] };
    const found = new Map<string, { word: string; count?: number; rank: number }>();
    for (const space of input.spaces) {
      const { embedding } = await this.load(space);
      for (let row = 0; row < embedding.words.length && found.size < input.limit * 4; row++) {
        const word = embedding.words[row];
        if (!word.toLowerCase().startsWith(prefix)) continue;
        const previous = found.get(word);
        if (!previous || row < previous.rank) found.set(word, { word, rank: row, ...(embedding.counts ? { count: embedding.counts[row] } : {}) });
      }
    }
    const words = [...found.values()].sort((a, b) => a.rank - b.rank).slice(0, input.limit);
    return { words: words.map(({ word, count }) => ({ word, ...(count !== undefined ? { count } : {}) })) };
  }
}

function knows(embedding: Embedding, word: string): boolean {
  try {
    wordSimilarity(embedding, word, word);
    return true;
  } catch {
    return false;
  }
}

function zeroAndCount(embedding: Embedding, row: number): Pick<ScoredWord, 'count' | 'zeroVector'> {
  const d = embedding.dimensions;
  let zero = true;
  for (let index = row * d; index < (row + 1) * d; index++) if (embedding.vectors[index] !== 0) zero = false;
  return { ...(embedding.counts ? { count: embedding.counts[row] } : {}), ...(zero ? { zeroVector: true } : {}) };
}
