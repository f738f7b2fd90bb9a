// Times what opening a comparison costs: every word's 100 nearest neighbours in a 20,000 × 100 space
// (blocked matrix products on one backend), plus the Jaccard overlap at k = 10, orthogonal
// Procrustes and PCA on the pair. Target for the neighbours: under 3 s on 2 cores.
//
//   tsx scripts/bench-compare.ts [--backend cpu] [--words 20000] [--dimensions 100] [--threads N]

import { createKernels, type BackendChoice } from '../src/engine/compute';
import { SpaceComparison } from '../src/engine/compare/space-comparison';
import { createRandom } from '../src/engine/evaluation';
import type { Embedding } from '../src/engine/formats';
import { textOption, wholeNumberOption } from './bench-options';

function randomSpace(words: number, dimensions: number, seed: number): Embedding {
  const random = createRandom(seed, 'bench-compare');
  return {
    words: Array.from({ length: words }, (_, index) => `w${index}`),
    vectors: Float32Array.from({ length: words * dimensions }, () => random() * 2 - 1),
    dimensions,
  };
}

async function main(): Promise<void> {
  const backend = textOption('--backend', 'cpu') as BackendChoice;
  const words = wholeNumberOption('--words', 20_000);
  const dimensions = wholeNumberOption('--dimensions', 100);
  const kernels = await createKernels(backend, { threads: wholeNumberOption('--threads', 0) });
  try {
    const phases = new Map<string, number>();
    let phaseStarted = performance.now();
    let phase = '';
    const started = performance.now();
    const comparison = await SpaceComparison.open(randomSpace(words, dimensions, 1), randomSpace(words, dimensions, 2), words, kernels, {
      onProgress: (progress) => {
        if (progress.phase === phase) return;
        if (phase) phases.set(phase, performance.now() - phaseStarted);
        phase = progress.phase;
        phaseStarted = performance.now();
      },
    });
    phases.set(phase, performance.now() - phaseStarted);
    const openMs = performance.now() - started;
    const time = (work: () => unknown) => {
      const begun = performance.now();
      work();
      return performance.now() - begun;
    };
    console.log(`Compare on ${kernels.backend.name} (${kernels.backend.adapter}), ${words} × ${dimensions} per space`);
    for (const [name, ms] of phases) console.log(`  ${name}: ${(ms / 1000).toFixed(2)} s (target < 3 s)`);
    console.log(`  open in all: ${(openMs / 1000).toFixed(2)} s`);
    console.log(`  overlap k=10: ${time(() => comparison.overlap(10)).toFixed(0)} ms; Procrustes (all anchors): ${time(() => comparison.alignment({ mode: 'all' })).toFixed(0)} ms; PCA of both: ${time(() => comparison.pca()).toFixed(0)} ms`);
  } finally {
    await kernels.dispose();
  }
}

await main();
