import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { z } from 'zod';
import type { BackendChoice } from '../../shared/compute';
import type { MethodParams } from '../../shared/contract';
import { FirthError } from '../../shared/errors';
import { CorpusSettingsSchema } from '../../shared/hyperparameters/corpus';
import { models } from '../../shared/models';
import { checkRunFolderFree } from '../../engine/runs/write-run-folder';
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
): TrainingJobRequest {
  for (const field of ['corpusFile', 'out'] as const) {
    if (!isAbsolute(input[field])) throw new FirthError('invalid-input', `${field} must be an absolute path (got "${input[field]}")`, { field });
  }
  if (!existsSync(input.corpusFile) || !statSync(input.corpusFile).isFile()) {
    throw new FirthError('not-found', `The corpus ${input.corpusFile} does not exist or is not a file`, { file: input.corpusFile, field: 'corpusFile' });
  }
  checkRunFolderFree(input.out, input.force ?? false);
  const corpus = parseOrThrow(CorpusSettingsSchema, input.corpus ?? {}, 'corpus');
  const settings = parseOrThrow(models[input.model].settings as z.ZodType<Record<string, unknown>>, input.settings ?? {}, 'settings');
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
    allowSoftwareAdapter,
  };
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = [prefix, ...(issue?.path ?? []).map(String)].join('.');
  throw new FirthError('invalid-input', `${field}: ${issue?.message ?? 'invalid'}`, { field });
}
