/** Errors services throw in the business's terms; the exception filter maps them to HTTP. */
export abstract class DomainError extends Error {
  abstract readonly kind: 'not_found' | 'conflict' | 'unprocessable' | 'forbidden' | 'unauthorized';

  /** `fields`: what is wrong with each field, when the error is about some fields of the request. */
  constructor(
    message: string,
    readonly fields?: { field: string; problems: string[] }[],
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

/** A dependency (Temporal, PostgreSQL) cannot be reached right now; the client may retry. */
export class DependencyUnavailableError extends Error {
  constructor(readonly dependency: 'temporal' | 'database', cause?: unknown) {
    super(`${dependency} is unavailable, try again shortly`, { cause });
  }
}
