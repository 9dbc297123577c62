import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AuthService, type Caller } from './auth.service.js';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator.js';
import type { Role } from './roles.js';
import { TokenError } from './token.js';
import { routeOf } from '../common/route-of.js';

/** The caller the guard authenticated, on the request for the param decorators. */
export type AuthenticatedRequest = Request & { caller?: Caller };

const BEARER = /^Bearer ([^\s]+)$/i;
/**
 * The operator's token as a cookie, for the Temporal UI's calls to the codec endpoint (the browser cannot add a bearer
 * header there). Set by POST /codec/session; HttpOnly, SameSite=Strict and Path=/codec, and read on /codec/ only.
 */
export const CODEC_SESSION_COOKIE = 'aftercare_codec_token';

function codecSessionToken(req: Request): string | undefined {
  if (!req.path.startsWith('/codec/')) return undefined;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CODEC_SESSION_COOKIE && value.length > 0) return value.join('=');
  }
  return undefined;
}
const HOW_TO_GET_ONE = 'send Authorization: Bearer <token>; tokens come from `npm run token -- --role <role> --id <id>`';

function unauthorized(res: Response, problem: string): UnauthorizedException {
  res.setHeader('WWW-Authenticate', 'Bearer realm="aftercare"');
  return new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: problem });
}

/**
 * App-wide: a route runs only when it is @Public() or the bearer token's role is one of its @Roles().
 * A route that declares neither is refused to everyone (the module also refuses to start with one).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: `${req.method} ${routeOf(req)} declares no roles; nobody may call it` });
    }

    const header = req.headers.authorization;
    const cookie = header ? undefined : codecSessionToken(req);
    if (!cookie && (header === undefined || header === '')) throw unauthorized(http.getResponse(), `credentials are missing: ${HOW_TO_GET_ONE}`);
    const token = cookie ?? BEARER.exec(header!)?.[1];
    if (!token) throw unauthorized(http.getResponse(), `the Authorization header must be "Bearer <token>": ${HOW_TO_GET_ONE}`);
    let caller: Caller;
    try {
      const { id, role } = this.auth.verify(token);
      caller = { id, role };
    } catch (err) {
      if (err instanceof TokenError) throw unauthorized(http.getResponse(), `the bearer token is refused: ${err.message}`);
      throw err;
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
}
