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
