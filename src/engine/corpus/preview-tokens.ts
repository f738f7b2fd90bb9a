// The first lines of a corpus as the tokenizer sees them, so a user can check the token pattern,
// lowercasing and number dropping before a long import. Only the beginning of the file is read.

import { readTextChunks } from './read-text';
import { createTokenizer } from './tokenize';
import type { TokenizerOptions } from './tokenizer-options';

export interface PreviewLine {
  /** 1-based line number in the file. */
  line: number;
  tokens: string[];
  /** Tokens of the line not shown (the line is longer than the preview shows). */
  more: number;
}

/** Characters read at most: enough for the first lines of prose, and bounded on one-line corpora (text8). */
const previewChars = 256 * 1024;

export async function previewTokens(file: string, options: TokenizerOptions, lines = 8, tokensPerLine = 40): Promise<PreviewLine[]> {
  const preview: PreviewLine[] = [];
  let current: PreviewLine = { line: 1, tokens: [], more: 0 };
  let done = false;
  const finishLine = () => {
    if (current.tokens.length > 0 || current.more > 0) preview.push(current);
    if (preview.length >= lines) done = true;
    current = { line: current.line + 1, tokens: [], more: 0 };
  };
  // Line mode whatever the corpus's sentence boundary: the preview is by the file's lines.
  const tokenizer = createTokenizer(
    { ...options, sentenceBoundary: 'line' },
    {
      token(word) {
        if (current.tokens.length < tokensPerLine) current.tokens.push(word);
        else current.more++;
      },
      lineEnd: finishLine,
    },
  );
  let read = 0;
  for await (const text of readTextChunks(file, { chunkBytes: 64 * 1024 })) {
    tokenizer.push(text);
    read += text.length;
    if (done || read >= previewChars) break;
  }
  if (!done) {
    tokenizer.finish();
    if (!done) finishLine();
  }
  return preview.slice(0, lines);
}
