import { z } from 'zod';
import { ProjectCorpusSchema, ProjectEntrySchema, ProjectIdSchema, ProjectNameSchema, ProjectSchema } from './project';
import { RunSummarySchema, ScoreReportSchema, CorpusOverviewSchema, RunLabelSchema, RunNameSchema, RunNoteSchema } from './runs';
import { SettingsPatchSchema, SettingsSchema } from './settings';
import { SystemInfoSchema } from './system-info';
import { BackendChoiceSchema } from './compute';
import { CorpusSettingsSchema } from './hyperparameters/corpus';
import { ModelIdSchema } from './models';
import { SerializedErrorSchema } from './envelope';
import { SweepSpecSchema } from './sweep';
import { SweepStatusSchema } from './sweep-results';
import { TrainingEstimateInputSchema, TrainingEstimateSchema } from './training-estimate';
import {
  AlignmentInputSchema,
  AlignmentSchema,
  ComparisonSchema,
  NeighborsInputSchema,
  NeighborsSchema,
  OpenComparisonInputSchema,
  OverlapInputSchema,
  OverlapSchema,
  ProjectionInputSchema,
  ProjectionSchema,
  TheoremInputSchema,
  TheoremSchema,
} from './compare';
import {
  ExploreDoesntMatchInputSchema,
  ExploreDoesntMatchSchema,
  ExploreEvidenceInputSchema,
  ExploreEvidenceSchema,
  ExploreNeighborsInputSchema,
  ExploreNeighborsSchema,
  ExploreSimilarityInputSchema,
  ExploreSimilaritySchema,
  ExploreVocabularyInputSchema,
  ExploreVocabularySchema,
} from './explore';

const NoInput = z.object({}).strict().default({});

/** A long call's id, of the caller's making: its `progress` events carry it, and cancelJob(jobId) stops the call. */
const LongCallJobId = z.string().min(1).max(100).optional();

/**
 * The service contract: every request/response method and every event stream, each with the schema
 * its message is validated against where it crosses a process boundary. Transports (Electron IPC,
 * WebSocket, direct calls) and their channel names are derived from these keys, never typed twice.
 */
export const methods = {
  getSystemInfo: { input: NoInput, output: SystemInfoSchema },
  listProjects: { input: NoInput, output: z.object({ projects: z.array(ProjectEntrySchema) }) },
  createProject: {
    input: z.object({ name: ProjectNameSchema, folder: z.string().min(1).optional() }).strict(),
    output: ProjectSchema,
  },
  openProject: { input: z.object({ id: ProjectIdSchema }).strict(), output: ProjectSchema },
  deleteProject: {
    input: z.object({ id: ProjectIdSchema }).strict(),
    output: z.object({ id: ProjectIdSchema, trashedTo: z.string() }),
  },
  /** Trains a model in a worker thread; progress and the end arrive as `progress` and `jobFinished` events. */
  startTraining: {
    input: z
      .object({
        model: ModelIdSchema,
        corpusFile: z.string().min(1),
        out: z.string().min(1),
        force: z.boolean().optional(),
        corpus: CorpusSettingsSchema.partial().strict().optional(),
        /** The model's hyperparameters, checked against its schema before the job starts. */
        settings: z.record(z.string(), z.unknown()).optional(),
        backend: BackendChoiceSchema.optional(),
        threads: z.number().int().min(1).max(256).optional(),
      })
      .strict(),
    /** position 0: running now; n > 0: waiting behind n − 1 queued jobs (`jobStarted` says when it runs). */
    output: z.object({ jobId: z.string(), position: z.number().int().nonnegative() }),
  },
  cancelJob: { input: z.object({ jobId: z.string() }).strict(), output: z.object({ cancelled: z.boolean() }) },
  /**
   * Imports the project's corpus (file and tokenizer/vocabulary settings), shared by all its runs: the
   * file is read, tokenized and counted into the corpus cache, then project.json records it. Long work:
   * progress under jobId; a cancelled import (cancelJob) leaves the project and the cache as they were.
   */
  setProjectCorpus: { input: z.object({ id: ProjectIdSchema, corpus: ProjectCorpusSchema, jobId: LongCallJobId }).strict(), output: ProjectSchema },
  /** The first lines of a corpus file as the tokenizer would see them at these settings (reads only its beginning). */
  previewCorpus: {
    input: z.object({ file: z.string().min(1), settings: CorpusSettingsSchema.partial().optional(), lines: z.number().int().min(1).max(50).default(8) }).strict(),
    output: z.object({ lines: z.array(z.object({ line: z.number(), tokens: z.array(z.string()), more: z.number() })) }),
  },
  /** Corpus statistics at the given settings: counts, top words, Zipf curve, test-set coverage. */
  getCorpusOverview: { input: z.object({ id: ProjectIdSchema, jobId: LongCallJobId }).strict(), output: CorpusOverviewSchema },
  /** The runs in the project's runs/ folder (done, or interrupted when a staging folder was left). */
  listRuns: { input: z.object({ id: ProjectIdSchema }).strict(), output: z.object({ runs: z.array(RunSummarySchema) }) },
  /** Moves a finished, damaged or interrupted run (what is left of it) to the data folder's trash; a running one is refused. */
  deleteRun: {
    input: z.object({ id: ProjectIdSchema, runId: z.string().min(1) }).strict(),
    output: z.object({ runId: z.string(), trashedTo: z.string() }),
  },
  /**
   * Renames and/or annotates a finished run: run.json's `name` and `note`, rewritten atomically. A field
   * left out stays as it is; an empty text removes it. The folder (and so the run's id) never changes.
   */
  annotateRun: {
    input: z.object({ id: ProjectIdSchema, runId: z.string().min(1), name: RunNameSchema.optional(), note: RunNoteSchema.optional() }).strict(),
    output: RunLabelSchema,
  },
  /** Scores a run folder (or vector file) on bundled and user sets; saved as scores.json in a run. */
  evaluateRun: {
    input: z
      .object({
        folder: z.string().min(1),
        sets: z.array(z.string()).optional(),
        files: z.array(z.string()).optional(),
        matrix: z.enum(['w', 'c', 'w+c']).optional(),
        restrict: z.number().int().min(1).optional(),
        /** Progress under this id; cancelJob(jobId) stops it and nothing is saved. */
        jobId: LongCallJobId,
      })
      .strict(),
    output: ScoreReportSchema,
  },
  exportRun: {
    input: z
      .object({
        folder: z.string().min(1),
        format: z.enum(['word2vec-text', 'word2vec-binary', 'glove', 'npy', 'projector', 'csv']),
        matrix: z.enum(['w', 'c', 'w+c']).default('w'),
        top: z.number().int().min(1).optional(),
        out: z.string().min(1),
        force: z.boolean().optional(),
        /** Progress under this id; cancelJob(jobId) stops it and no file is left. */
        jobId: LongCallJobId,
      })
      .strict(),
    output: z.object({ files: z.array(z.object({ path: z.string(), sizeBytes: z.number() })), rows: z.number(), dimensions: z.number() }),
  },
  /** The desktop app's file dialog; the web host has none (it takes uploads at POST /upload). */
  chooseFile: {
    input: z.object({ purpose: z.enum(['corpus', 'vectors']).default('corpus') }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  /**
   * Loads two spaces in a worker, pairs their shared words and finds every word's neighbours in both;
   * `progress` events carry the input's jobId, and cancelJob(jobId) stops it. The worker stays for
   * the queries below until closeComparison (the service keeps the two most recent).
   */
  openComparison: { input: OpenComparisonInputSchema, output: ComparisonSchema },
  closeComparison: { input: z.object({ comparisonId: z.string().min(1) }).strict(), output: z.object({ closed: z.boolean() }) },
  compareNeighbors: { input: NeighborsInputSchema, output: NeighborsSchema },
  compareOverlap: { input: OverlapInputSchema, output: OverlapSchema },
  compareAlignment: { input: AlignmentInputSchema, output: AlignmentSchema },
  /** 2-D maps of both spaces: PCA at once, UMAP as long work (progress, cancel by jobId). */
  compareProjection: { input: ProjectionInputSchema, output: ProjectionSchema },
  /** SGNS: w·c against PMI − log k over sampled cells; SPPMI-SVD: the spectrum and energy kept. */
  getTheorem: { input: TheoremInputSchema, output: TheoremSchema },
  /**
   * The Runs form's estimate before an MF-SGNS or GloVe run starts: seconds per step (per iteration),
   * the run's total, MF-SGNS's memory; the rate measured on the backend (once per session). Null for
   * other models, invalid settings, or GloVe on a corpus not prepared yet.
   */
  estimateTraining: { input: TrainingEstimateInputSchema, output: TrainingEstimateSchema.nullable() },
  /** A sweep's plan and time estimate before it starts (the spec is checked: errors name the field). */
  planSweep: {
    input: z.object({ projectId: ProjectIdSchema, spec: SweepSpecSchema, corpusFile: z.string().min(1).optional() }).strict(),
    output: z.object({ runs: z.number().int(), plan: z.string(), counts: z.number().int(), factorisations: z.number().int(), seconds: z.number(), estimate: z.string() }),
  },
  /**
   * Starts a sweep on the project's corpus (its folder: the project's sweeps/<name>; its runs in
   * runs/), or resumes the sweep in `folder`. Progress arrives as `progress` events under jobId (each
   * with details sweepRunsDone, sweepRunsTotal, sweepCurrentRun, sweepEtaMs; phase "sweep" when a run
   * finished), the end as `jobFinished`; cancelJob(jobId) stops it, keeping the finished runs.
   */
  startSweep: {
    input: z
      .object({
        projectId: ProjectIdSchema,
        spec: SweepSpecSchema.optional(),
        /** The corpus, when not the project's (the app offers the bundled sample); its settings are the spec's corpus. */
        corpusFile: z.string().min(1).optional(),
        folder: z.string().min(1).optional(),
        confirmed: z.boolean().optional(),
        backend: BackendChoiceSchema.optional(),
        threads: z.number().int().min(1).max(256).optional(),
      })
      .strict(),
    output: z.object({ jobId: z.string(), folder: z.string(), runs: z.number().int(), plan: z.string() }),
  },
  /** Cancels one queued run of a running sweep (the sweep goes on; resuming queues it again). */
  cancelSweepRun: {
    input: z.object({ folder: z.string().min(1), index: z.number().int().nonnegative() }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** A sweep folder's plan, state and result table (read from its runs' run.json and scores.json). */
  getSweep: { input: z.object({ folder: z.string().min(1) }).strict(), output: SweepStatusSchema },
  /** The project's sweeps, newest first, without their tables. */
  listSweeps: { input: z.object({ id: ProjectIdSchema }).strict(), output: z.object({ sweeps: z.array(SweepStatusSchema.omit({ rows: true })) }) },
  /** Explore: gensim's most_similar (or most_similar_cosmul) in each space, side by side. */
  exploreNeighbors: { input: ExploreNeighborsInputSchema, output: ExploreNeighborsSchema },
  /** Explore: the cosine of two words in each space. */
  exploreSimilarity: { input: ExploreSimilarityInputSchema, output: ExploreSimilaritySchema },
  /** Explore: the word that fits least with the others, in each space. */
  exploreDoesntMatch: { input: ExploreDoesntMatchInputSchema, output: ExploreDoesntMatchSchema },
  /** Explore: words that start with a prefix, for autocomplete. */
  exploreVocabulary: { input: ExploreVocabularyInputSchema, output: ExploreVocabularySchema },
  /** Evidence for a word (or a pair) of a run: contexts by PMI and count, shared contexts, concordance lines. */
  exploreEvidence: { input: ExploreEvidenceInputSchema, output: ExploreEvidenceSchema },
  getSettings: { input: NoInput, output: SettingsSchema },
  setSettings: { input: SettingsPatchSchema, output: SettingsSchema },
} as const;

export const ProgressEventSchema = z.object({
  jobId: z.string(),
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  /** The phase's unit: bytes, tokens, rows, iterations, words. */
  unit: z.string(),
  /** Units per second, smoothed. */
  rate: z.number().optional(),
  etaMs: z.number().optional(),
  /** Phase-specific figures (SGNS: epoch, learningRate, loss). */
  details: z.record(z.string(), z.number()).optional(),
});

export const RunStatusSchema = z.enum(['queued', 'running', 'done', 'cancelled', 'failed', 'interrupted']);

export const JobFinishedSchema = z.object({
  jobId: z.string(),
  status: z.enum(['done', 'cancelled', 'failed']),
  /** The run folder, when done. */
  out: z.string().optional(),
  /** run.json's content, when done. */
  record: z.record(z.string(), z.unknown()).optional(),
  error: SerializedErrorSchema.optional(),
});

export const events = {
  projectsChanged: z.object({ reason: z.enum(['created', 'deleted', 'updated']), id: ProjectIdSchema }),
  progress: ProgressEventSchema,
  runStatus: z.object({ projectId: ProjectIdSchema, runId: z.string(), status: RunStatusSchema }),
  jobStarted: z.object({ jobId: z.string() }),
  jobFinished: JobFinishedSchema,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type EventName = keyof typeof events;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;
/** What the implementation receives: the input after its schema parsed it (defaults filled in). */
export type MethodParams<M extends MethodName> = z.output<Methods[M]['input']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.hasOwn(methods, value);
}
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

/** Electron IPC channels, derived from the contract's keys. */
export const methodChannel = (method: MethodName): string => `firth:call:${method}`;
export const eventChannel = (event: EventName): string => `firth:event:${event}`;

/** The service as its implementation and every client see it. */
export type FirthService = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>>;
};

/** The service as implemented behind the dispatcher, which validates every input first. */
export type ServiceImplementation = {
  [M in MethodName]: (input: MethodParams<M>) => Promise<MethodOutput<M>>;
};

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

export interface FirthEvents {
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
}

export type FirthClient = FirthService & FirthEvents;
