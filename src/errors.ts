/**
 * Errors the stages throw; the CLI maps them to exit codes and the HTTP layer to statuses,
 * each in one table (EXIT_CODES below, src/http/errors.ts).
 */
export type ErrorCode =
  | 'bad_input'
  | 'unsupported'
  | 'too_large'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'busy'
  | 'storage'
  | 'internal';

export class GlossaError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Where in an input a problem is: file name, 1-based line and column. */
export interface InputPlace {
  file?: string;
  line?: number;
  column?: number;
}

export function formatPlace(place: InputPlace): string {
  const bits = [place.file ?? '<input>'];
  if (place.line !== undefined) bits.push(String(place.line));
  if (place.column !== undefined) bits.push(String(place.column));
  return bits.join(':');
}

/** Input that cannot be used as given: malformed file, wrong encoding, invalid parameter. */
export class BadInput extends GlossaError {
  readonly place: InputPlace | undefined;
  constructor(message: string, place?: InputPlace, options?: { cause?: unknown }) {
    super('bad_input', place ? `${formatPlace(place)}: ${message}` : message, options);
    this.place = place;
  }
}
export class Unsupported extends GlossaError {
  constructor(message: string) {
    super('unsupported', message);
  }
}
export class TooLarge extends GlossaError {
  constructor(message: string) {
    super('too_large', message);
  }
}
export class NotFound extends GlossaError {
  constructor(message: string) {
    super('not_found', message);
  }
}
export class Conflict extends GlossaError {
  constructor(message: string) {
    super('conflict', message);
  }
}
export class Unauthorized extends GlossaError {
  constructor(message: string) {
    super('unauthorized', message);
  }
}
/** Another writer holds the database: try again after `retryAfterSeconds` (HTTP Retry-After). */
export class Busy extends GlossaError {
  readonly retryAfterSeconds: number;
  constructor(message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super('busy', message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 1;
  }
}
/** The database could not be written (the disk full, an I/O error); the write was rolled back. */
export class StorageFailure extends GlossaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('storage', message, options);
  }
}

export const isGlossaError = (e: unknown): e is GlossaError => e instanceof GlossaError;

/** CLI exit codes: 2 for anything the user gave us wrong, 1 reserved for "check found errors". */
export const EXIT_CODES: Record<ErrorCode, number> = {
  bad_input: 2,
  unsupported: 2,
  too_large: 2,
  not_found: 2,
  conflict: 2,
  unauthorized: 2,
  busy: 3,
  storage: 74,
  internal: 70,
};
