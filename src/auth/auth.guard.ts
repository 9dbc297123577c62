import { ForbiddenException, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { CLOCK, type Clock } from '../common/clock.js';
import { AuthService, type Caller } from './auth.service.js';
import { CSRF_EXEMPT_KEY, PUBLIC_KEY, ROLES_KEY } from './roles.decorator.js';
import type { Role } from './roles.js';
import type { Session } from './session.entity.js';
import { CSRF_HEADER, SESSION_COOKIE, SessionRefused, SessionsService } from './sessions.service.js';
import { TokenError } from './token.js';
import { TokenSubjects } from './token-subjects.js';
import { routeOf } from '../common/route-of.js';

/** The caller the guard authenticated, and their session when the cookie did it, for the param decorators. */
export type AuthenticatedRequest = Request & { caller?: Caller; session?: Session };

const BEARER = /^Bearer ([^\s]+)$/i;
const HOW_TO_GET_ONE =
  'send Authorization: Bearer <token> (tokens come from `npm run token -- --role <role> --id <id>`) or sign in with POST /auth/login';
/** Methods that change nothing: a cookie-authenticated caller needs no CSRF token for them. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function unauthorized(res: Response, problem: string): UnauthorizedException {
  res.setHeader('WWW-Authenticate', 'Bearer realm="aftercare"');
  return new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: problem });
}

/**
 * App-wide: a route runs only when it is @Public() or the caller has one of its @Roles(). The caller comes from a
 * bearer token (service accounts) or from the session cookie of a signed-in person, who acts in the first of their
 * roles that the route allows; a state-changing request by cookie must also carry the session's CSRF token. A token
 * whose subject is a deactivated person of the directory is refused like their session.
 * A route that declares neither is refused to everyone (the module also refuses to start with one).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly subjects: TokenSubjects,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    const res = http.getResponse<Response>();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: `${req.method} ${routeOf(req)} declares no roles; nobody may call it` });
    }

    const header = req.headers.authorization;
    const cookie = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
    if (header === undefined || header === '') {
      if (typeof cookie === 'string' && cookie !== '') {
        const exempt = this.reflector.getAllAndOverride<boolean>(CSRF_EXEMPT_KEY, targets) === true;
        return this.bySession(req, res, cookie, roles, exempt);
      }
      throw unauthorized(res, `credentials are missing: ${HOW_TO_GET_ONE}`);
    }
    const token = BEARER.exec(header)?.[1];
    if (!token) throw unauthorized(res, `the Authorization header must be "Bearer <token>": ${HOW_TO_GET_ONE}`);
    let caller: Caller;
    try {
      const { id, role } = await this.auth.verify(token, this.clock.now());
      caller = { id, role, roles: [role] };
    } catch (err) {
      if (err instanceof TokenError) throw unauthorized(res, `the bearer token is refused: ${err.message}`);
      throw err;
    }
    if (await this.subjects.deactivated(caller.id)) {
      throw unauthorized(res, `the bearer token is refused: ${caller.id} is deactivated in the staff directory`);
    }
    if (!roles.includes(caller.role)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: `role ${caller.role} may not ${req.method} ${routeOf(req)}; allowed roles: ${roles.join(', ')}`,
      });
    }
    req.caller = caller;
    return true;
  }

  private async bySession(req: AuthenticatedRequest, res: Response, cookie: string, roles: Role[], csrfExempt: boolean): Promise<boolean> {
    let open: Awaited<ReturnType<SessionsService['resolve']>>;
    try {
      open = await this.sessions.resolve(cookie, this.clock.now());
    } catch (err) {
      if (!(err instanceof SessionRefused)) throw err;
      res.clearCookie(SESSION_COOKIE, this.sessions.cookieOptions());
      throw unauthorized(res, err.message);
    }
    const { session, person } = open;
    const role = person.roles.find((r) => roles.includes(r));
    if (role === undefined) {
      const own = person.roles.length === 1 ? `role ${person.roles[0]}` : `roles ${person.roles.join(', ')}`;
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: `${own} may not ${req.method} ${routeOf(req)}; allowed roles: ${roles.join(', ')}` });
    }
    if (!csrfExempt && !SAFE_METHODS.has(req.method) && !this.sessions.csrfMatches(session, req.headers[CSRF_HEADER])) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: `a request signed in by the session cookie must send the header X-CSRF-Token: <csrfToken> (from POST /auth/login or GET /auth/session)`,
      });
    }
    req.caller = { id: person.id, role, roles: [...person.roles] };
    req.session = session;
    return true;
  }
}
