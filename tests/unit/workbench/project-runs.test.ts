import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src/shared/contract';
import { FirthError } from '../../../src/shared/errors';
import type { Workbench } from '../../../src/workbench/workbench';
import { SAMPLE_PROJECT_NAME } from '../../../src/workbench/workbench';
import { logSpacedRanks } from '../../../src/workbench/corpus/corpus-overview';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';
import { useTestWorkbenches } from '../../helpers/workbench';

const tempFolder = useTempFolders();
const workbenchIn = useTestWorkbenches();

async function trainOnce(workbench: Workbench, corpus: string, out: string): Promise<EventPayload<'jobFinished'>> {
  const finished = new Promise<EventPayload<'jobFinished'>>((resolve) => workbench.on('jobFinished', resolve));
  await workbench.startTraining({ model: 'sppmi-svd', corpusFile: corpus, out, settings: { dimensions: 10, window: 5 } });
  return finished;
}

describe('a project\'s corpus and runs', () => {
  it('keeps a corpus in project.json and describes it: counts, top words, Zipf, test-set coverage', async () => {
    const workbench = workbenchIn(tempFolder());
    const corpus = writeCorpusSlice(tempFolder(), 1_000_000);
    const project = await workbench.createProject({ name: 'Corpus' });
    await expect(workbench.getCorpusOverview({ id: project.id })).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'corpus' } });
    const updated = await workbench.setProjectCorpus({ id: project.id, corpus: { file: corpus, settings: { tokenPattern: 'whitespace', minCount: 5 } } });
    expect(JSON.parse(readFileSync(join(project.folder, 'project.json'), 'utf8')).corpus).toEqual(updated.corpus);

    const overview = await workbench.getCorpusOverview({ id: project.id });
    expect(overview.statistics.tokens).toBeGreaterThan(150_000);
    expect(overview.statistics.keptTokens).toBeLessThan(overview.statistics.tokens);
    expect(overview.topWords[0].word).toBe('the');
    expect(overview.topWords).toHaveLength(100);
    expect(overview.zipf[0]).toEqual({ rank: 1, count: overview.topWords[0].count });
    expect(overview.zipf.at(-1)!.rank).toBe(overview.statistics.vocabularySize);
    expect(overview.zipf.every((point, index) => index === 0 || (point.rank > overview.zipf[index - 1].rank && point.count <= overview.zipf[index - 1].count))).toBe(true);
    const ws353 = overview.coverage.find((row) => row.id === 'ws353')!;
    expect(ws353.total).toBe(353);
    expect(ws353.covered).toBeGreaterThan(50);
    expect(ws353.covered).toBeLessThan(353);
    expect(overview.coverage.find((row) => row.id === 'google')!.total).toBe(19544);

    const missing = await workbench.setProjectCorpus({ id: project.id, corpus: { file: join(tempFolder(), 'nope.txt'), settings: {} } }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(FirthError);
    expect((missing as FirthError).where?.field).toBe('corpus.file');
  });

  it('lists finished runs with their scores, and a run cut off mid-way as interrupted', async () => {
    const workbench = workbenchIn(tempFolder());
    const project = await workbench.createProject({ name: 'Runs' });
    const corpus = writeCorpusSlice(tempFolder(), 600_000);
    const out = join(project.folder, 'runs', 'first');
    expect((await trainOnce(workbench, corpus, out)).status).toBe('done');
    mkdirSync(join(project.folder, 'runs', '.second.partial-2147483646-456-0badcafe'));

    const { runs } = await workbench.listRuns({ id: project.id });
    expect(runs.map((run) => [run.id, run.status])).toEqual(expect.arrayContaining([['first', 'done'], ['second', 'interrupted']]));
    const first = runs.find((run) => run.id === 'first')!;
    expect(first).toMatchObject({ model: 'sppmi-svd', corpusFile: corpus, dimensions: 10, settings: { model: { window: 5 } }, backend: { name: 'cpu' } });
    expect(first.scores).toBeUndefined();

    const report = await workbench.evaluateRun({ folder: out, sets: ['ws353', 'men'] });
    expect(report.rows.map((row) => row.set)).toEqual(['ws353', 'men']);
    expect(JSON.parse(readFileSync(join(out, 'scores.json'), 'utf8')).rows).toHaveLength(2);
    const again = (await workbench.listRuns({ id: project.id })).runs.find((run) => run.id === 'first')!;
    expect(again.scores?.rows[0]).toMatchObject({ set: 'ws353', metric: 'spearman', total: 353 });
  });

  it('exports a run through the service, never overwriting without force', async () => {
    const workbench = workbenchIn(tempFolder());
    const project = await workbench.createProject({ name: 'Export' });
    const out = join(project.folder, 'runs', 'r');
    await trainOnce(workbench, writeCorpusSlice(tempFolder(), 300_000), out);
    const target = join(tempFolder(), 'vectors.txt');
    const result = await workbench.exportRun({ folder: out, format: 'word2vec-text', matrix: 'w', top: 20, out: target });
    expect(result).toMatchObject({ rows: 20, dimensions: 10 });
    expect(readFileSync(target, 'utf8').split('\n')[0]).toBe('20 10');
    expect(existsSync(`${target}.manifest.json`)).toBe(true);
    await expect(workbench.exportRun({ folder: out, format: 'word2vec-text', matrix: 'w', out: target })).rejects.toMatchObject({ code: 'already-exists' });
    await expect(workbench.exportRun({ folder: out, format: 'glove', matrix: 'w', out: 'relative.txt' })).rejects.toMatchObject({ where: { field: 'out' } });
  });

  it('makes the sample project once, on the first start', async () => {
    const workbench = workbenchIn(tempFolder());
    workbench.ensureSampleProject();
    const [entry] = (await workbench.listProjects({})).projects;
    expect(entry).toMatchObject({ status: 'ok', project: { name: SAMPLE_PROJECT_NAME, corpus: { settings: { tokenPattern: 'whitespace' } } } });
    if (entry.status !== 'ok') throw new Error('unreachable');
    expect(entry.project.corpus!.file).toMatch(/resources\/sample\/text8-sample\.txt\.gz$/);
    await workbench.deleteProject({ id: entry.project.id });
    workbench.ensureSampleProject();
    expect((await workbench.listProjects({})).projects).toEqual([]);
  });

  it('spaces Zipf ranks evenly in log rank', () => {
    expect(logSpacedRanks(1000, 4)).toEqual([1, 10, 100, 1000]);
    expect(logSpacedRanks(1, 5)).toEqual([1]);
    expect(logSpacedRanks(0, 5)).toEqual([]);
  });
});

describe('guards around a project', () => {
  it('notices a corpus file that changed or vanished since it was imported', async () => {
    const workbench = workbenchIn(tempFolder());
    const folder = tempFolder();
    const corpus = writeCorpusSlice(folder, 200_000);
    const project = await workbench.createProject({ name: 'Changing' });
    const imported = await workbench.setProjectCorpus({ id: project.id, corpus: { file: corpus, settings: { tokenPattern: 'whitespace' } } });
    expect(imported.corpus?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await workbench.getCorpusOverview({ id: project.id })).statistics.sha256).toBe(imported.corpus?.sha256);

    appendFileSync(corpus, ' extra words at the end');
    await expect(workbench.getCorpusOverview({ id: project.id })).rejects.toMatchObject({
      code: 'corrupt-file',
      where: { field: 'corpus.file' },
      message: expect.stringContaining('has changed since it was imported'),
    });
    // Re-importing takes the new content.
    await workbench.setProjectCorpus({ id: project.id, corpus: { file: corpus, settings: { tokenPattern: 'whitespace' } } });
    expect((await workbench.getCorpusOverview({ id: project.id })).statistics.tokens).toBeGreaterThan(0);

    rmSync(corpus);
    await expect(workbench.getCorpusOverview({ id: project.id })).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('is gone') });
  });

  it('reports a project folder it cannot write to, naming it, and keeps the project usable', async () => {
    const workbench = workbenchIn(tempFolder());
    const project = await workbench.createProject({ name: 'Read-only runs' });
    // runs/ is a file here: nothing can be created below it, whoever runs the test (root included).
    writeFileSync(join(project.folder, 'runs'), 'not a folder');
    const corpus = writeCorpusSlice(tempFolder(), 50_000);
    const finished = new Promise<EventPayload<'jobFinished'>>((resolve) => workbench.on('jobFinished', resolve));
    await workbench.startTraining({ model: 'sppmi-svd', corpusFile: corpus, out: join(project.folder, 'runs', 'r'), settings: { dimensions: 4 } });
    const end = await finished;
    expect(end).toMatchObject({ status: 'failed', error: { code: 'io', message: expect.stringContaining(join(project.folder, 'runs', 'r')) } });
    expect((await workbench.openProject({ id: project.id })).name).toBe('Read-only runs');
    await expect(workbench.listRuns({ id: project.id })).rejects.toMatchObject({ code: 'io', message: expect.stringContaining('is not a folder') });
  });

  it('refuses a project that another running Firth has open, and takes over a stale lock', async () => {
    const workbench = workbenchIn(tempFolder());
    const project = await workbench.createProject({ name: 'Shared' });
    const lock = join(project.folder, '.firth.lock');
    // process.ppid is a live process on this machine that is not us: another Firth, as far as the lock can tell.
    writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    await expect(workbench.openProject({ id: project.id })).rejects.toMatchObject({ code: 'locked', message: expect.stringContaining(`process ${process.ppid}`) });
    await expect(workbench.deleteProject({ id: project.id })).rejects.toMatchObject({ code: 'locked' });
    expect(existsSync(project.folder)).toBe(true);

    writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    expect((await workbench.openProject({ id: project.id })).name).toBe('Shared');
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    await workbench.dispose();
    expect(existsSync(lock)).toBe(false);
  });
});
