import { workerData } from 'node:worker_threads';
import type { z } from 'zod';
import type { TheoremInputSchema } from '../../shared/compare';
import { serveTasks, type TaskContext } from '../jobs/task-server';
import { computeTheorem } from './run-theorem';

// The theorem view's numbers for one run: its co-occurrence counts rebuilt, every observed cell
// set against its target, and the SGNS loss of the project's runs, off the service's thread
// (counting the corpus again and the loss over all cells take seconds).
const { cacheFolder } = workerData as { cacheFolder: string };

serveTasks({
  theorem: (input: z.output<typeof TheoremInputSchema>, context: TaskContext) =>
    computeTheorem({ folder: input.folder, lossVocabulary: input.lossVocabulary, cacheFolder, signal: context.signal, onProgress: context.onProgress }),
});
