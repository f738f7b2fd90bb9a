import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { pickBackendChoice, type BackendChoice, type BackendInfo } from '../shared/compute';
import { methods, type FirthEvents, type MethodInput, type MethodName, type MethodOutput, type MethodParams, type ServiceImplementation } from '../shared/contract';
import { FirthError } from '../shared/errors';
import type { Settings, SettingsPatch } from '../shared/settings';
import type { Face } from '../shared/system-info';
import { detectBackends, resolveBackend } from '../engine/compute/backends';
import { EventHub } from './event-hub';
import { tidyDataFolder, trashFolderOf } from './data-folder';
import { removeStaleTemporaries } from '../engine/io/stale-temporaries';
import { JobRunner } from './jobs/job-runner';
import { trainingJobRequest } from './jobs/training-request';
import { corpusCacheFolder } from './runs/run-inputs';
import { listRuns } from './runs/list-runs';
import { deleteRun } from './runs/delete-run';
import { annotateRun } from './runs/annotate-run';
import { sampleCorpusFile } from './resources-folder';
import { describeSystem } from './system-info';
import { ProjectRegistry } from './projects/project-registry';
import type { SettingsStore } from './settings/settings-store';
import { Comparisons } from './compare/comparisons';
import { Theorems } from './theorem/theorems';
import { Sweeps } from './sweep/sweeps';
import { TrainingEstimator } from './runs/training-estimate';
import { Explorer } from './explore/explorer';
import { EvidenceThread } from './explore/evidence-thread';
import { LongCalls } from './jobs/long-calls';
import { previewTokens } from '../engine/corpus/preview-tokens';
import { resolveTokenizerOptions } from '../engine/corpus/tokenizer-options';
import { CorpusSettingsSchema } from '../shared/hyperparameters/corpus';

/**
 * The input with its schema's defaults filled in: the dispatcher does this for every face, but the
 * service is also called directly (CLI, tests), and the compare workers rely on complete inputs.
 */
function withDefaults<M extends MethodName>(method: M, input: MethodInput<M>): MethodParams<M> {
  return methods[method].input.parse(input) as MethodParams<M>;
}

export const SAMPLE_PROJECT_NAME = 'Sample (text8)';

export interface WorkbenchOptions {
  dataFolder: string;
  settings: SettingsStore;
  face: Face;
  appVersion: string;
  /** Electron and Chromium versions, when the face has them. */
  versions?: { electron?: string; chromium?: string };
  /** `--backend` flag and FIRTH_BACKEND, which win over the saved setting. */
  backendFlag?: string;
  backendEnvironment?: string;
  /** Lets a software WebGPU adapter (SwiftShader) count as gpu: tests only. */
  allowSoftwareAdapter?: boolean;
  /** The face's file dialog (Electron); null when the user cancels it. */
  chooseFile?: (purpose: 'corpus' | 'vectors') => Promise<string | null>;
}

/** The service: implements the contract once for every face (Electron, web host, CLI, tests). */
export class Workbench implements ServiceImplementation, FirthEvents {
  private readonly hub = new EventHub();
  private readonly projects: ProjectRegistry;
  private readonly jobs = new JobRunner(this.hub);
  private readonly comparisons = new Comparisons(this.hub);
  private readonly theorems: Theorems;
  private readonly sweeps: Sweeps;
  private readonly estimator: TrainingEstimator;
  private readonly explorer = new Explorer();
  private readonly longCalls = new LongCalls(this.hub);
  private readonly evidenceThread: EvidenceThread;
  private backends: Promise<BackendInfo[]> | undefined;

  constructor(private readonly options: WorkbenchOptions) {
    this.projects = new ProjectRegistry(options.dataFolder, options.settings);
    this.theorems = new Theorems(this.hub, corpusCacheFolder(options.dataFolder));
    this.sweeps = new Sweeps(this.hub);
    this.evidenceThread = new EvidenceThread(this.hub, corpusCacheFolder(options.dataFolder));
    this.estimator = new TrainingEstimator(corpusCacheFolder(options.dataFolder));
    this.removeStaleTemporaries();
  }

  /** What processes killed mid-write left in the folders this service writes (see stale-temporaries.ts). */
  private removeStaleTemporaries(): void {
    tidyDataFolder(this.options.dataFolder);
    const folders: string[] = [];
    try {
      for (const entry of this.projects.list()) folders.push(join(entry.status === 'ok' ? entry.project.folder : entry.folder, 'runs'));
    } catch {
      // an unreadable settings file: the projects are tidied on a later start
    }
    for (const folder of folders) removeStaleTemporaries(folder);
  }

  readonly on = this.hub.on.bind(this.hub);
  readonly onAny = this.hub.onAny.bind(this.hub);

  async getSystemInfo(_input: MethodParams<'getSystemInfo'> = {}): Promise<MethodOutput<'getSystemInfo'>> {
    const backends = await this.detect();
    const { choice, source } = pickBackendChoice(this.options.backendFlag, this.options.backendEnvironment, this.options.settings.read().backend);
    const { appVersion, face, dataFolder, versions } = this.options;
    return describeSystem({ appVersion, face, dataFolder, versions, choice, choiceSource: source, backends });
  }

  async listProjects(_input: MethodParams<'listProjects'> = {}): Promise<MethodOutput<'listProjects'>> {
    return { projects: this.projects.list() };
  }

  async createProject(input: MethodParams<'createProject'>): Promise<MethodOutput<'createProject'>> {
    const project = this.projects.create(input.name.trim(), input.folder);
    this.hub.emit('projectsChanged', { reason: 'created', id: project.id });
    return project;
  }

  async openProject(input: MethodParams<'openProject'>): Promise<MethodOutput<'openProject'>> {
    return this.projects.open(input.id);
  }

  async deleteProject(input: MethodParams<'deleteProject'>): Promise<MethodOutput<'deleteProject'>> {
    const result = this.projects.delete(input.id);
    this.hub.emit('projectsChanged', { reason: 'deleted', id: input.id });
    return result;
  }

  async startTraining(input: MethodParams<'startTraining'>): Promise<MethodOutput<'startTraining'>> {
    const { choice } = pickBackendChoice(this.options.backendFlag, this.options.backendEnvironment, this.options.settings.read().backend);
    const request = trainingJobRequest(input, choice, corpusCacheFolder(this.options.dataFolder), this.options.allowSoftwareAdapter ?? false, trashFolderOf(this.options.dataFolder));
    return this.jobs.start(request);
  }

  async cancelJob(input: MethodParams<'cancelJob'>): Promise<MethodOutput<'cancelJob'>> {
    const cancelled =
      this.jobs.cancel(input.jobId) ||
      this.comparisons.cancel(input.jobId) ||
      this.theorems.cancel(input.jobId) ||
      this.sweeps.cancel(input.jobId) ||
      this.longCalls.cancel(input.jobId) ||
      this.evidenceThread.cancel(input.jobId);
    return { cancelled };
  }

  /** Stops running jobs; the faces call it when they close. */
  async dispose(): Promise<void> {
    this.projects.locks.releaseAll();
    await Promise.all([
      this.jobs.dispose(),
      this.comparisons.dispose(),
      this.theorems.dispose(),
      this.sweeps.dispose(),
      this.longCalls.dispose(),
      this.evidenceThread.dispose(),
    ]);
  }

  async openComparison(input: MethodInput<'openComparison'>): Promise<MethodOutput<'openComparison'>> {
    return this.comparisons.start(withDefaults('openComparison', input), this.computeOptions());
  }

  async closeComparison(input: MethodParams<'closeComparison'>): Promise<MethodOutput<'closeComparison'>> {
    return { closed: await this.comparisons.close(input.comparisonId) };
  }

  compareNeighbors(input: MethodInput<'compareNeighbors'>): Promise<MethodOutput<'compareNeighbors'>> {
    return this.comparisons.query('compareNeighbors', withDefaults('compareNeighbors', input));
  }

  compareOverlap(input: MethodInput<'compareOverlap'>): Promise<MethodOutput<'compareOverlap'>> {
    return this.comparisons.query('compareOverlap', withDefaults('compareOverlap', input));
  }

  compareAlignment(input: MethodInput<'compareAlignment'>): Promise<MethodOutput<'compareAlignment'>> {
    return this.comparisons.query('compareAlignment', withDefaults('compareAlignment', input));
  }

  compareProjection(input: MethodInput<'compareProjection'>): Promise<MethodOutput<'compareProjection'>> {
    return this.comparisons.query('compareProjection', withDefaults('compareProjection', input));
  }

  getTheorem(input: MethodInput<'getTheorem'>): Promise<MethodOutput<'getTheorem'>> {
    return this.theorems.compute(withDefaults('getTheorem', input));
  }

  exploreNeighbors(input: MethodInput<'exploreNeighbors'>): Promise<MethodOutput<'exploreNeighbors'>> {
    return this.explorer.neighbors(withDefaults('exploreNeighbors', input));
  }

  exploreSimilarity(input: MethodInput<'exploreSimilarity'>): Promise<MethodOutput<'exploreSimilarity'>> {
    return this.explorer.similarity(withDefaults('exploreSimilarity', input));
  }

  exploreDoesntMatch(input: MethodInput<'exploreDoesntMatch'>): Promise<MethodOutput<'exploreDoesntMatch'>> {
    return this.explorer.doesntMatch(withDefaults('exploreDoesntMatch', input));
  }

  exploreVocabulary(input: MethodInput<'exploreVocabulary'>): Promise<MethodOutput<'exploreVocabulary'>> {
    return this.explorer.vocabulary(withDefaults('exploreVocabulary', input));
  }

  async previewCorpus(input: MethodInput<'previewCorpus'>): Promise<MethodOutput<'previewCorpus'>> {
    const params = withDefaults('previewCorpus', input);
    const settings = CorpusSettingsSchema.parse(params.settings ?? {});
    return { lines: await previewTokens(params.file, resolveTokenizerOptions(settings), params.lines) };
  }

  async exploreEvidence(input: MethodInput<'exploreEvidence'>): Promise<MethodOutput<'exploreEvidence'>> {
    return this.evidenceThread.evidence(withDefaults('exploreEvidence', input));
  }

  /** The backend and threads every compute job of this service uses. */
  private computeOptions(): { backend: BackendChoice; threads?: number; allowSoftwareAdapter: boolean } {
    const settings = this.options.settings.read();
    const { choice } = pickBackendChoice(this.options.backendFlag, this.options.backendEnvironment, settings.backend);
    return { backend: choice, ...(settings.threads ? { threads: settings.threads } : {}), allowSoftwareAdapter: this.options.allowSoftwareAdapter ?? false };
  }

  async setProjectCorpus(input: MethodParams<'setProjectCorpus'>): Promise<MethodOutput<'setProjectCorpus'>> {
    if (!existsSync(input.corpus.file)) {
      throw new FirthError('not-found', `The corpus ${input.corpus.file} does not exist`, { file: input.corpus.file, field: 'corpus.file' });
    }
    this.projects.get(input.id);
    // Importing (again) builds the corpus cache and records the file's hash, so a later change to the
    // file is noticed; project.json changes only once the import is complete (a cancel leaves it be).
    const settings = CorpusSettingsSchema.parse(input.corpus.settings ?? {});
    const { sha256 } = await this.longCalls
      .run('importCorpus', { file: input.corpus.file, settings, cacheFolder: corpusCacheFolder(this.options.dataFolder) }, input.jobId)
      .catch((error: unknown) => {
        // What is wrong with the file (binary, empty, unreadable) belongs under the file field.
        if (error instanceof FirthError && error.code !== 'cancelled' && !error.where?.field && error.where?.file === input.corpus.file) {
          throw new FirthError(error.code, error.message, { ...error.where, field: 'corpus.file' });
        }
        throw error;
      });
    const project = this.projects.update(input.id, (file) => ({ ...file, corpus: { ...input.corpus, sha256 } }));
    this.hub.emit('projectsChanged', { reason: 'updated', id: input.id });
    return project;
  }

  async getCorpusOverview(input: MethodParams<'getCorpusOverview'>): Promise<MethodOutput<'getCorpusOverview'>> {
    const { corpus } = this.projects.get(input.id);
    if (!corpus) throw new FirthError('invalid-input', 'This project has no corpus yet: choose a corpus file first', { field: 'corpus' });
    return this.longCalls.run('corpusOverview', { corpus, cacheFolder: corpusCacheFolder(this.options.dataFolder) }, input.jobId);
  }

  async listRuns(input: MethodParams<'listRuns'>): Promise<MethodOutput<'listRuns'>> {
    const project = this.projects.get(input.id);
    return { runs: listRuns(join(project.folder, 'runs'), (folder) => this.jobs.isWriting(folder)) };
  }

  async deleteRun(input: MethodParams<'deleteRun'>): Promise<MethodOutput<'deleteRun'>> {
    const project = this.projects.get(input.id);
    return deleteRun(join(project.folder, 'runs'), input.runId, trashFolderOf(this.options.dataFolder), (folder) => this.jobs.isWriting(folder));
  }

  async annotateRun(input: MethodParams<'annotateRun'>): Promise<MethodOutput<'annotateRun'>> {
    const project = this.projects.get(input.id);
    return annotateRun(join(project.folder, 'runs'), input.runId, { name: input.name, note: input.note }, (folder) => this.jobs.isWriting(folder));
  }

  async evaluateRun(input: MethodParams<'evaluateRun'>): Promise<MethodOutput<'evaluateRun'>> {
    const { choice } = pickBackendChoice(this.options.backendFlag, this.options.backendEnvironment, this.options.settings.read().backend);
    return this.longCalls.run('evaluate', { input, backend: choice }, input.jobId);
  }

  async exportRun(input: MethodParams<'exportRun'>): Promise<MethodOutput<'exportRun'>> {
    if (!isAbsolute(input.out)) throw new FirthError('invalid-input', `out must be an absolute path (got "${input.out}")`, { field: 'out' });
    return this.longCalls.run('export', { input, trashFolder: trashFolderOf(this.options.dataFolder) }, input.jobId);
  }

  /**
   * On the first start, a project on the bundled sample corpus, so a new user can train at once.
   * Made once: a user who deletes it does not get it back.
   */
  ensureSampleProject(): void {
    const settings = this.options.settings.read();
    const sample = sampleCorpusFile();
    if (settings.sampleProjectOffered || !sample) return;
    this.options.settings.write({ ...settings, sampleProjectOffered: true });
    if (this.projects.list().length > 0) return;
    const project = this.projects.create(SAMPLE_PROJECT_NAME);
    this.projects.update(project.id, (file) => ({ ...file, corpus: { file: sample, settings: { tokenPattern: 'whitespace' } } }));
  }

  async chooseFile(input: MethodParams<'chooseFile'>): Promise<MethodOutput<'chooseFile'>> {
    if (!this.options.chooseFile) {
      throw new FirthError('invalid-input', 'This face has no file dialog: type the path, or upload the file in the browser', { field: 'purpose' });
    }
    return { path: await this.options.chooseFile(input.purpose) };
  }

  get dataFolder(): string {
    return this.options.dataFolder;
  }

  async estimateTraining(input: MethodInput<'estimateTraining'>): Promise<MethodOutput<'estimateTraining'>> {
    const params = withDefaults('estimateTraining', input);
    const { backend, threads, allowSoftwareAdapter } = this.computeOptions();
    return this.estimator.estimate(this.projects.get(params.projectId), {
      ...params,
      backend: params.backend ?? backend,
      threads: params.threads ?? threads,
      allowSoftwareAdapter,
    });
  }

  async planSweep(input: MethodInput<'planSweep'>): Promise<MethodOutput<'planSweep'>> {
    return this.sweeps.plan(this.projects.get(input.projectId), withDefaults('planSweep', input));
  }

  async startSweep(input: MethodInput<'startSweep'>): Promise<MethodOutput<'startSweep'>> {
    const options = this.computeOptions();
    return this.sweeps.start(this.projects.get(input.projectId), withDefaults('startSweep', input), {
      ...options,
      cacheFolder: corpusCacheFolder(this.options.dataFolder),
      trashFolder: trashFolderOf(this.options.dataFolder),
    });
  }

  async cancelSweepRun(input: MethodParams<'cancelSweepRun'>): Promise<MethodOutput<'cancelSweepRun'>> {
    return { cancelled: this.sweeps.cancelRun(input.folder, input.index) };
  }

  async getSweep(input: MethodParams<'getSweep'>): Promise<MethodOutput<'getSweep'>> {
    return this.sweeps.get(input.folder);
  }

  async listSweeps(input: MethodParams<'listSweeps'>): Promise<MethodOutput<'listSweeps'>> {
    return this.sweeps.list(this.projects.get(input.id));
  }

  async getSettings(_input: MethodParams<'getSettings'> = {}): Promise<Settings> {
    return this.options.settings.read();
  }

  async setSettings(patch: SettingsPatch): Promise<Settings> {
    if (patch.backend !== undefined && patch.backend !== 'auto') {
      // Saving a backend that cannot run here would only fail later, far from the cause.
      resolveBackend(patch.backend, await this.detect());
    }
    const next = { ...this.options.settings.read(), ...patch };
    this.options.settings.write(next);
    return this.options.settings.read();
  }

  private detect(): Promise<BackendInfo[]> {
    if (this.backends) return this.backends;
    const probe = detectBackends({ allowSoftwareAdapter: this.options.allowSoftwareAdapter ?? false }).catch((error: unknown) => {
      this.backends = undefined; // probe again next time
      throw new FirthError('internal', `Probing compute backends failed: ${(error as Error).message}`);
    });
    this.backends = probe;
    return probe;
  }
}
