import { createParamDecorator, ForbiddenException, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '../../workflows/feedback-types.js';
import type { Caller } from './auth.service.js';
import type { AuthenticatedRequest } from './auth.guard.js';
import { caseRoleOf } from './roles.js';

function callerOf(ctx: ExecutionContext): Caller {
  const caller = ctx.switchToHttp().getRequest<AuthenticatedRequest>().caller;
  // Only a @Public() route has no caller, and a public route has no business asking for one.
  if (!caller) throw new Error('no authenticated caller on this request: the route must declare @Roles()');
  return caller;
}

/** The authenticated caller: the token's subject and role. */
export const CurrentCaller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => callerOf(ctx));

/** The caller as the workflows know them (id and case role); 403 for a role that does not act on cases or reports. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const { id, role } = callerOf(ctx);
  const caseRole = caseRoleOf(role);
  if (caseRole === null) {
    throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: `role ${role} does not act on feedback cases or reports` });
  }
  return { id, role: caseRole };
});
