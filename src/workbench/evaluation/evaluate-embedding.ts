import { basename } from 'node:path';
import type { BackendChoice } from '../../shared/compute';
import { FirthError } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import type { ScoreRow } from '../../shared/runs';
import { createKernels } from '../../engine/compute/create-kernels';
import { bundledTestSetPath, bundledTestSets, evaluateAnalogy, evaluateSimilarity, readAnalogySet, readSimilaritySet } from '../../engine/evaluation';
import type { LineProblem, OutOfVocabularyPolicy } from '../../engine/evaluation';
import type { Embedding } from '../../engine/formats/embedding';
import { testSetsFolder } from '../resources-folder';
import { trackPhase } from '../../engine/long-work';

export interface EvaluationRequest {
  embedding: Embedding;
  /** Bundled set ids (all when neither these nor files are given). */
  sets?: string[];
  /** The user's own set files: similarity (`w1 w2 score`) or analogy (`a b c d`, `: section`). */
  files?: string[];
  restrict?: number;
  oov?: OutOfVocabularyPolicy;
  backend: BackendChoice;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

export interface EvaluationReport {
  rows: ScoreRow[];
  /** Malformed lines of the test sets, which were skipped. */
  problems: Array<LineProblem & { set: string }>;
  backend: string;
}

/** Scores an embedding on bundled and user test sets, as the hyperwords protocol does. */
export async function evaluateEmbedding(request: EvaluationRequest): Promise<EvaluationReport> {
  const selected = await readSets(selectSets(request.sets, request.files));
  // One phase over every item of every set (pairs and questions), so the bar never goes back.
  let itemsDone = 0;
  const progress = trackPhase(
    'evaluate',
    selected.reduce((sum, entry) => sum + itemsOf(entry), 0),
    'items',
    { signal: request.signal, onProgress: request.onProgress },
  );
  const kernels = await createKernels(request.backend);
  const rows: ScoreRow[] = [];
  const problems: EvaluationReport['problems'] = [];
  try {
    for (const entry of selected) {
      const { name } = entry;
      await progress.pause(itemsDone);
      if (entry.kind === 'similarity') {
        const set = entry.set;
        problems.push(...set.problems.map((problem) => ({ ...problem, set: name })));
        const result = evaluateSimilarity(request.embedding, set, { oov: request.oov, restrict: request.restrict });
        rows.push({ set: name, kind: 'similarity', metric: 'spearman', score: result.spearman, ci95: result.ci95, covered: result.covered, total: result.total, coverage: result.coverage });
        itemsDone += itemsOf(entry);
      } else {
        const set = entry.set;
        problems.push(...set.problems.map((problem) => ({ ...problem, set: name })));
        const before = itemsDone;
        const result = await evaluateAnalogy(request.embedding, set, kernels, {
          restrict: request.restrict,
          signal: request.signal,
          // The set's covered questions, as a share of all its questions.
          onProgress: (report) => progress.update(before + Math.floor((report.total > 0 ? report.done / report.total : 1) * itemsOf(entry))),
        });
        itemsDone = before + itemsOf(entry);
        for (const method of result.methods) {
          const label = method.method === 'add' ? '3CosAdd' : '3CosMul';
          const parts: [string, typeof method.overall | undefined][] = [
            [label, method.overall],
            [`${label} semantic`, method.semantic],
            [`${label} syntactic`, method.syntactic],
          ];
          for (const [metric, score] of parts) {
            if (!score) continue;
            rows.push({ set: name, kind: 'analogy', metric, score: score.accuracy, ci95: score.ci95, covered: score.covered, total: score.total, coverage: score.coverage, allQuestions: score.allAccuracy });
          }
        }
      }
    }
    progress.finish();
    return { rows, problems, backend: kernels.backend.name };
  } finally {
    await kernels.dispose();
  }
}

function selectSets(ids: string[] | undefined, files: string[] | undefined): { name: string; file: string; kind?: 'similarity' | 'analogy' }[] {
  const folder = testSetsFolder();
  const chosen = ids?.length ? ids : files?.length ? [] : bundledTestSets.map((set) => set.id);
  const bundled = chosen.map((id) => {
    const set = bundledTestSets.find((candidate) => candidate.id === id);
    if (!set) throw new FirthError('invalid-input', `Unknown test set "${id}": choose from ${bundledTestSets.map((candidate) => candidate.id).join(', ')}`, { field: 'sets' });
    return { name: set.id, file: bundledTestSetPath(folder, set.id), kind: set.kind };
  });
  return [...bundled, ...(files ?? []).map((file) => ({ name: basename(file), file }))];
}

type ReadSet =
  | { name: string; kind: 'similarity'; set: Awaited<ReturnType<typeof readSimilaritySet>> }
  | { name: string; kind: 'analogy'; set: Awaited<ReturnType<typeof readAnalogySet>> };

const itemsOf = (entry: ReadSet): number => (entry.kind === 'similarity' ? entry.set.pairs.length : entry.set.questions.length);

/** Every set read before any is scored: the progress total is their items. */
async function readSets(selected: { name: string; file: string; kind?: 'similarity' | 'analogy' }[]): Promise<ReadSet[]> {
  const sets: ReadSet[] = [];
  for (const { name, file, kind } of selected) {
    const detected = kind ?? (await guessKind(file));
    sets.push(detected === 'similarity' ? { name, kind: detected, set: await readSimilaritySet(file) } : { name, kind: detected, set: await readAnalogySet(file) });
  }
  return sets;
}

/** A user's file is an analogy set when its lines have four words (or `: section` headers). */
async function guessKind(file: string): Promise<'similarity' | 'analogy'> {
  const set = await readAnalogySet(file).catch(() => undefined);
  return set && set.questions.length > 0 && set.questions.length >= set.problems.length ? 'analogy' : 'similarity';
}
