import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { CASE_ROLES, type Actor, type CaseRole } from '../../workflows/feedback-types.js';

export const ACTOR_ID_HEADER = 'x-actor-id';
export const ACTOR_ROLE_HEADER = 'x-actor-role';

const ACTOR_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;

/** The caller of a case action from `X-Actor-Id` and `X-Actor-Role`; 401 naming what is missing or wrong. */
export function actorFromHeaders(headers: Request['headers']): Actor {
  const id = headers[ACTOR_ID_HEADER];
  const role = headers[ACTOR_ROLE_HEADER];
  const problems: string[] = [];
  if (id === undefined || id === '') problems.push('X-Actor-Id is missing');
  else if (typeof id !== 'string' || !ACTOR_ID.test(id)) {
    problems.push('X-Actor-Id must be one id of 1–100 letters, digits, dot, dash, underscore or @, starting with a letter or digit');
  }
  if (role === undefined || role === '') problems.push('X-Actor-Role is missing');
  else if (typeof role !== 'string' || !CASE_ROLES.includes(role as CaseRole)) problems.push(`X-Actor-Role must be one of ${CASE_ROLES.join(', ')}`);
  if (problems.length > 0) {
    throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: `who is acting is not known: ${problems.join('; ')}` });
  }
  return { id: id as string, role: role as CaseRole };
}

// Trusted headers for now: a later issue replaces them with the caller's authenticated token.
/** The actor of a case action (`X-Actor-Id`, `X-Actor-Role`); 401 when either is missing or invalid. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor =>
  actorFromHeaders(ctx.switchToHttp().getRequest<Request>().headers),
);
