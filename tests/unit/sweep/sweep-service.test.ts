import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src/shared/contract';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';
import { useTestWorkbenches } from '../../helpers/workbench';

const tempFolder = useTempFolders();
const workbenchIn = useTestWorkbenches();

const spec = { name: 'grid one', models: [{ model: 'sppmi-svd' as const, grid: { window: [2, 3], dimensions: [4, 8] } }], sets: ['ws353'] };

async function projectWithCorpus() {
  const workbench = workbenchIn(tempFolder());
  const project = await workbench.createProject({ name: 'Sweeps' });
  const corpus = writeCorpusSlice(tempFolder(), 150_000);
  await workbench.setProjectCorpus({ id: project.id, corpus: { file: corpus, settings: { tokenPattern: 'whitespace' } } });
  return { workbench, project };
}

describe('sweeps through the service', () => {
  it('plans, runs as a job with sweep progress, and lists the sweep and its runs', async () => {
    const { workbench, project } = await projectWithCorpus();
    const planned = await workbench.planSweep({ projectId: project.id, spec });
    expect(planned).toMatchObject({ runs: 4, counts: 2, factorisations: 2 });
    expect(planned.estimate).toMatch(/^about /);

    const progress: EventPayload<'progress'>[] = [];
    workbench.on('progress', (event) => progress.push(event));
    const finished = new Promise<EventPayload<'jobFinished'>>((resolve) => workbench.on('jobFinished', resolve));
    const started = await workbench.startSweep({ projectId: project.id, spec });
    expect(started).toMatchObject({ runs: 4, folder: join(project.folder, 'sweeps', 'grid-one') });
    const end = await finished;
    expect(end).toMatchObject({ jobId: started.jobId, status: 'done', out: started.folder });

    const runEnds = progress.filter((event) => event.jobId === started.jobId && event.phase === 'sweep');
    expect(runEnds.map((event) => event.details?.sweepRunsDone)).toEqual([1, 2, 3, 4]);
    expect(runEnds.every((event) => event.details?.sweepRunsTotal === 4)).toBe(true);

    const status = await workbench.getSweep({ folder: started.folder });
    expect(status).toMatchObject({ name: 'grid one', state: 'done', runsDone: 4, settings: ['window', 'dimensions'] });
    const { runs } = await workbench.listRuns({ id: project.id });
    expect(runs.filter((run) => run.id.startsWith('grid-one-')).map((run) => run.id).sort()).toEqual(status.rows.map((row) => row.folder.split('/').at(-1)).sort());
    for (const row of status.rows) {
      expect(row.folder.startsWith(join(project.folder, 'runs'))).toBe(true);
      expect(JSON.parse(readFileSync(join(row.folder, 'run.json'), 'utf8')).sweep.folder).toBe(started.folder);
    }
    expect((await workbench.listSweeps({ id: project.id })).sweeps.map((sweep) => sweep.name)).toEqual(['grid one']);
    expect(existsSync(join(started.folder, 'results.csv'))).toBe(true);

    // The same name again is refused; resuming the finished folder trains nothing.
    await expect(workbench.startSweep({ projectId: project.id, spec })).rejects.toMatchObject({ code: 'already-exists', where: { field: 'name' } });
    const again = new Promise<EventPayload<'jobFinished'>>((resolve) => workbench.on('jobFinished', resolve));
    await workbench.startSweep({ projectId: project.id, folder: started.folder });
    expect(await again).toMatchObject({ status: 'done', record: { runsDone: 4 } });
  });

  it('refuses a bad grid with the field, and a sweep without a corpus', async () => {
    const { workbench, project } = await projectWithCorpus();
    await expect(workbench.planSweep({ projectId: project.id, spec: { models: [{ model: 'sppmi-svd', grid: { eig: [2] } }] } })).rejects.toMatchObject({
      code: 'invalid-input',
      where: { field: 'models[0].grid.eig' },
    });
    const bare = await workbench.createProject({ name: 'Bare' });
    await expect(workbench.startSweep({ projectId: bare.id, spec })).rejects.toMatchObject({ where: { field: 'corpusFile' } });
  });
});
