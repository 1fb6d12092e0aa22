/** The statuses of the pages' error answers (the API's own table is in src/http/errors.ts). */
import { isGlossaError, type ErrorCode } from '../errors.js';

export { BadInput, NotFound, TooLarge } from '../errors.js';

const STATUS: Record<ErrorCode, 400 | 401 | 404 | 413 | 415 | 500 | 503 | 507> = {
  bad_input: 400,
  unsupported: 415,
  too_large: 413,
  not_found: 404,
  conflict: 400,
  unauthorized: 401,
  busy: 503,
  storage: 507,
  internal: 500,
};

/** The page status of a Glossa error, or undefined for anything else. */
export function isGlossaryErrorStatus(e: unknown): 400 | 401 | 404 | 413 | 415 | 500 | 503 | 507 | undefined {
  return isGlossaError(e) ? STATUS[e.code] : undefined;
}
