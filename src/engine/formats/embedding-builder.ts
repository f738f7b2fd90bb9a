import type { Embedding } from './embedding';
import type { ImportProblems, RecordPlace } from './import-problems';

/**
 * Grows an embedding row by row while a file is read. Values are parsed straight into the growing
 * matrix (no per-row arrays), and a row is kept only once its word and every value passed.
 */
export class EmbeddingBuilder {
  readonly dimensions: number;
  private vectors: Float32Array;
  private readonly words: string[] = [];
  private readonly counts: number[] = [];
  private readonly placeOfWord = new Map<string, RecordPlace>();
  private hasCounts = false;

  constructor(dimensions: number, expectedRows = 1024) {
    this.dimensions = dimensions;
    this.vectors = new Float32Array(Math.max(1, expectedRows) * dimensions);
  }

  get rows(): number {
    return this.words.length;
  }

  /** Where the next row's d values go: write them at `offset` of the returned array, then commit. */
  nextRow(): { target: Float32Array; offset: number } {
    const offset = this.words.length * this.dimensions;
    if (offset + this.dimensions > this.vectors.length) {
      const grown = new Float32Array(Math.max(this.vectors.length * 2, offset + this.dimensions));
      grown.set(this.vectors);
      this.vectors = grown;
    }
    return { target: this.vectors, offset };
  }

  /** Keeps the row written at nextRow() under `word`; a word seen before is a problem, not a row. */
  commit(word: string, place: RecordPlace, problems: ImportProblems, count?: number): boolean {
    const earlier = this.placeOfWord.get(word);
    if (earlier) {
      const first = earlier.line !== undefined ? `line ${earlier.line}` : `record ${earlier.record}`;
      problems.report(place, `the word "${word}" appears twice (first on ${first})`);
      return false;
    }
    this.placeOfWord.set(word, place);
    this.words.push(word);
    this.counts.push(count ?? 0);
    if (count !== undefined) this.hasCounts = true;
    return true;
  }

  finish(): Embedding {
    const embedding: Embedding = {
      words: this.words,
      vectors: this.vectors.length === this.words.length * this.dimensions ? this.vectors : this.vectors.slice(0, this.words.length * this.dimensions),
      dimensions: this.dimensions,
    };
    if (this.hasCounts) embedding.counts = Float64Array.from(this.counts);
    return embedding;
  }
}

/**
 * Parses fields[first … first+d) into target[offset …]. Returns why a field is not a finite number,
 * or undefined when all are. Values are rounded to float32 as they are stored, as every reader does.
 */
export function parseVectorFields(fields: string[], first: number, dimensions: number, target: Float32Array, offset: number): string | undefined {
  for (let index = 0; index < dimensions; index++) {
    const field = fields[first + index];
    const value = field === undefined || field === '' ? Number.NaN : Number(field);
    target[offset + index] = value;
    // Checked after the float32 rounding: 1e39 is a finite double but an infinite float32.
    if (Number.isFinite(target[offset + index])) continue;
    const column = first + index + 1;
    const text = field ?? '';
    if (/^[+-]?nan$/i.test(text)) return `field ${column} is ${text} (vectors must hold finite numbers)`;
    // JS reads neither "inf" nor "nan"; Python and C write them.
    if (Number.isNaN(value) && !/^[+-]?inf(inity)?$/i.test(text)) return `field ${column} ("${text.slice(0, 40)}") is not a number`;
    return `field ${column} is ${text}, infinite as a float32 (vectors must hold finite numbers)`;
  }
  return undefined;
}

/** Why a row of float32 values cannot be kept, or undefined when every value is finite. */
export function findNonFinite(values: Float32Array, offset: number, dimensions: number): string | undefined {
  for (let index = 0; index < dimensions; index++) {
    const value = values[offset + index];
    if (!Number.isFinite(value)) return `value ${index + 1} is ${value} (vectors must hold finite numbers)`;
  }
  return undefined;
}
