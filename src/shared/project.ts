import { z } from 'zod';
import { SerializedErrorSchema } from './envelope';
import { CorpusSettingsSchema } from './hyperparameters/corpus';

/** project.json's schema version; a file with a larger one was written by a newer Firth. */
export const PROJECT_SCHEMA_VERSION = 1;

const forbiddenNameCharacters = /[/\\:*?"<>|\u0000-\u001f\u007f]/;

/** A project name is also its folder's name, so it must be a safe single path segment. */
export const ProjectNameSchema = z
  .string()
  .trim()
  .min(1, 'A project needs a name')
  .max(100, 'A project name has at most 100 characters')
  .refine((name) => !forbiddenNameCharacters.test(name), 'A project name cannot contain / \\ : * ? " < > | or control characters')
  .refine((name) => name !== '.' && name !== '..' && !name.endsWith('.'), 'A project name cannot be "." or ".." or end with a dot');

/** What `project.json` holds. Later issues add the corpus, tokenizer settings and runs. */
/** The project's corpus: one file, and how it becomes tokens and a vocabulary for every model. */
export const ProjectCorpusSchema = z.object({
  file: z.string().min(1),
  settings: CorpusSettingsSchema.partial().default({}),
  /** SHA-256 of the file when it was imported: a later change is noticed, never silently used. */
  sha256: z.string().optional(),
});
export type ProjectCorpus = z.infer<typeof ProjectCorpusSchema>;

export const ProjectFileSchema = z.object({
  schemaVersion: z.literal(PROJECT_SCHEMA_VERSION),
  name: ProjectNameSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  corpus: ProjectCorpusSchema.optional(),
});
export type ProjectFile = z.infer<typeof ProjectFileSchema>;

export const ProjectIdSchema = z.string().regex(/^[0-9a-f]{16}$/, 'A project id is 16 hexadecimal digits');

export const ProjectSchema = ProjectFileSchema.extend({
  id: ProjectIdSchema,
  folder: z.string(),
});
export type Project = z.infer<typeof ProjectSchema>;

/** One row of the project list: a project that loads, or one whose project.json is broken. */
export const ProjectEntrySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), project: ProjectSchema }),
  z.object({ status: z.literal('error'), id: ProjectIdSchema, folder: z.string(), error: SerializedErrorSchema }),
]);
export type ProjectEntry = z.infer<typeof ProjectEntrySchema>;
