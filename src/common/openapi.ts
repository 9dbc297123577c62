import type { OpenAPIObject } from '@nestjs/swagger';
import { ROLES_EXTENSION } from '../auth/roles.decorator.js';

type Operation = OpenAPIObject['paths'][string]['get'] & { [ROLES_EXTENSION]?: string[] };
type ResponseObject = { description: string; content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> };

const PROBLEM = { 'application/json': { schema: { $ref: '#/components/schemas/ProblemDto' } } };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

function ensure(op: Operation, status: number, description: string, extra: Partial<ResponseObject> = {}): void {
  const responses = op.responses as Record<string, ResponseObject>;
  responses[status] ??= { description, ...extra };
}

const STATE_CHANGING = new Set(['put', 'post', 'delete', 'patch']);
/** Paths whose answers are never kept under an Idempotency-Key (src/idempotency/idempotency.interceptor.ts). */
const WITHOUT_IDEMPOTENCY_KEY = ['/auth/', '/codec/'];

/**
 * Documents the Idempotency-Key header on every state-changing operation that takes it, with the answers it adds: a
 * repeat gets the first answer (Idempotent-Replayed: true), the same key with another request 422, one still running 409.
 */
export function documentIdempotencyKey(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (WITHOUT_IDEMPOTENCY_KEY.some((prefix) => path.startsWith(prefix))) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!op || !STATE_CHANGING.has(method)) continue;
      op.parameters = [
        ...(op.parameters ?? []),
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'any unique string up to 200 visible ASCII characters (e.g. a UUID) chosen by the client for this request: a repeat with the same key gets ' +
            'the first answer, status and body (header Idempotent-Replayed: true), and changes nothing again, also long after the workflow closed',
          schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
        },
      ];
      ensure(op, 409, 'the first request with this Idempotency-Key is still being answered; repeat it shortly');
      ensure(op, 422, 'this Idempotency-Key was used for another request (another route or body)');
    }
  }
  return document;
}

/**
 * Completes every operation's error answers from what all routes share, so none can be forgotten: 401 and 403 from
 * its roles, 400 when it takes input, 413 when it takes a body, 503 when a dependency is down, and the problem
 * shape the exception filter produces for each error without a schema of its own.
 */
export function completeErrorResponses(document: OpenAPIObject, bodyLimit: string): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const responses = op.responses as Record<string, ResponseObject>;
      const roles = (op as unknown as Record<string, string[] | undefined>)[ROLES_EXTENSION] ?? [];
      if (roles.length > 0) {
        ensure(op, 401, 'no bearer token, or one that is malformed, forged or expired', {
          headers: { 'WWW-Authenticate': { schema: { type: 'string' }, description: 'Bearer realm="aftercare"' } },
        });
        const own = responses[403]?.description;
        responses[403] = { description: `the caller's role is not one of: ${roles.join(', ')}${own ? `; or ${own}` : ''}` };
        op.description = [`Roles: ${roles.join(', ')}.`, op.description].filter(Boolean).join(' ');
      } else {
        op.description = ['Public: no token needed.', op.description].filter(Boolean).join(' ');
      }
      if ((op.parameters?.length ?? 0) > 0 || op.requestBody) ensure(op, 400, 'invalid or unknown parameter or field, each named');
      if (op.requestBody) ensure(op, 413, `the body is larger than ${bodyLimit}`);
      ensure(op, 503, 'the database or Temporal is unavailable; retry after the Retry-After seconds', {
        headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } },
      });
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400 && !response.content) response.content = PROBLEM;
      }
    }
  }
  return document;
}
