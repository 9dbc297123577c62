import { createHash } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  HttpException,
  Injectable,
  SetMetadata,
  UnprocessableEntityException,
  createParamDecorator,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, of, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { clientErrorAnswer } from '../common/exception.filter.js';
import { IdempotencyStore } from './idempotency.store.js';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Visible ASCII, 1–200 characters: a UUID, or any token the client keeps for the request. */
const KEY = /^[\x21-\x7e]{1,200}$/;
const WITHOUT_KEY = 'aftercare:without-idempotency-key';
/**
 * Sign-in and the codec carry secrets or personal data in their bodies and answers, and change nothing another
 * attempt would do twice: their answers are never kept, whatever the header says.
 */
const PATHS_WITHOUT_KEY = ['/auth/', '/codec/'];

/** A route whose answers are not kept under an Idempotency-Key (the header is ignored there). */
export const WithoutIdempotencyKey = (): MethodDecorator & ClassDecorator => SetMetadata(WITHOUT_KEY, true);

type KeyedRequestOf = Request & AuthenticatedRequest & { idempotency?: { callerId: string; key: string } };

/** The request's Idempotency-Key, scoped to the caller (e.g. for a Temporal update id); undefined without one. */
export const IdempotencyKey = createParamDecorator((_data: unknown, ctx: ExecutionContext): string | undefined => {
  const keyed = ctx.switchToHttp().getRequest<KeyedRequestOf>().idempotency;
  return keyed ? `${keyed.callerId}:${keyed.key}` : undefined;
});

/** A stable rendering of a JSON body: the same request with its keys in another order is the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/**
 * App-wide: a state-changing request sent with an `Idempotency-Key` header is answered once; a repeat with the same key
 * (same caller, route and body) gets the first answer, status and body, without running again, also long after the
 * workflow it changed has closed. The same key with another request is refused (422); a repeat while the first is
 * still running, 409. Answers that a repeat may not meet again (5xx, a dependency down) are not kept.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<KeyedRequestOf>();
    const res = http.getResponse<Response>();
    const header = req.headers[IDEMPOTENCY_KEY_HEADER];
    if (header === undefined || !STATE_CHANGING.has(req.method) || this.exempt(context, req)) return next.handle();
    const key = Array.isArray(header) ? header.join(',') : header;
    if (!KEY.test(key)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'the Idempotency-Key header must be 1 to 200 visible ASCII characters, e.g. a UUID',
        fields: [{ field: 'Idempotency-Key', problems: ['must be 1 to 200 visible ASCII characters'] }],
      });
    }
    const callerId = req.caller?.id ?? 'anonymous';
    const path = req.originalUrl;
    const fingerprint = createHash('sha256').update(JSON.stringify([req.method, path, canonical(req.body ?? null)])).digest('hex');

    return from(this.store.begin(callerId, key, { method: req.method, path, fingerprint })).pipe(
      concatMap((seen) => {
        switch (seen.kind) {
          case 'answered':
            res.setHeader(REPLAYED_HEADER, 'true');
            if (seen.status >= 400) throw new HttpException(seen.body as Record<string, unknown>, seen.status);
            res.status(seen.status);
            return of(seen.body);
          case 'other':
            throw new UnprocessableEntityException({
              statusCode: 422,
              error: 'Unprocessable Entity',
              message: `Idempotency-Key ${key} was used for another request (${seen.method} ${seen.path}${seen.path === path ? ' with another body' : ''}); use a new key for a new request`,
            });
          case 'in_progress':
            res.setHeader('Retry-After', '1');
            throw new ConflictException({
              statusCode: 409,
              error: 'Conflict',
              message: `the first request with Idempotency-Key ${key} is still being answered; send it again shortly for its answer`,
            });
          case 'first':
            req.idempotency = { callerId, key };
            return next.handle().pipe(
              concatMap(async (body: unknown) => {
                await this.store.answered(callerId, key, res.statusCode, body);
                return body;
              }),
              catchError(async (err: unknown) => {
                const answer = clientErrorAnswer(err);
                if (answer && answer.status < 500 && answer.status !== 429) await this.store.answered(callerId, key, answer.status, answer.body);
                else await this.store.release(callerId, key);
                throw err;
              }),
            );
        }
      }),
    );
  }

  private exempt(context: ExecutionContext, req: Request): boolean {
    if (this.reflector.getAllAndOverride<boolean>(WITHOUT_KEY, [context.getHandler(), context.getClass()])) return true;
    return PATHS_WITHOUT_KEY.some((prefix) => req.path.startsWith(prefix));
  }
}
