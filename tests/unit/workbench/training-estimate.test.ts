import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../../src/shared/project';
import { describeTrainingEstimate, estimatedCooccurrenceCells, mfSgnsFlopsPerStep } from '../../../src/shared/training-estimate';
import { createReferenceKernels } from '../../../src/engine/compute/reference/kernels';
import { loadOrBuildCorpus, peekCachedCorpus } from '../../../src/engine/corpus/corpus-cache';
import { calibrateMfSgnsPass } from '../../../src/engine/models/mf-sgns/calibrate-pass';
import { estimateMfSgnsMemory } from '../../../src/engine/models/mf-sgns/memory-estimate';
import { stridedLayout } from '../../../src/engine/models/mf-sgns/strided-tiles';
import { TrainingEstimator } from '../../../src/workbench/runs/training-estimate';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

describe('the Runs form estimate', () => {
  it('counts 6·V²·d flops per MF-SGNS step and bounds the cells by V² and the pair events', () => {
    expect(mfSgnsFlopsPerStep(1000, 100)).toBe(6e8);
    expect(estimatedCooccurrenceCells(10, 1_000_000, 5)).toBe(100);
    expect(estimatedCooccurrenceCells(100_000, 2_000_000, 5)).toBe(5_000_000);
    const text = describeTrainingEstimate({
      unit: 'step',
      vocabulary: 10_000,
      vocabularyExact: false,
      dimensions: 100,
      steps: 300,
      secondsPerStep: 0.42,
      totalSeconds: 126,
      memoryBytes: 1.5 * 2 ** 30,
      cells: null,
      rate: { value: 14.2, unit: 'GFLOP/s', backend: 'cpu' },
    });
    expect(text).toBe('≈ 0.42 s per step · 300 steps: about 2 min · memory ≈ 1.5 GB · V 10,000 at most (corpus not prepared yet), d 100 · 14.2 GFLOP/s measured on cpu');
  });

  it('calibrates the real matrix pass on a backend (here the reference kernels)', async () => {
    const rate = await calibrateMfSgnsPass(createReferenceKernels(), 64, 8);
    expect(Number.isFinite(rate) && rate > 0).toBe(true);
  });

  it('estimates MF-SGNS from the cap, then from the prepared corpus; GloVe once the corpus is prepared, from an earlier run’s cells', async () => {
    const work = tempFolder();
    const cacheFolder = join(work, 'cache');
    const corpusFile = writeCorpusSlice(work, 200_000);
    const project = { id: '0123456789abcdef', folder: join(work, 'project'), name: 'p', createdAt: '', updatedAt: '', schemaVersion: 1 } as unknown as Project;
    const estimator = new TrainingEstimator(cacheFolder);
    const request = { model: 'mf-sgns', corpusFile, corpus: { minCount: 3 }, settings: { maxSize: 5000, dimensions: 16, steps: 40 }, backend: 'cpu' as const, threads: 1, allowSoftwareAdapter: false };

    const capped = (await estimator.estimate(project, request))!;
    expect(capped).toMatchObject({ unit: 'step', vocabulary: 5000, vocabularyExact: false, dimensions: 16, steps: 40, cells: null, rate: { unit: 'GFLOP/s', backend: 'cpu' } });
    expect(capped.secondsPerStep).toBeCloseTo(mfSgnsFlopsPerStep(5000, 16) / (capped.rate.value * 1e9), 12);
    expect(capped.totalSeconds).toBeCloseTo(40 * capped.secondsPerStep, 9);
    expect(capped.memoryBytes).toBe(estimateMfSgnsMemory(stridedLayout(5000), 16, 5000 * 5000, 5).totalBytes);
    expect(capped.text).toContain('per step');
    expect(await estimator.estimate(project, { ...request, model: 'glove', settings: {} })).toBeNull(); // corpus not prepared
    expect(await estimator.estimate(project, { ...request, model: 'sgns' })).toBeNull();
    expect(await estimator.estimate(project, { ...request, settings: { steps: 0 } })).toBeNull(); // the form shows the field's error

    const prepared = await loadOrBuildCorpus(corpusFile, { minCount: 3 }, cacheFolder);
    const peeked = await peekCachedCorpus(corpusFile, { minCount: 3 }, cacheFolder);
    expect(peeked).toMatchObject({ vocabularySize: prepared.vocabulary.words.length, ids: prepared.ids.length });
    const V = prepared.vocabulary.words.length;
    expect(V).toBeLessThan(5000);
    const exact = (await estimator.estimate(project, request))!;
    expect(exact).toMatchObject({ vocabulary: V, vocabularyExact: true });
    expect(exact.memoryBytes).toBe(estimateMfSgnsMemory(stridedLayout(V), 16, prepared.ids.length, 5).totalBytes);

    const glove = { ...request, model: 'glove', settings: { dimensions: 16, iterations: 15, window: 10 } };
    const guessed = (await estimator.estimate(project, glove))!;
    expect(guessed).toMatchObject({ unit: 'iteration', vocabulary: V, steps: 15, memoryBytes: null, cells: estimatedCooccurrenceCells(V, prepared.ids.length, 10) });
    expect(guessed.secondsPerStep).toBeCloseTo(guessed.cells! / guessed.rate.value, 12);

    // An earlier GloVe run of the project on the same corpus and counting settings gives the real count.
    const run = join(project.folder, 'runs', 'glove-1');
    mkdirSync(run, { recursive: true });
    for (const name of ['W.npy', 'vocab.tsv']) writeFileSync(join(run, name), '');
    const { CorpusSettingsSchema } = await import('../../../src/shared/hyperparameters/corpus');
    const { GloveSettingsSchema } = await import('../../../src/shared/hyperparameters/glove');
    const settings = { corpus: CorpusSettingsSchema.parse({ minCount: 3 }), model: GloveSettingsSchema.parse(glove.settings) };
    writeFileSync(join(run, 'run.json'), JSON.stringify({ schemaVersion: 1, model: 'glove', corpus: { file: corpusFile }, settings, results: { cells: 12_345 } }));
    expect((await estimator.estimate(project, glove))!.cells).toBe(12_345);
  });
});
