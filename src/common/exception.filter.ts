import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { DriverException, ConnectionException } from '@mikro-orm/core';
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { describeError } from '../logging/logger.js';
import { DependencyUnavailableError, DomainError, NulInTextError, TooManyRequestsError } from './errors.js';
import { routeOf } from './route-of.js';

const DOMAIN_STATUS: Record<DomainError['kind'], HttpStatus> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  forbidden: HttpStatus.FORBIDDEN,
  unauthorized: HttpStatus.UNAUTHORIZED,
  too_many_requests: HttpStatus.TOO_MANY_REQUESTS,
};

// gRPC codes meaning "Temporal cannot answer right now": the server gave up on the call (a query whose worker
// died answers CANCELLED), ran out of time, is rate limiting or is not there.
const GRPC_UNAVAILABLE = new Set([1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */]);

// PostgreSQL not there right now: refused or lost connections, and a server shutting down, starting up or
// recovering after a crash (SQLSTATE class 08, 57P01–57P03), or full (53300).
const DATABASE_UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300']);
function databaseUnavailable(err: DriverException): boolean {
  const code = String(err.code ?? '');
  if (DATABASE_UNAVAILABLE_CODES.has(code) || code.startsWith('08')) return true;
  return /ECONNREFUSED|ECONNRESET|terminat|timeout/i.test(err.message);
}

function unavailableDependency(err: unknown): 'temporal' | 'database' | null {
  if (err instanceof DependencyUnavailableError) return err.dependency;
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'temporal';
  if (err instanceof ConnectionException) return 'database';
  if (err instanceof DriverException && databaseUnavailable(err)) return 'database';
  if (err instanceof ServiceError) {
    const code = (err.cause as { code?: number } | undefined)?.code;
    if (code === undefined || GRPC_UNAVAILABLE.has(code)) return 'temporal';
  }
  return null;
}

/** What the body parser found wrong, in words a client can act on. */
function bodyProblem(cause: unknown): string | null {
  const { type, limit, length } = (cause ?? {}) as { type?: string; limit?: number; length?: number };
  if (cause instanceof NulInTextError) return cause.message;
  if (cause instanceof SyntaxError) return `the body is not valid JSON: ${cause.message}`;
  if (type === 'entity.too.large') {
    return `the body${length === undefined ? '' : ` (${length} bytes)`} is larger than the limit of ${limit === undefined ? '?' : `${limit} bytes (${limit / 1024} KiB)`}`;
  }
  return null;
}

/**
 * The one error shape of the API ({ statusCode, error, message, fields? }), also for Nest's own exceptions (unknown
 * route, body parser) whose bodies differ.
 */
function problemOf(err: HttpException): Record<string, unknown> {
  const statusCode = err.getStatus();
  const body = err.getResponse();
  const given = typeof body === 'string' ? { message: body } : (body as Record<string, unknown>);
  const message = bodyProblem(err.cause) ?? (Array.isArray(given.message) ? given.message.join('; ') : (typeof given.message === 'string' ? given.message : (STATUS_CODES[statusCode] ?? 'Error')));
  return {
    statusCode,
    error: typeof given.error === 'string' ? given.error : (STATUS_CODES[statusCode] ?? 'Error'),
    message,
    ...(given.fields === undefined ? {} : { fields: given.fields }),
  };
}

/**
 * The answer to an error that is the client's (an HttpException or a domain error: 4xx): its status and body. Null for
 * every other error (a dependency down, a bug), which a repeat of the request may not meet again.
 */
export function clientErrorAnswer(err: unknown): { status: number; body: Record<string, unknown> } | null {
  if (err instanceof HttpException) return { status: err.getStatus(), body: problemOf(err) };
  if (err instanceof DomainError) {
    const status = DOMAIN_STATUS[err.kind];
    return { status, body: { statusCode: status, error: err.kind, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } };
  }
  return null;
}

/** Maps every error to a JSON answer with a clear message; never leaks internals or request bodies into logs. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();

    const answer = clientErrorAnswer(err);
    if (answer) {
      if (err instanceof TooManyRequestsError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      res.status(answer.status).json(answer.body);
      return;
    }
    const dependency = unavailableDependency(err);
    if (dependency) {
      this.logger.warn(`${req.method} ${routeOf(req)}: ${dependency} unavailable`);
      res
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .setHeader('Retry-After', '5')
        .json({ statusCode: 503, error: 'unavailable', message: `${dependency} is unavailable, try again shortly` });
      return;
    }
    // Only the error's type, codes and frames: messages of driver errors can quote customer data.
    const frames = (err as Error)?.stack?.split('\n').slice(1).join('\n');
    this.logger.error(`${req.method} ${routeOf(req)} failed: ${describeError(err)}`, frames);
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ statusCode: 500, error: 'internal', message: 'internal error' });
  }
}
