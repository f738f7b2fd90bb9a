import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { BackendChoice } from '../../shared/compute';
import { FirthError } from '../../shared/errors';
import { CorpusSettingsSchema } from '../../shared/hyperparameters/corpus';
import { GloveSettingsSchema } from '../../shared/hyperparameters/glove';
import { MfSgnsSettingsSchema } from '../../shared/hyperparameters/mf-sgns';
import type { Project } from '../../shared/project';
import { describeTrainingEstimate, estimatedCooccurrenceCells, mfSgnsFlopsPerStep, type TrainingEstimate } from '../../shared/training-estimate';
import { createKernels } from '../../engine/compute/create-kernels';
import { peekCachedCorpus } from '../../engine/corpus/corpus-cache';
import { calibrateGloveIteration } from '../../engine/models/glove/calibrate-iteration';
import { calibrateMfSgnsPass } from '../../engine/models/mf-sgns/calibrate-pass';
import { estimateMfSgnsMemory } from '../../engine/models/mf-sgns/memory-estimate';
import { stridedLayout } from '../../engine/models/mf-sgns/strided-tiles';
import { listRuns } from './list-runs';

// The Runs form's time and memory estimate for MF-SGNS and GloVe (shared/training-estimate.ts says
// what is shown). Rates are measured once per backend, thread count and size, and kept for the session:
// MF-SGNS runs its real matrix pass on a V ≤ 1,024 synthetic tile; GloVe its real kernel on 200,000 cells.

export interface EstimateRequest {
  model: string;
  corpusFile?: string;
  corpus: Record<string, unknown>;
  settings: Record<string, unknown>;
  backend: BackendChoice;
  threads?: number;
  allowSoftwareAdapter: boolean;
}

/** Largest side of the calibration tile: big enough for the GEMMs to reach speed, small enough to take well under a second on the cpu. */
const calibrationSide = (backend: BackendChoice) => (backend === 'cpu' || backend === 'auto' ? 1024 : 256);

export class TrainingEstimator {
  private readonly rates = new Map<string, Promise<{ value: number; backend: string }>>();
  private measuring: Promise<unknown> = Promise.resolve();

  constructor(private readonly cacheFolder: string) {}

  async estimate(project: Project, request: EstimateRequest): Promise<TrainingEstimate | null> {
    if (request.model !== 'mf-sgns' && request.model !== 'glove') return null;
    const corpusFile = request.corpusFile ?? project.corpus?.file;
    const corpusSettings = CorpusSettingsSchema.safeParse({ ...(request.corpusFile ? {} : project.corpus?.settings), ...request.corpus });
    if (!corpusSettings.success) return null; // the form shows the field's own error
    const corpus = corpusFile ? await peekCachedCorpus(corpusFile, corpusSettings.data, this.cacheFolder) : undefined;
    return request.model === 'mf-sgns' ? this.mfSgns(request, corpus) : this.glove(project, request, corpusFile, corpusSettings.data, corpus);
  }

  private async mfSgns(request: EstimateRequest, corpus: { vocabularySize: number; ids: number } | undefined): Promise<TrainingEstimate | null> {
    const parsed = MfSgnsSettingsSchema.safeParse(request.settings);
    if (!parsed.success) return null;
    const settings = parsed.data;
    const V = corpus ? Math.min(settings.maxSize, corpus.vocabularySize) : settings.maxSize;
    const d = Math.min(settings.dimensions, V);
    const side = Math.min(V, calibrationSide(request.backend));
    const rate = await this.rate(`mf-sgns|${request.backend}|${request.threads ?? 0}|${side}|${d}`, async () => {
      const kernels = await createKernels(request.backend, { threads: request.threads, allowSoftwareAdapter: request.allowSoftwareAdapter });
      try {
        return { value: await calibrateMfSgnsPass(kernels, side, d), backend: kernels.backend.name };
      } finally {
        await kernels.dispose();
      }
    });
    const secondsPerStep = mfSgnsFlopsPerStep(V, d) / (rate.value * 1e9);
    // Without the corpus's tokens the cells are bounded by V² (the estimate the trainer refuses on is then lower).
    const memory = estimateMfSgnsMemory(stridedLayout(V), d, corpus ? corpus.ids : V * V, settings.window);
    return withText({
      unit: 'step',
      vocabulary: V,
      vocabularyExact: corpus !== undefined,
      dimensions: d,
      steps: settings.steps,
      secondsPerStep,
      totalSeconds: secondsPerStep * settings.steps,
      memoryBytes: memory.totalBytes,
      cells: null,
      rate: { value: rate.value, unit: 'GFLOP/s', backend: rate.backend },
    });
  }

  private async glove(
    project: Project,
    request: EstimateRequest,
    corpusFile: string | undefined,
    corpusSettings: Record<string, unknown>,
    corpus: { vocabularySize: number; ids: number } | undefined,
  ): Promise<TrainingEstimate | null> {
    const parsed = GloveSettingsSchema.safeParse(request.settings);
    if (!parsed.success || !corpus) return null; // GloVe's size is the corpus's: nothing to say before it is prepared
    const settings = parsed.data;
    const threads = request.threads ?? availableParallelism();
    const rate = await this.rate(`glove|${threads}|${settings.dimensions}`, async () => ({
      value: await calibrateGloveIteration(settings.dimensions, threads),
      backend: `cpu (${threads} thread${threads === 1 ? '' : 's'})`,
    }));
    const cells = earlierGloveCells(project, corpusFile, corpusSettings, settings) ?? estimatedCooccurrenceCells(corpus.vocabularySize, corpus.ids, settings.window);
    const secondsPerStep = cells / rate.value;
    return withText({
      unit: 'iteration',
      vocabulary: corpus.vocabularySize,
      vocabularyExact: true,
      dimensions: settings.dimensions,
      steps: settings.iterations,
      secondsPerStep,
      totalSeconds: secondsPerStep * settings.iterations,
      memoryBytes: null,
      cells,
      rate: { value: rate.value, unit: 'cells/s', backend: rate.backend },
    });
  }

  private rate(key: string, measure: () => Promise<{ value: number; backend: string }>): Promise<{ value: number; backend: string }> {
    let rate = this.rates.get(key);
    if (!rate) {
      // One measurement at a time: two at once (the form asks again as the user types) would share
      // the cores and each measure half the speed.
      rate = this.measuring.then(measure, measure);
      this.measuring = rate.catch(() => undefined);
      this.rates.set(key, rate);
      // A failed measurement (a backend that does not start) is tried again next time, and its error reported now.
      rate.catch(() => this.rates.delete(key));
    }
    return rate.catch((error: unknown) => {
      throw error instanceof FirthError ? error : new FirthError('internal', `Measuring the backend's speed failed: ${String(error)}`);
    });
  }
}

function withText(estimate: Omit<TrainingEstimate, 'text'>): TrainingEstimate {
  return { ...estimate, text: describeTrainingEstimate(estimate) };
}

/** The non-zero cells of the project's latest GloVe run on the same corpus and counting settings, if any. */
function earlierGloveCells(project: Project, corpusFile: string | undefined, corpus: Record<string, unknown>, settings: { window: number; weighting: string }): number | undefined {
  const same = (left: unknown, right: unknown) => JSON.stringify(left) === JSON.stringify(right);
  for (const run of listRuns(join(project.folder, 'runs'), () => false)) {
    if (run.status !== 'done' || run.model !== 'glove' || run.corpusFile !== corpusFile || !run.settings) continue;
    const model = run.settings.model;
    if (!same(run.settings.corpus, corpus) || model.window !== settings.window || model.weighting !== settings.weighting) continue;
    if (typeof run.results?.cells === 'number') return run.results.cells;
  }
  return undefined;
}
