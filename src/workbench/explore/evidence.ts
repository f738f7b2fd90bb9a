import type { MethodParams } from '../../shared/contract';
import { FirthError } from '../../shared/errors';
import type { ExploreEvidence } from '../../shared/explore';
import { openConcordanceIndex, type ConcordanceIndex } from '../../engine/corpus/concordance-index';
import { concordance, sharedContexts, wordContexts, type EvidenceSettings } from '../../engine/corpus/evidence';
import { findRunRecord } from '../runs/run-record';
import type { LongWorkOptions } from '../../engine/long-work';
import { SharedLongWork } from '../../engine/shared-long-work';

// Evidence is counted from the run's own corpus file with the run's own settings (run.json): its
// tokenization, window and line handling, and its vocabulary as the contexts that count.

const keptIndexes = 2;

interface Counting {
  window: number;
  crossLines: boolean;
  alpha: number;
  lowercase: boolean;
  tokenPattern: 'unicode' | 'whitespace';
  dropNumbers: boolean;
  dropPattern?: string;
  /** Words outside the vocabulary deleted before windowing (SGNS always; SPPMI-SVD unless oovMode is clean). */
  skipOutOfVocabulary: boolean;
}

function numberSetting(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The counting settings a run recorded, with each model's defaults where a field is missing. */
export function runCounting(settings: { corpus?: Record<string, unknown>; model?: Record<string, unknown> }, model: string): Counting {
  const corpus = settings.corpus ?? {};
  const modelSettings = settings.model ?? {};
  return {
    window: numberSetting(modelSettings.window, model === 'sppmi-svd' ? 2 : 5),
    crossLines: corpus.sentenceBoundary === 'none',
    alpha: numberSetting(modelSettings.cds ?? modelSettings.nsExponent, 0.75),
    lowercase: corpus.lowercase !== false,
    tokenPattern: corpus.tokenPattern === 'whitespace' ? 'whitespace' : 'unicode',
    dropNumbers: corpus.dropNumbers === true,
    ...(typeof corpus.dropPattern === 'string' && corpus.dropPattern !== '' ? { dropPattern: corpus.dropPattern } : {}),
    skipOutOfVocabulary: model === 'sgns' || modelSettings.oovMode !== 'clean',
  };
}

export class EvidenceReader {
  private readonly indexes: Array<{ key: string; index: ConcordanceIndex }> = [];
  private readonly building = new Map<string, SharedLongWork<{ index: ConcordanceIndex; fromCache: boolean }>>();

  constructor(private readonly cacheFolder: string) {}

  private async index(file: string, counting: Counting, work: LongWorkOptions): Promise<{ index: ConcordanceIndex; built: boolean }> {
    const key = `${counting.lowercase}\u0000${counting.tokenPattern}\u0000${counting.dropNumbers}\u0000${counting.dropPattern ?? ''}\u0000${file}`;
    const kept = this.indexes.findIndex((entry) => entry.key === key);
    if (kept >= 0) {
      const [entry] = this.indexes.splice(kept, 1);
      this.indexes.unshift(entry);
      return { index: entry.index, built: false };
    }
    // Requests that arrive while the index is built wait for that build (and see its progress).
    let build = this.building.get(key);
    if (!build || build.abandoned) {
      const options = { lowercase: counting.lowercase, tokenPattern: counting.tokenPattern, dropNumbers: counting.dropNumbers, dropPattern: counting.dropPattern };
      const started = new SharedLongWork((shared) => openConcordanceIndex(this.cacheFolder, file, options, shared));
      build = started;
      this.building.set(key, started);
      const done = () => {
        if (this.building.get(key) === started) this.building.delete(key);
      };
      started.result.then((opened) => {
        this.indexes.unshift({ key, index: opened.index });
        this.indexes.splice(keptIndexes);
        done();
      }, done);
    }
    const opened = await build.wait(work);
    return { index: opened.index, built: !opened.fromCache };
  }

  /** `vocabulary`: the run's words, the only contexts it counted; `work`: the index build's cancel and progress. */
  async evidence(input: MethodParams<'exploreEvidence'>, loadVocabulary: () => Promise<ReadonlySet<string>>, work: LongWorkOptions = {}): Promise<ExploreEvidence> {
    const record = findRunRecord(input.folder);
    if (!record) throw new FirthError('invalid-input', `${input.folder} is not a run folder: evidence is read from the corpus a run was trained on`, { field: 'folder' });
    const counting = runCounting(record.settings, record.model);
    const vocabulary = await loadVocabulary();
    const { index, built } = await this.index(record.corpus.file, counting, work);
    const fold = (word: string) => (counting.lowercase ? word.toLowerCase() : word);
    const word = fold(input.word);
    const other = input.other !== undefined ? fold(input.other) : undefined;
    const settings: EvidenceSettings = {
      window: counting.window,
      crossLines: counting.crossLines,
      alpha: counting.alpha,
      skipOutOfVocabulary: counting.skipOutOfVocabulary,
      inVocabulary: (candidate) => vocabulary.has(candidate),
    };
    const cacheKey = input.folder;
    const options = { top: input.top, cacheKey };
    return {
      corpusFile: record.corpus.file,
      counting,
      indexBuilt: built,
      word: wordContexts(index, word, settings, options),
      ...(other !== undefined ? { other: wordContexts(index, other, settings, options), shared: sharedContexts(index, word, other, settings, options) } : {}),
      concordance: concordance(index, word, settings, { other, limit: input.limit, cacheKey }),
    };
  }
}
