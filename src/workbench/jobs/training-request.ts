import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { z } from 'zod';
import type { BackendChoice } from '../../shared/compute';
import type { MethodParams } from '../../shared/contract';
import { FirthError } from '../../shared/errors';
import { CorpusSettingsSchema } from '../../shared/hyperparameters/corpus';
import { models } from '../../shared/models';
import { checkRunFolderFree } from '../../engine/runs/write-run-folder';
import { withInitFolder } from '../runs/init-run';
import type { TrainingJobRequest } from './training-job';

/**
 * Checks a startTraining call completely before a thread starts, so every mistake comes back as the
 * call's error naming its field, the same rules as the CLI (the model registry's schema).
 */
export function trainingJobRequest(
  input: MethodParams<'startTraining'>,
  backend: BackendChoice,
  cacheFolder: string,
  allowSoftwareAdapter: boolean,
  trashFolder?: string,
): TrainingJobRequest {
  for (const field of ['corpusFile', 'out'] as const) {
    if (!isAbsolute(input[field])) throw new FirthError('invalid-input', `${field} must be an absolute path (got "${input[field]}")`, { field });
  }
  if (!existsSync(input.corpusFile) || !statSync(input.corpusFile).isFile()) {
    throw new FirthError('not-found', `The corpus ${input.corpusFile} does not exist or is not a file`, { file: input.corpusFile, field: 'corpusFile' });
  }
  checkRunFolderFree(input.out, input.force ?? false);
  const corpus = parseOrThrow(CorpusSettingsSchema, input.corpus ?? {}, 'corpus');
  const settings = parseOrThrow(models[input.model].settings, input.settings ?? {}, 'settings');
  checkInitRun(settings, input.out);
  return {
    model: input.model,
    settings,
    corpusFile: input.corpusFile,
    out: input.out,
    force: input.force,
    corpus,
    backend: input.backend ?? backend,
    threads: input.threads,
    cacheFolder,
    trashFolder,
    allowSoftwareAdapter,
  };
}

/** MF-SGNS's init run, checked now (it exists, is SPPMI-SVD, has the dimensions): the form marks the field. */
function checkInitRun(settings: Record<string, unknown>, out: string): void {
  try {
    withInitFolder(settings, out);
  } catch (error) {
    if (error instanceof FirthError && error.where?.field === 'init') throw new FirthError(error.code, error.message, { ...error.where, field: 'settings.init' });
    throw error;
  }
}

/** Strict, as the CLI is: an unknown setting is an error, never silently dropped. */
function parseOrThrow<S extends z.ZodObject>(schema: S, value: unknown, prefix: string): z.infer<S> {
  const parsed = schema.strict().safeParse(value);
  if (parsed.success) return parsed.data as z.infer<S>;
  const issue = parsed.error.issues[0];
  const keys = issue?.code === 'unrecognized_keys' ? issue.keys : [];
  const field = [prefix, ...(issue?.path ?? []).map(String), ...keys.slice(0, 1)].join('.');
  const message = keys.length > 0 ? `unknown setting${keys.length > 1 ? 's' : ''} ${keys.map((key) => JSON.stringify(key)).join(', ')}` : (issue?.message ?? 'invalid');
  throw new FirthError('invalid-input', `${field}: ${message}`, { field });
}
