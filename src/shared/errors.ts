// One error class for everything a user can act on: a code to branch on, a message to show, and
// where the problem is (file, line, field). It crosses process boundaries as plain JSON.

export const errorCodes = [
  'invalid-input', // a request, flag or field fails its schema
  'not-found', // a project, run, file or method that does not exist
  'already-exists',
  'locked', // a project open in another Firth instance
  'corrupt-file', // a file Firth wrote or reads cannot be parsed
  'unsupported-version', // a file written by a newer Firth
  'io', // the file system refused (permissions, disk full)
  'backend-unavailable', // a compute backend was forced but cannot run here
  'unauthorized', // web host: missing or wrong token
  'cancelled',
  'internal', // a bug: never the user's fault
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorWhere {
  file?: string;
  line?: number;
  field?: string;
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  where?: ErrorWhere;
}

export class FirthError extends Error {
  readonly code: ErrorCode;
  readonly where: ErrorWhere | undefined;

  constructor(code: ErrorCode, message: string, where?: ErrorWhere) {
    super(message);
    this.name = 'FirthError';
    this.code = code;
    this.where = where;
  }

  toJSON(): SerializedError {
    return this.where ? { code: this.code, message: this.message, where: this.where } : { code: this.code, message: this.message };
  }
}

export function isFirthError(value: unknown): value is FirthError {
  return value instanceof FirthError;
}

/** Anything thrown becomes a SerializedError; unknown throwables are internal errors. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof FirthError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: message || 'Internal error' };
}

export function deserializeError(error: SerializedError): FirthError {
  return new FirthError(error.code, error.message, error.where);
}

/** "project.json line 3: …" — the where-part a person reads first. */
export function describeError(error: SerializedError): string {
  const where = error.where;
  if (!where) return error.message;
  const parts = [where.file, where.line !== undefined ? `line ${where.line}` : undefined, where.field ? `field ${where.field}` : undefined]
    .filter((part) => part !== undefined)
    .join(', ');
  return parts && !error.message.includes(where.file ?? '\u0000') ? `${parts}: ${error.message}` : error.message;
}
