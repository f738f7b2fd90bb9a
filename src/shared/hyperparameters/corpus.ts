import { z } from 'zod';

function isRegularExpression(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** How a corpus becomes tokens and a vocabulary; shared by every model of a project. */
export const CorpusSettingsSchema = z.object({
  lowercase: z.boolean().default(true).describe('Lowercase every token'),
  tokenPattern: z
    .enum(['unicode', 'whitespace'])
    .default('unicode')
    .describe('unicode: runs of letters/digits (apostrophes inside words kept); whitespace: pre-tokenised text such as text8'),
  sentenceBoundary: z.enum(['line', 'none']).default('line').describe('line: windows never cross a line end; none: ignore lines'),
  dropNumbers: z.boolean().default(false).describe('Drop tokens made only of digits (verse and page numbers, years) as if they were not there'),
  dropPattern: z
    .string()
    .max(200)
    .refine(isRegularExpression, { message: 'Not a valid regular expression' })
    .optional()
    .describe('Drop tokens that match this regular expression in full, e.g. \\d+\\w*\\d+ for verse references like 2ki9'),
  minCount: z.number().int().min(1).default(5).describe('Drop words seen fewer times than this'),
  maxSize: z.number().int().min(1).optional().describe('Keep at most this many words (most frequent first)'),
});
export type CorpusSettings = z.infer<typeof CorpusSettingsSchema>;
