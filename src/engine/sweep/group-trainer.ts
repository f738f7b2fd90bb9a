import type { TrainedModel, TrainingContext, TrainingCorpus } from '../models/model-trainer';

/** One run of a sweep: its place in the sweep and its complete settings. */
export interface GroupRun {
  index: number;
  settings: Record<string, unknown>;
}

/** The expensive work a sweep did, counted: the planner's tests check it against the plan. */
export interface SweepWork {
  /** Co-occurrence counts computed. */
  counts: number;
  /** Factorisations (SVDs) computed. */
  factorisations: number;
  /** Runs trained on their own by the model's ordinary trainer. */
  separateRuns: number;
}

export const noWork = (): SweepWork => ({ counts: 0, factorisations: 0, separateRuns: 0 });

/** Hands a finished run to the caller (which writes its folder); training waits for it. */
export type DeliverRun = (index: number, trained: TrainedModel) => Promise<void>;

/** What one group leaves for the next groups of the same sweep (a warm start for the next SVD). */
export interface SweepCarry {
  svdStart?: { vectors: Float32Array; columns: number; index: number };
}

/**
 * Trains the runs of one count group: `factors` lists the runs of each factorisation (runs that
 * differ only in the truncated setting and in free settings). A model's group trainer computes the
 * shared stages once; each run is delivered as soon as its vectors exist.
 */
export type GroupTrainer = (
  corpus: TrainingCorpus,
  factors: GroupRun[][],
  context: TrainingContext,
  deliver: DeliverRun,
  work: SweepWork,
  carry: SweepCarry,
) => Promise<void>;
