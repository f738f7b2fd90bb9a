// Flags of the benchmark scripts: `--name value`, read from process.argv.

export function textOption(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index < 0 ? fallback : process.argv[index + 1];
}

export function wholeNumberOption(name: string, fallback: number): number {
  const value = Number(textOption(name, String(fallback)));
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} needs a whole number`);
  return value;
}
