import { createHmac, timingSafeEqual } from 'node:crypto';
import { formatCompanyTime } from '../../workflows/domain/company-time.js';
import { ACTOR_ID, isRole, ROLES, type Role } from './roles.js';

/** What a bearer token says: who (`sub`), in which role, issued when, and until when (seconds since the epoch). */
export interface TokenClaims {
  sub: string;
  role: Role;
  iat: number;
  exp?: number;
}

/** Why a token is refused; the message is safe to show the caller. */
export class TokenError extends Error {}

/** Tolerated difference between the issuer's clock and ours for `iat`. */
const CLOCK_SKEW_SECONDS = 60;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const hmac = (secret: string, signingInput: string): Buffer => createHmac('sha256', secret).update(signingInput).digest();

function decodeJson(part: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // falls through to the error below
  }
  throw new TokenError(`the token's ${what} is not a JSON object`);
}

const isSeconds = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** An HS256 JWT for the claims. */
export function signToken(claims: TokenClaims, secret: string): string {
  if (!ACTOR_ID.test(claims.sub)) throw new TokenError(`sub must be one plain id (letters, digits, . _ @ -), not ${JSON.stringify(claims.sub)}`);
  if (!isRole(claims.role)) throw new TokenError(`role must be one of ${ROLES.join(', ')}`);
  const signingInput = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${signingInput}.${hmac(secret, signingInput).toString('base64url')}`;
}

/**
 * The claims of a token signed with the secret and valid at `now` (seconds); a TokenError naming what is wrong otherwise,
 * with times in company time (`timeZone`).
 */
export function verifyToken(token: string, secret: string, now: number, timeZone = 'Asia/Shanghai'): TokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) {
    throw new TokenError('the token is not a JWT (three base64url parts separated by dots)');
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart, 'header');
  // Only HS256: "none" or an asymmetric algorithm would let a caller choose how the token is checked.
  if (header.alg !== 'HS256') throw new TokenError(`the token's algorithm must be HS256, not ${JSON.stringify(header.alg ?? null)}`);

  const expected = hmac(secret, `${headerPart}.${payloadPart}`);
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new TokenError('the token\'s signature does not match; it was not issued by this service');
  }

  const payload = decodeJson(payloadPart, 'payload');
  const { sub, role, iat, exp } = payload;
  if (typeof sub !== 'string' || !ACTOR_ID.test(sub)) throw new TokenError('the token\'s sub must be one plain id');
  if (!isRole(role)) throw new TokenError(`the token's role must be one of ${ROLES.join(', ')}`);
  if (!isSeconds(iat)) throw new TokenError('the token\'s iat must be a time in seconds');
  if (iat > now + CLOCK_SKEW_SECONDS) throw new TokenError('the token was issued in the future');
  if (exp !== undefined) {
    if (!isSeconds(exp)) throw new TokenError('the token\'s exp must be a time in seconds');
    if (exp <= now) throw new TokenError(`the token expired at ${formatCompanyTime(new Date(exp * 1000), timeZone)}`);
  }
  return { sub, role, iat, ...(exp === undefined ? {} : { exp }) };
}
