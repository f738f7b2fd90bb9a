import type { FirthClient, MethodInput, MethodOutput } from '@shared/contract';
import { FirthError } from '@shared/errors';
import type { Project, ProjectCorpus } from '@shared/project';
import type { CorpusOverview, RunSummary } from '@shared/runs';
import { sortRuns } from '../runs/run-list';
import { CompareState } from './compare-state.svelte';
import { SweepState } from './sweep-state.svelte';
import { ExploreState } from './explore-state.svelte';
import { cancelLongCall, isCancelled, withProgress, type LongCall } from './long-call.svelte';
import { ProgressEstimator } from '@shared/progress';
import { summarizeProgress } from '../runs/job-progress';

export type ExportInput = MethodInput<'exportRun'>;
export type ExportResult = MethodOutput<'exportRun'>;

/** The bundled test sets' ids (resources/testsets, as the engine's catalogue lists them). */
export const bundledTestSetIds = ['ws353', 'ws353-similarity', 'ws353-relatedness', 'simlex999', 'men', 'google'] as const;

/** A refused call: the message per field (keyed like `where.field`), or null when it went through. */
export type FieldErrors = Record<string, string>;

/** An error the service tied to one field (`where.field`) belongs next to that field. */
const fieldErrorsOf = (error: unknown): FieldErrors | null =>
  error instanceof FirthError && error.where?.field ? { [error.where.field]: error.message } : null;

/**
 * What the open project's views share: its corpus overview, its runs, which of them the Evaluate
 * tab compares. One per open project; dropped when another opens.
 */
export class ProjectSession {
  project = $state.raw<Project>() as Project;
  overview = $state.raw<CorpusOverview | null>(null);
  overviewLoading = $state(false);
  overviewError = $state<string | null>(null);
  /** The error's code: 'corrupt-file' means the corpus changed since it was imported. */
  overviewErrorCode = $state<string | null>(null);
  runs = $state.raw<RunSummary[]>([]);
  runsLoaded = $state(false);
  /** The runs the Evaluate tab compares, by id. */
  selectedRunIds = $state.raw<string[]>([]);
  /** The user's own test-set files (absolute paths on the host), scored with the bundled sets. */
  userTestSets = $state.raw<string[]>([]);
  /** Run folders being scored now. */
  evaluating = $state.raw<string[]>([]);
  /** The scoring of each run folder being scored, with its progress. */
  evaluations = $state.raw<Record<string, LongCall>>({});
  /** The corpus import in progress (reading, tokenizing, counting into the cache). */
  importing = $state<LongCall | null>(null);
  /** The last import was cancelled: the project kept its corpus. */
  importCancelled = $state(false);
  /** The overview being computed (it builds the corpus cache when it is missing). */
  overviewCall = $state<LongCall | null>(null);
  /** The overview was cancelled before it was ready. */
  overviewCancelled = $state(false);
  /** The export being written. */
  exporting = $state<LongCall | null>(null);

  /** The Compare tab's spaces and answers: kept while the project is open, across tab switches. */
  readonly compare: CompareState;
  /** The Runs tab's sweeps of this project. */
  readonly sweeps: SweepState;
  /** The Explore tab's spaces and answers: kept while the project is open. */
  readonly explore: ExploreState;

  readonly #client: FirthClient;
  readonly #report: (error: unknown) => void;
  /** Only the newest reply is shown, so overlapping refreshes cannot go back in time. */
  #overviewRequest = 0;
  #runsRequest = 0;

  constructor(client: FirthClient, project: Project, report: (error: unknown) => void) {
    this.#client = client;
    this.#report = report;
    this.project = project;
    this.compare = new CompareState(client, report);
    this.sweeps = new SweepState(client, project.id, report);
    this.explore = new ExploreState(client, report);
  }

  /** Loads the corpus overview (when the project has a corpus) and the run list. */
  load(): void {
    void this.loadOverview();
    void this.refreshRuns();
  }

  async loadOverview(): Promise<void> {
    const request = ++this.#overviewRequest;
    if (!this.project.corpus) {
      this.overview = null;
      this.overviewError = null;
      return;
    }
    this.overviewLoading = true;
    this.overviewError = null;
    this.overviewErrorCode = null;
    this.overviewCancelled = false;
    try {
      const overview = await withProgress(
        this.#client,
        'Corpus overview',
        'overview',
        (jobId) => this.#client.getCorpusOverview({ id: this.project.id, jobId }),
        // Only the newest request's progress is shown (a newer one has replaced it otherwise).
        (call) => {
          if (request === this.#overviewRequest) this.overviewCall = call;
        },
      );
      if (request === this.#overviewRequest) this.overview = overview;
    } catch (error) {
      if (request === this.#overviewRequest && isCancelled(error)) {
        this.overview = null;
        this.overviewCancelled = true;
        return;
      }
      // Shown in the Corpus view, next to what it is about (a missing file, a bad setting).
      if (request === this.#overviewRequest) {
        this.overview = null;
        this.overviewError = error instanceof Error ? error.message : String(error);
        this.overviewErrorCode = error instanceof FirthError ? error.code : null;
      }
    } finally {
      if (request === this.#overviewRequest) this.overviewLoading = false;
    }
  }

  /**
   * Imports the corpus (read, tokenized and counted into the cache, with progress) and reloads the
   * overview; a refused field comes back as its message. A cancelled import changes nothing.
   */
  async setCorpus(corpus: ProjectCorpus): Promise<FieldErrors | null> {
    this.importCancelled = false;
    try {
      this.project = await withProgress(
        this.#client,
        'Importing the corpus',
        'import',
        (jobId) => this.#client.setProjectCorpus({ id: this.project.id, corpus, jobId }),
        (call) => (this.importing = call),
      );
    } catch (error) {
      if (isCancelled(error)) {
        this.importCancelled = true;
        return null;
      }
      const fieldErrors = fieldErrorsOf(error);
      if (fieldErrors) return fieldErrors;
      this.#report(error);
      return null;
    }
    await this.loadOverview();
    return null;
  }

  /** The first lines of a corpus as it would be tokenized at these settings, or why not. */
  async previewCorpus(corpus: ProjectCorpus): Promise<{ lines: MethodOutput<'previewCorpus'>['lines'] } | { error: string }> {
    try {
      return { lines: (await this.#client.previewCorpus({ file: corpus.file, settings: corpus.settings })).lines };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The desktop app's file dialog; null when cancelled. */
  async chooseCorpusFile(): Promise<string | null> {
    try {
      return (await this.#client.chooseFile({ purpose: 'corpus' })).path;
    } catch (error) {
      this.#report(error);
      return null;
    }
  }

  /** The upload in progress (the browser sending a corpus to the web host), with its progress. */
  uploading = $state<LongCall | null>(null);
  #abortUpload: (() => void) | null = null;

  /**
   * The browser's way to hand the host a file: POST it to the web host, which answers with its path.
   * Its progress (bytes sent) shows as a long call; cancelUpload aborts it, and the host removes what
   * it received (null then, with no notice).
   */
  async uploadCorpusFile(file: File): Promise<string | null> {
    const token = /[?&]token=([^&]*)/.exec(location.search)?.[1] ?? '';
    const call = $state<LongCall>({ jobId: 'upload', label: `Uploading ${file.name}`, progress: null });
    const estimator = new ProgressEstimator();
    this.uploading = call;
    try {
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        // XMLHttpRequest, not fetch: only it reports how much of a request body was sent.
        const request = new XMLHttpRequest();
        request.open('POST', `/upload?token=${token}&name=${encodeURIComponent(file.name)}`);
        request.upload.onprogress = (event) => {
          if (!event.lengthComputable) return;
          const progress = { phase: 'upload', done: event.loaded, total: event.total, unit: 'bytes' };
          const { rate, etaMs } = estimator.update(progress, Date.now());
          call.progress = summarizeProgress({ jobId: call.jobId, ...progress, rate, ...(etaMs === undefined ? {} : { etaMs }) });
        };
        request.onload = () => resolve({ status: request.status, body: request.responseText });
        request.onerror = () => reject(new Error('The upload failed: the connection to the host was lost'));
        request.onabort = () => reject(new FirthError('cancelled', 'Upload cancelled'));
        this.#abortUpload = () => request.abort();
        request.send(file);
      });
      const reply = JSON.parse(body) as { path?: string; error?: { message: string } };
      if (status !== 200 || !reply.path) throw new Error(reply.error?.message ?? `The upload failed (HTTP ${status})`);
      return reply.path;
    } catch (error) {
      if (!isCancelled(error)) this.#report(error);
      return null;
    } finally {
      this.uploading = null;
      this.#abortUpload = null;
    }
  }

  cancelUpload(): void {
    this.#abortUpload?.();
  }

  /** Imports the corpus file again as it is now (after it changed on disk): its new hash is recorded. */
  async reimport(): Promise<void> {
    if (this.project.corpus) await this.setCorpus({ file: this.project.corpus.file, settings: this.project.corpus.settings });
  }

  async refreshRuns(): Promise<void> {
    const request = ++this.#runsRequest;
    try {
      const { runs } = await this.#client.listRuns({ id: this.project.id });
      if (request !== this.#runsRequest) return;
      this.runs = sortRuns(runs);
      this.runsLoaded = true;
      const kept = this.selectedRunIds.filter((id) => this.runs.some((run) => run.id === id));
      // Something to compare from the start: the newest scored run.
      const firstScored = this.runs.find((run) => run.scores);
      this.selectedRunIds = kept.length === 0 && firstScored ? [firstScored.id] : kept;
    } catch (error) {
      this.#report(error);
    }
  }

  /** The last run moved to the trash and where it went, for the run list to say so. */
  lastDeleted = $state.raw<{ runId: string; trashedTo: string } | null>(null);

  /** Moves a run (or what an interrupted run left) to the trash, then refreshes the list. */
  async deleteRun(runId: string): Promise<void> {
    try {
      this.lastDeleted = await this.#client.deleteRun({ id: this.project.id, runId });
      this.selectedRunIds = this.selectedRunIds.filter((id) => id !== runId);
    } catch (error) {
      this.#report(error);
    }
    await this.refreshRuns();
  }

  /**
   * Renames and/or annotates a finished run (run.json's name and note; an empty text removes one),
   * then refreshes the list. A refusal tied to a field comes back for the form; others are reported.
   */
  async annotateRun(runId: string, change: { name?: string; note?: string }): Promise<FieldErrors | null> {
    try {
      const label = await this.#client.annotateRun({ id: this.project.id, runId, ...change });
      // The list shows the new label at once; the refresh below confirms it from run.json.
      this.runs = this.runs.map((run) => (run.id === runId ? { ...run, name: label.name, note: label.note } : run));
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (fields && !('runId' in fields)) return fields;
      this.#report(error);
    }
    await this.refreshRuns();
    return null;
  }

  isSelected(id: string): boolean {
    return this.selectedRunIds.includes(id);
  }

  toggleRun(id: string, selected: boolean): void {
    const others = this.selectedRunIds.filter((candidate) => candidate !== id);
    this.selectedRunIds = selected ? [...others, id] : others;
  }

  /** Scores a run folder (scores.json is saved beside it), then refreshes the list; `select` adds it to the comparison. */
  async evaluate(folder: string, options: { select?: boolean } = {}): Promise<void> {
    const files = this.userTestSets;
    if (this.evaluating.includes(folder)) return;
    this.evaluating = [...this.evaluating, folder];
    // The run shows as done (not yet scored) while its scores are computed.
    void this.refreshRuns();
    const input = files.length > 0 ? { folder, files, sets: [...bundledTestSetIds] } : { folder };
    const label = `Scoring ${this.runs.find((run) => run.folder === folder)?.id ?? folder}`;
    try {
      // Given files alone the service scores only them: the bundled sets are named too.
      await withProgress(this.#client, label, 'evaluate', (jobId) => this.#client.evaluateRun({ ...input, jobId }), (call) => {
        const { [folder]: _ended, ...others } = this.evaluations;
        this.evaluations = call ? { ...others, [folder]: call } : others;
      });
    } catch (error) {
      // A cancelled scoring keeps the run's earlier scores: nothing to report.
      if (!isCancelled(error)) this.#report(error);
    } finally {
      this.evaluating = this.evaluating.filter((candidate) => candidate !== folder);
    }
    await this.refreshRuns();
    if (options.select) {
      const run = this.runs.find((candidate) => candidate.folder === folder);
      if (run && !this.isSelected(run.id)) this.selectedRunIds = [...this.selectedRunIds, run.id];
    }
  }

  /**
   * Exports a run, with progress; a refused field (out, top …) comes back keyed by its name, a
   * cancelled export (which wrote nothing) as `cancelled`, anything else becomes a notice.
   */
  async exportRun(input: ExportInput): Promise<{ result: ExportResult } | { fieldErrors: FieldErrors } | { cancelled: true } | null> {
    try {
      return { result: await withProgress(this.#client, 'Exporting', 'export', (jobId) => this.#client.exportRun({ ...input, jobId }), (call) => (this.exporting = call)) };
    } catch (error) {
      if (isCancelled(error)) return { cancelled: true };
      const fieldErrors = fieldErrorsOf(error);
      if (fieldErrors) return { fieldErrors };
      // A file that cannot be written is about the output path; other refusals belong under the form.
      if (error instanceof FirthError && error.code !== 'unauthorized') return { fieldErrors: { [error.where?.file ? 'out' : 'form']: error.message } };
      this.#report(error);
      return null;
    }
  }

  /** Stops a long call of this project (import, overview, scoring, export). */
  cancel(call: LongCall | null): Promise<void> {
    return cancelLongCall(this.#client, call, this.#report);
  }
}
