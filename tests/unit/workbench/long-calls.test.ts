import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src/shared/contract';
import { encodeNpyHeader, float32LittleEndianBytes } from '../../../src/engine/formats/npy';
import type { Workbench } from '../../../src/workbench/workbench';
import { corpusCacheFolder } from '../../../src/workbench/runs/run-inputs';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';
import { useTestWorkbenches } from '../../helpers/workbench';

// Corpus import, its overview, evaluation, export and the evidence index are long calls: progress
// under the caller's jobId, cancelJob(jobId) stops them. Each cancel below is sent from the first
// progress report of the phase that does the work, on work large enough that the phase cannot end
// before the cancel arrives (no timing is asserted).

const tempFolder = useTempFolders();
const workbenchIn = useTestWorkbenches();

type Progress = EventPayload<'progress'>;

/** Every progress event of one job, in order. */
function recordProgress(workbench: Workbench, jobId: string): Progress[] {
  const events: Progress[] = [];
  workbench.on('progress', (event) => {
    if (event.jobId === jobId) events.push(event);
  });
  return events;
}

/** Cancels the job at its first report of `phase`. */
function cancelAt(workbench: Workbench, jobId: string, phase: string): { sent: () => boolean } {
  let sent = false;
  const stop = workbench.on('progress', (event) => {
    if (event.jobId !== jobId || event.phase !== phase || sent) return;
    sent = true;
    stop();
    void workbench.cancelJob({ jobId });
  });
  return { sent: () => sent };
}

/** Within each phase done never goes back, and every phase ends at its total. */
function expectMonotoneToTheEnd(events: Progress[]): void {
  expect(events.length).toBeGreaterThan(0);
  const byPhase = new Map<string, Progress[]>();
  for (const event of events) byPhase.set(event.phase, [...(byPhase.get(event.phase) ?? []), event]);
  for (const [phase, reports] of byPhase) {
    for (let index = 1; index < reports.length; index++) expect(reports[index].done, phase).toBeGreaterThanOrEqual(reports[index - 1].done);
    const last = reports.at(-1)!;
    expect(last.done, phase).toBe(last.total);
  }
}

/** Hidden names (temporary files and folders) anywhere under a folder. */
function hiddenEntries(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((path) => path.split('/').some((part) => part.startsWith('.')));
}

async function trainRun(workbench: Workbench, corpus: string, out: string): Promise<void> {
  const finished = new Promise<EventPayload<'jobFinished'>>((resolve) => workbench.on('jobFinished', resolve));
  await workbench.startTraining({ model: 'sppmi-svd', corpusFile: corpus, out, settings: { dimensions: 4, window: 2 } });
  expect((await finished).status).toBe('done');
}

/** A vector set large enough that writing or scoring it takes many progress steps: the google set's words and fillers. */
function writeLargeSpace(words: string[], dimensions: number, folder: string, vocabularyFile: 'vocab.tsv' | 'vocab.txt'): void {
  const vectors = new Float32Array(words.length * dimensions);
  let seed = 7;
  for (let index = 0; index < vectors.length; index++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    vectors[index] = seed / 2 ** 32 - 0.5;
  }
  const matrix = vocabularyFile === 'vocab.tsv' ? 'W.npy' : 'vectors.npy';
  writeFileSync(join(folder, matrix), Buffer.concat([encodeNpyHeader(words.length, dimensions), float32LittleEndianBytes(vectors)]));
  const lines = vocabularyFile === 'vocab.tsv' ? words.map((word, rank) => `${word}\t${words.length - rank}`) : words;
  writeFileSync(join(folder, vocabularyFile), `${lines.join('\n')}\n`);
}

function googleWords(): string[] {
  const text = readFileSync(join(import.meta.dirname, '../../../resources/testsets/google.txt'), 'utf8');
  const words = new Set<string>();
  for (const line of text.split('\n')) if (line !== '' && !line.startsWith(':')) for (const word of line.toLowerCase().split(/\s+/)) if (word) words.add(word);
  return [...words];
}

const fillers = (count: number) => Array.from({ length: count }, (_, index) => `filler${index}`);

describe('corpus import as a long call', () => {
  it('reports monotone progress to 100 %, and a cancelled import leaves the project, the cache and no temporary file behind', async () => {
    const data = tempFolder();
    const workbench = workbenchIn(data);
    const project = await workbench.createProject({ name: 'Import' });
    const small = writeCorpusSlice(tempFolder(), 300_000, 'small.txt');
    const imported = recordProgress(workbench, 'import-small');
    const first = await workbench.setProjectCorpus({ id: project.id, corpus: { file: small, settings: { tokenPattern: 'whitespace' } }, jobId: 'import-small' });
    expectMonotoneToTheEnd(imported);
    expect(imported.map((event) => event.phase)).toContain('read');
    const cache = corpusCacheFolder(data);
    const entriesBefore = readdirSync(cache).filter((name) => name.startsWith('corpus-')).sort();
    expect(entriesBefore).toHaveLength(1);

    // A large corpus, cancelled while it is read: nothing of it is kept, the first import is.
    const large = writeCorpusSlice(tempFolder(), 12_000_000, 'large.txt');
    const cancel = cancelAt(workbench, 'import-large', 'read');
    const refused = await workbench.setProjectCorpus({ id: project.id, corpus: { file: large, settings: { tokenPattern: 'whitespace' } }, jobId: 'import-large' }).catch((error: unknown) => error);
    expect(cancel.sent()).toBe(true);
    expect(refused).toMatchObject({ code: 'cancelled' });
    expect(JSON.parse(readFileSync(join(project.folder, 'project.json'), 'utf8')).corpus).toEqual(first.corpus);
    expect(readdirSync(cache).filter((name) => name.startsWith('corpus-')).sort()).toEqual(entriesBefore);
    expect(hiddenEntries(cache)).toEqual([]);
    // The first corpus is still there, read from the cache.
    const overview = await workbench.getCorpusOverview({ id: project.id, jobId: 'overview' });
    expect(overview.statistics.sha256).toBe(first.corpus?.sha256);
  });

  it('removes at the next start a cache entry that a killed process left in its temporary folder', () => {
    const data = tempFolder();
    const cache = corpusCacheFolder(data);
    const unfinished = join(cache, '.corpus-0123456789abcdef.2147483646.1700000000000.0badcafe.tmp');
    mkdirSync(unfinished, { recursive: true });
    writeFileSync(join(unfinished, 'ids.i32'), Buffer.alloc(16));
    workbenchIn(data);
    expect(existsSync(unfinished)).toBe(false);
  });

  it('names the corpus file field when the file cannot be imported, and keeps the project as it was', async () => {
    const workbench = workbenchIn(tempFolder());
    const project = await workbench.createProject({ name: 'Binary' });
    const binary = join(tempFolder(), 'binary.txt');
    writeFileSync(binary, Buffer.from([0x68, 0x69, 0x00, 0x01, 0x02]));
    await expect(workbench.setProjectCorpus({ id: project.id, corpus: { file: binary, settings: {} } })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('NUL byte'),
      where: { file: binary, field: 'corpus.file' },
    });
    expect(JSON.parse(readFileSync(join(project.folder, 'project.json'), 'utf8')).corpus).toBeUndefined();
  });

  it('cancels an overview that builds the cache, leaving no temporary file', async () => {
    const data = tempFolder();
    const workbench = workbenchIn(data);
    const project = await workbench.createProject({ name: 'Overview' });
    const small = writeCorpusSlice(tempFolder(), 200_000, 'small.txt');
    await workbench.setProjectCorpus({ id: project.id, corpus: { file: small, settings: { tokenPattern: 'whitespace' } } });
    // A large corpus not yet in the cache, set in project.json directly (as an older Firth left it: no hash).
    const large = writeCorpusSlice(tempFolder(), 12_000_000, 'large.txt');
    const file = join(project.folder, 'project.json');
    const record = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...record, corpus: { file: large, settings: { tokenPattern: 'whitespace' } } }));
    const cancel = cancelAt(workbench, 'overview-large', 'read');
    await expect(workbench.getCorpusOverview({ id: project.id, jobId: 'overview-large' })).rejects.toMatchObject({ code: 'cancelled' });
    expect(cancel.sent()).toBe(true);
    expect(hiddenEntries(corpusCacheFolder(data))).toEqual([]);
  });
});

describe('evaluation as a long call', () => {
  it('reports progress to 100 %; a cancelled evaluation saves no scores.json', async () => {
    const data = tempFolder();
    const workbench = workbenchIn(data);
    const corpus = writeCorpusSlice(tempFolder(), 200_000);
    const run = join(tempFolder(), 'run');
    await trainRun(workbench, corpus, run);

    const events = recordProgress(workbench, 'evaluate-small');
    const report = await workbench.evaluateRun({ folder: run, sets: ['ws353', 'men'], jobId: 'evaluate-small' });
    expect(report.rows).toHaveLength(2);
    expectMonotoneToTheEnd(events);
    expect(events.at(-1)).toMatchObject({ phase: 'evaluate', unit: 'items', total: 353 + 3000 });
    const saved = readFileSync(join(run, 'scores.json'), 'utf8');

    // The same run with a space large enough for the analogy set to take many steps.
    writeLargeSpace([...googleWords(), ...fillers(30_000)], 48, run, 'vocab.tsv');
    const cancel = cancelAt(workbench, 'evaluate-large', 'evaluate');
    await expect(workbench.evaluateRun({ folder: run, sets: ['google'], jobId: 'evaluate-large' })).rejects.toMatchObject({ code: 'cancelled' });
    expect(cancel.sent()).toBe(true);
    // The earlier scores stay as they were; nothing half-written beside them.
    expect(readFileSync(join(run, 'scores.json'), 'utf8')).toBe(saved);
    expect(hiddenEntries(run)).toEqual([]);
  });
});

describe('export as a long call', () => {
  it('reports rows to 100 %; a cancelled export writes no file and keeps the earlier export', async () => {
    const workbench = workbenchIn(tempFolder());
    const space = tempFolder();
    writeLargeSpace(fillers(120_000), 40, space, 'vocab.txt');
    const vectors = join(space, 'vectors.npy');
    const out = tempFolder();

    const events = recordProgress(workbench, 'export-small');
    const small = join(out, 'small.txt');
    await workbench.exportRun({ folder: vectors, matrix: 'w', format: 'word2vec-text', top: 1000, out: small, jobId: 'export-small' });
    expectMonotoneToTheEnd(events);
    expect(events.at(-1)).toMatchObject({ phase: 'export', unit: 'rows', done: 1000, total: 1000 });

    const cancel = cancelAt(workbench, 'export-large', 'export');
    const large = join(out, 'large.txt');
    await expect(workbench.exportRun({ folder: vectors, matrix: 'w', format: 'word2vec-text', out: large, jobId: 'export-large' })).rejects.toMatchObject({ code: 'cancelled' });
    expect(cancel.sent()).toBe(true);
    expect(readdirSync(out).sort()).toEqual(['small.txt', 'small.txt.manifest.json']);

    // Replacing an export (force) and cancelling it keeps the earlier one whole.
    const before = readFileSync(small, 'utf8');
    const replace = cancelAt(workbench, 'export-replace', 'export');
    await expect(workbench.exportRun({ folder: vectors, matrix: 'w', format: 'word2vec-text', out: small, force: true, jobId: 'export-replace' })).rejects.toMatchObject({ code: 'cancelled' });
    expect(replace.sent()).toBe(true);
    expect(readFileSync(small, 'utf8')).toBe(before);
    expect(readdirSync(out).sort()).toEqual(['small.txt', 'small.txt.manifest.json']);

    // A folder format made for the export is removed again when it is cancelled.
    const folder = join(out, 'projector');
    const projector = cancelAt(workbench, 'export-projector', 'export');
    await expect(workbench.exportRun({ folder: vectors, matrix: 'w', format: 'projector', out: folder, jobId: 'export-projector' })).rejects.toMatchObject({ code: 'cancelled' });
    expect(projector.sent()).toBe(true);
    expect(existsSync(folder)).toBe(false);
  });
});

describe('the evidence index build', () => {
  it('reports its progress and can be cancelled; requests during one build share it', async () => {
    const data = tempFolder();
    const workbench = workbenchIn(data);
    const run = join(tempFolder(), 'run');
    await trainRun(workbench, writeCorpusSlice(tempFolder(), 200_000), run);
    // The run's record points at a large corpus, so that building its index takes many steps.
    const large = writeCorpusSlice(tempFolder(), 12_000_000, 'large.txt');
    const recordFile = join(run, 'run.json');
    const record = JSON.parse(readFileSync(recordFile, 'utf8'));
    writeFileSync(recordFile, JSON.stringify({ ...record, corpus: { ...record.corpus, file: large } }));

    const cancel = cancelAt(workbench, 'evidence-cancelled', 'read');
    await expect(workbench.exploreEvidence({ folder: run, word: 'the', jobId: 'evidence-cancelled' })).rejects.toMatchObject({ code: 'cancelled' });
    expect(cancel.sent()).toBe(true);
    const cache = corpusCacheFolder(data);
    mkdirSync(cache, { recursive: true });
    expect(readdirSync(cache).filter((name) => name.startsWith('concordance-'))).toEqual([]);

    // Two requests during one build: the first cancelled, the second still gets the index, built once.
    const first = cancelAt(workbench, 'evidence-first', 'read');
    const events = recordProgress(workbench, 'evidence-second');
    const firstReply = workbench.exploreEvidence({ folder: run, word: 'the', jobId: 'evidence-first' });
    const secondReply = workbench.exploreEvidence({ folder: run, word: 'of', jobId: 'evidence-second' });
    await expect(firstReply).rejects.toMatchObject({ code: 'cancelled' });
    expect(first.sent()).toBe(true);
    const evidence = await secondReply;
    expect(evidence.indexBuilt).toBe(true);
    expect(evidence.word.occurrences).toBeGreaterThan(50_000);
    expectMonotoneToTheEnd(events);
    expect(events.at(-1)).toMatchObject({ phase: 'read', unit: 'bytes' });
    expect(readdirSync(cache).filter((name) => name.startsWith('concordance-'))).toHaveLength(1);
    expect((await workbench.exploreEvidence({ folder: run, word: 'the' })).indexBuilt).toBe(false);
  });
});
