import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtension } from '@nestjs/swagger';
import { ROLES, type Role } from './roles.js';

export const ROLES_KEY = 'aftercare:roles';
export const PUBLIC_KEY = 'aftercare:public';
export const CSRF_EXEMPT_KEY = 'aftercare:csrf-exempt';
export const BEARER_SCHEME = 'bearer';
export const SESSION_SCHEME = 'session';
/** The OpenAPI extension listing an operation's roles (empty for a public one). */
export const ROLES_EXTENSION = 'x-roles';

/**
 * Who may call the route: a bearer token with one of these roles, or a signed-in person who has one; others get 403,
 * callers without valid credentials 401.
 */
export function Roles(...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator {
  const unknown = roles.filter((role) => !ROLES.includes(role));
  if (unknown.length > 0) throw new Error(`@Roles: unknown roles ${unknown.join(', ')}`);
  return applyDecorators(
    SetMetadata(ROLES_KEY, [...roles]),
    ApiBearerAuth(BEARER_SCHEME),
    ApiCookieAuth(SESSION_SCHEME),
    // The document's 401 and 403 answers are added from this extension (src/common/openapi.ts).
    ApiExtension(ROLES_EXTENSION, [...roles]),
  );
}

/** Anyone may call the route, without a token. */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension(ROLES_EXTENSION, []));
}

/**
 * A POST that changes nothing (the payload codec's pure transformations), which the Temporal UI calls with the
 * session cookie but cannot give a CSRF header. A forged cross-site call gets no cookie (SameSite) and could not read
 * the answer (CORS).
 */
export function CsrfExempt(): MethodDecorator & ClassDecorator {
  return SetMetadata(CSRF_EXEMPT_KEY, true);
}
