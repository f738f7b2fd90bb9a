import type { ModelId } from './models';
import type { SweepPoint } from './sweep';

// How the runs of a sweep share work. Runs of a model whose counting settings agree share one
// co-occurrence count; among those, runs whose factorisation settings agree share one SVD, taken
// at the largest d and truncated for the smaller ones; what is left (eigenvalue weighting p, w + c)
// costs nothing. A model without a sharing entry trains each run on its own (its runs still share
// the prepared corpus, through the corpus cache).

/** Which settings of a model change which stage. */
export interface SweepSharing {
  /** Settings that change the co-occurrence counts. */
  count: readonly string[];
  /** Settings that change the matrix that is factorised, or how (beyond the counts). */
  factor: readonly string[];
  /** The setting that only truncates the factorisation (computed once at its largest value). */
  truncate: string;
}

export const sweepSharing: Partial<Record<ModelId, SweepSharing>> = {
  'sppmi-svd': {
    count: ['window', 'weighting', 'subsample', 'subsampleMode', 'oovMode', 'seed'],
    factor: ['cds', 'shiftK', 'solver', 'powerIterations', 'oversample', 'seed'],
    truncate: 'dimensions',
  },
};

/** One factorisation: runs that differ only in the truncated setting and the free ones. */
export interface FactorGroup {
  /** The truncated setting's largest value among the runs (the SVD's d). */
  size: number;
  /** Run indexes, in the sweep's order. */
  runs: number[];
}

/** One co-occurrence count (or, for a model without sharing, one run trained on its own). */
export interface CountGroup {
  model: ModelId;
  /** The settings that define this group, for the plan's display. */
  key: Record<string, unknown>;
  /** Whether this group shares a count and SVDs (false: its single run trains on its own). */
  shared: boolean;
  factors: FactorGroup[];
}

export interface SweepPlan {
  groups: CountGroup[];
  runs: number;
  /** Co-occurrence counts and factorisations the sweep computes (runs without sharing count as one of each when their model counts). */
  counts: number;
  factorisations: number;
  /** Runs trained on their own (models without sharing). */
  separateRuns: number;
}

const pick = (settings: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, settings[key]]));

/** Groups a sweep's runs by what they share; runs keep their order inside each group. */
export function planSweep(points: readonly SweepPoint[]): SweepPlan {
  const groups: CountGroup[] = [];
  const byCountKey = new Map<string, { group: CountGroup; factors: Map<string, FactorGroup> }>();
  for (const point of points) {
    const sharing = sweepSharing[point.model];
    if (!sharing) {
      groups.push({ model: point.model, key: point.point, shared: false, factors: [{ size: 0, runs: [point.index] }] });
      continue;
    }
    const key = pick(point.settings, sharing.count);
    const countKey = JSON.stringify([point.model, key]);
    let entry = byCountKey.get(countKey);
    if (!entry) {
      entry = { group: { model: point.model, key, shared: true, factors: [] }, factors: new Map() };
      byCountKey.set(countKey, entry);
      groups.push(entry.group);
    }
    const factorKey = JSON.stringify(pick(point.settings, sharing.factor));
    let factor = entry.factors.get(factorKey);
    if (!factor) {
      factor = { size: 0, runs: [] };
      entry.factors.set(factorKey, factor);
      entry.group.factors.push(factor);
    }
    factor.size = Math.max(factor.size, Number(point.settings[sharing.truncate]));
    factor.runs.push(point.index);
  }
  const shared = groups.filter((group) => group.shared);
  return {
    groups,
    runs: points.length,
    counts: shared.length,
    factorisations: shared.reduce((sum, group) => sum + group.factors.length, 0),
    separateRuns: groups.length - shared.length,
  };
}

/** The plan in one line: "12 runs: 2 co-occurrence counts, 6 SVDs (each at the largest d, truncated)". */
export function describePlan(plan: SweepPlan): string {
  const parts: string[] = [];
  if (plan.counts > 0) parts.push(`${plan.counts} co-occurrence count${plan.counts === 1 ? '' : 's'}`, `${plan.factorisations} SVD${plan.factorisations === 1 ? '' : 's'} (at the largest d, truncated for smaller d)`);
  if (plan.separateRuns > 0) parts.push(`${plan.separateRuns} run${plan.separateRuns === 1 ? '' : 's'} trained on their own (sharing the prepared corpus)`);
  return `${plan.runs} run${plan.runs === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** Seconds of each kind of work, measured on earlier runs of the project or guessed. */
export interface SweepCosts {
  /** One co-occurrence count (and SPPMI). */
  countSeconds: number;
  /** One SVD at d = 100; others scale linearly in d. */
  svdSecondsAt100: number;
  /** Writing and scoring one run. */
  perRunSeconds: number;
  /** One run of a model without sharing, at its default settings. */
  separateRunSeconds: number;
}

/**
 * Costs guessed from the corpus file's size when the project has no finished runs to measure:
 * roughly what one 2-core machine takes on the gzipped benchmark corpus (12.5 MB of text, 4 MB gzipped).
 */
export function guessedSweepCosts(corpusBytes: number): SweepCosts {
  const megabytes = corpusBytes / 1e6;
  return { countSeconds: 0.5 + megabytes * 0.8, svdSecondsAt100: 1 + megabytes * 2, perRunSeconds: 1 + megabytes * 0.5, separateRunSeconds: 2 + megabytes * 12 };
}

/** A rough total time: what the user sees before starting. */
export function estimateSweepSeconds(plan: SweepPlan, costs: SweepCosts): number {
  let seconds = plan.counts * costs.countSeconds + plan.runs * costs.perRunSeconds + plan.separateRuns * costs.separateRunSeconds;
  for (const group of plan.groups) {
    if (!group.shared) continue;
    for (const factor of group.factors) seconds += (costs.svdSecondsAt100 * factor.size) / 100;
  }
  return seconds;
}

/** "about 3 min", "about 40 s", "about 2.5 h". */
export function formatEstimate(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}
