import { FirthError } from '../../shared/errors';

/** A line (text formats) or record (binary formats) that an import left out, and why. */
export interface SkippedRecord {
  file: string;
  line?: number;
  record?: number;
  reason: string;
}

/** Where in a file: a 1-based line of a text file, or a 1-based record of a binary one. */
export interface RecordPlace {
  line?: number;
  record?: number;
}

/** Only this many skipped records are kept with their reasons; the count covers all of them. */
const keptRecords = 1000;

function describePlace(place: RecordPlace): string {
  if (place.line !== undefined) return `line ${place.line}`;
  if (place.record !== undefined) return `record ${place.record}`;
  return '';
}

/**
 * Collects what is wrong with a vector file. Without `skipInvalid` the first problem throws a
 * 'corrupt-file' error naming the file and the line or record; with it the record is skipped and
 * remembered, so the caller can show what was left out.
 */
export class ImportProblems {
  readonly skipped: SkippedRecord[] = [];
  skippedCount = 0;

  constructor(
    readonly file: string,
    readonly skipInvalid: boolean,
  ) {}

  /** A bad record: throws, or (skipInvalid) records it and returns so the caller can move on. */
  report(place: RecordPlace, reason: string): void {
    if (!this.skipInvalid) throw this.error(place, reason);
    this.skippedCount++;
    if (this.skipped.length < keptRecords) this.skipped.push({ file: this.file, ...place, reason });
  }

  /** A problem that no skipping can get past (an unreadable header, say). */
  error(place: RecordPlace, reason: string): FirthError {
    const where = describePlace(place);
    return new FirthError('corrupt-file', `${this.file}${where ? `, ${where}` : ''}: ${reason}`, {
      file: this.file,
      line: place.line,
      field: place.record !== undefined ? `record ${place.record}` : undefined,
    });
  }
}
