import { spawnSync } from 'node:child_process';
import { createReferenceKernels } from '../../../src/engine/compute';
import { createRandom } from '../../../src/engine/evaluation';
import type { Embedding } from '../../../src/engine/formats';

/** Kernels that run the plain float64 references: exact, no workers, fine for small tests. */
export const referenceKernels = createReferenceKernels();

/** An embedding from rows of numbers (not normalised: evaluation must normalise). */
export function embeddingOf(rows: Record<string, number[]>, counts?: number[]): Embedding {
  const words = Object.keys(rows);
  const dimensions = rows[words[0]].length;
  const embedding: Embedding = { words, vectors: Float32Array.from(words.flatMap((word) => rows[word])), dimensions };
  if (counts) embedding.counts = Float64Array.from(counts);
  return embedding;
}

export function randomEmbedding(words: string[], dimensions: number, seed: number): Embedding {
  const random = createRandom(seed, 'test-embedding');
  return { words, vectors: Float32Array.from({ length: words.length * dimensions }, () => random() * 2 - 1), dimensions };
}

/** Why /usr/bin/python3 cannot import `modules`, or undefined when it can. */
export function pythonMissing(modules: string[]): string | undefined {
  const result = spawnSync('/usr/bin/python3', ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  if (result.error) return `/usr/bin/python3 is not available (${result.error.message})`;
  if (result.status !== 0) return `/usr/bin/python3 cannot import ${modules.join(', ')}: ${result.stderr.trim().split('\n').pop()}`;
  return undefined;
}
