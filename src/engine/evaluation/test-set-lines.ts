/** A line of a test-set file that was not used, and why; the rest of the file is still evaluated. */
export interface LineProblem {
  line: number;
  text: string;
  reason: string;
}

/**
 * The lines of a test-set file with their 1-based numbers, minus blank lines and `#` comments.
 * CRLF and a byte-order mark are tolerated.
 */
export function contentLines(text: string): Array<{ line: number; text: string }> {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const content: Array<{ line: number; text: string }> = [];
  lines.forEach((raw, index) => {
    const trimmed = raw.replace(/\r$/, '').trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    content.push({ line: index + 1, text: trimmed });
  });
  return content;
}
