import type { FieldProblem } from './validation.js';

/** Errors services throw in the business's terms; the exception filter maps them to HTTP. */
export abstract class DomainError extends Error {
  abstract readonly kind: 'not_found' | 'conflict' | 'unprocessable' | 'forbidden' | 'unauthorized' | 'too_many_requests';

  /** The fields the problem is about, answered as `fields` like the validation pipe's 400s. */
  constructor(
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

export class UnprocessableError extends DomainError {
  readonly kind = 'unprocessable';
}

/** The credentials the caller offered are refused (forged, expired, malformed). */
export class UnauthorizedError extends DomainError {
  readonly kind = 'unauthorized';
}

/** The caller is known but may not do this, e.g. a role that does not act at this stage. */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

/** Too many failed attempts: the client may try again after `retryAfterSeconds`. */
export class TooManyRequestsError extends DomainError {
  readonly kind = 'too_many_requests';

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A dependency (Temporal, PostgreSQL) cannot be reached right now; the client may retry. */
export class DependencyUnavailableError extends Error {
  constructor(readonly dependency: 'temporal' | 'database', cause?: unknown) {
    super(`${dependency} is unavailable, try again shortly`, { cause });
  }
}

/** A JSON body with U+0000 in a string, which PostgreSQL cannot store in text; refused while the body is parsed. */
export class NulInTextError extends SyntaxError {}
