import { workerData } from 'node:worker_threads';
import type { z } from 'zod';
import type { AlignmentInputSchema, NeighborsInputSchema, OverlapInputSchema, ProjectionInputSchema } from '../../shared/compare';
import type { BackendChoice } from '../../shared/compute';
import { FirthError } from '../../shared/errors';
import { SpaceComparison } from '../../engine/compare/space-comparison';
import { createKernels } from '../../engine/compute/create-kernels';
import { loadEmbedding, type Embedding } from '../../engine/formats';
import { centreVectors, spaceShape } from '../../engine/vectors/space-shape';
import { serveTasks, type TaskContext } from '../jobs/task-server';
import { describeSpace } from './space-info';
import type { ComparisonOpened, OpenComparisonTask } from './comparison-task';

// One comparison, kept in this thread while the Compare tab uses it: the spaces, their shared words
// and every word's neighbours stay here, and only the answers to the views' questions go back.

const { backend, threads, allowSoftwareAdapter } = workerData as { backend: BackendChoice; threads?: number; allowSoftwareAdapter?: boolean };
let comparison: SpaceComparison | undefined;

function opened(): SpaceComparison {
  if (!comparison) throw new FirthError('not-found', 'The comparison is still being prepared');
  return comparison;
}

serveTasks({
  async open(input: OpenComparisonTask, context: TaskContext): Promise<ComparisonOpened> {
    const work = { signal: context.signal };
    const [loadedA, loadedB] = [await loadEmbedding(input.a.folder, { matrix: input.a.matrix, ...work }), await loadEmbedding(input.b.folder, { matrix: input.b.matrix, ...work })];
    const meanUnitNorm = { a: spaceShape(loadedA.embedding).meanUnitNorm, b: spaceShape(loadedB.embedding).meanUnitNorm };
    const centred = (embedding: Embedding) => (input.centre ? centreVectors(embedding, Math.min(input.centre.components, embedding.dimensions - 1)) : embedding);
    const kernels = await createKernels(backend, { threads, allowSoftwareAdapter });
    try {
      comparison = await SpaceComparison.open(centred(loadedA.embedding), centred(loadedB.embedding), input.top, kernels, { signal: context.signal, onProgress: context.onProgress });
    } finally {
      await kernels.dispose();
    }
    return {
      a: describeSpace(input.a.folder, input.a.matrix, loadedA.embedding),
      b: describeSpace(input.b.folder, input.b.matrix, loadedB.embedding),
      ...comparison.summary,
      meanUnitNorm,
      centred: input.centre !== undefined,
    };
  },
  neighbors: (input: z.output<typeof NeighborsInputSchema>) => opened().neighbors(input.word, input.k),
  overlap: (input: z.output<typeof OverlapInputSchema>) => opened().overlap(input.k),
  alignment: (input: z.output<typeof AlignmentInputSchema>) => opened().alignment(input.anchors),
  projection(input: z.output<typeof ProjectionInputSchema>, context: TaskContext) {
    if (input.method === 'pca') return opened().pca(input.top);
    return opened().umap({ seed: input.seed, neighbors: input.neighbors, minDist: input.minDist, top: input.top, signal: context.signal, onProgress: context.onProgress });
  },
});
