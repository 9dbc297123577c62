import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';
import { formatCompanyTime } from '../../workflows/domain/company-time.js';
import { ACTOR_ID, isRole, ROLES, type Role } from './roles.js';

/** What a bearer token says: who (`sub`), in which role, issued when, and until when (seconds since the epoch). */
export interface TokenClaims {
  sub: string;
  role: Role;
  iat: number;
  exp: number;
}

/** Why a token is refused; the message is safe to show the caller. */
export class TokenError extends Error {}

/**
 * Checks a bearer token and answers its claims, or throws a TokenError saying what is wrong. The shared secret is
 * today's only implementation; an external identity provider would be a second one (see the README, "Service
 * accounts and tokens"), chosen in AuthModule.
 */
export interface TokenVerifier {
  verify(token: string, now: Date): Promise<TokenClaims>;
}

/** Tolerated difference between the issuer's clock and ours for `iat`. */
const CLOCK_SKEW_SECONDS = 60;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ALGORITHM = 'HS256';

const keyOf = (secret: string): Uint8Array => new TextEncoder().encode(secret);

/** An HS256 JWT for the claims, signed with the secret. */
export async function signToken(claims: TokenClaims, secret: string): Promise<string> {
  if (!ACTOR_ID.test(claims.sub)) throw new TokenError(`sub must be one plain id (letters, digits, . _ @ -), not ${JSON.stringify(claims.sub)}`);
  if (!isRole(claims.role)) throw new TokenError(`role must be one of ${ROLES.join(', ')}`);
  if (!Number.isSafeInteger(claims.exp) || claims.exp <= claims.iat) throw new TokenError('exp must be a time in seconds after iat');
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp)
    .sign(keyOf(secret));
}

function algorithmOf(token: string): unknown {
  try {
    return decodeProtectedHeader(token).alg ?? null;
  } catch {
    throw new TokenError('the token\'s header is not a JSON object');
  }
}

/** What jose found wrong, in the words the API answers with; times in company time (`timeZone`). */
function refusal(err: unknown, timeZone: string): TokenError | null {
  if (err instanceof errors.JWTExpired) {
    const exp = (err.payload as { exp?: unknown }).exp;
    return new TokenError(`the token expired at ${typeof exp === 'number' ? formatCompanyTime(new Date(exp * 1000), timeZone) : 'its exp'}`);
  }
  // A signature cut short does not even decode: to the caller it is the same wrong signature.
  const badSignature = err instanceof errors.JWSInvalid && /signature/.test(err.message);
  if (err instanceof errors.JWSSignatureVerificationFailed || badSignature) return new TokenError('the token\'s signature does not match; it was not issued by this service');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'exp' && err.reason === 'missing') return new TokenError('the token has no exp: every token must say when it expires (npm run token sets it)');
    if (err.reason === 'missing') return new TokenError(`the token has no ${err.claim}`);
    return new TokenError(`the token's ${err.claim} must be a time in seconds`);
  }
  if (err instanceof errors.JWTInvalid) return new TokenError('the token\'s payload is not a JSON object');
  if (err instanceof errors.JOSEError) return new TokenError('the token is not a valid JWT');
  return null;
}

/** Tokens signed with AUTH_TOKEN_SECRET (HS256 only), as `npm run token` issues them. */
export class SharedSecretVerifier implements TokenVerifier {
  private readonly key: Uint8Array;

  /** `timeZone`: the company's, for the times in refusals. */
  constructor(
    secret: string,
    private readonly timeZone = 'Asia/Shanghai',
  ) {
    this.key = keyOf(secret);
  }

  async verify(token: string, now: Date): Promise<TokenClaims> {
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) {
      throw new TokenError('the token is not a JWT (three base64url parts separated by dots)');
    }
    const alg = algorithmOf(token);
    // Only HS256: "none" or an asymmetric algorithm would let a caller choose how the token is checked.
    if (alg !== ALGORITHM) throw new TokenError(`the token's algorithm must be HS256, not ${JSON.stringify(alg)}`);
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: [ALGORITHM], requiredClaims: ['exp'], currentDate: now }));
    } catch (err) {
      throw refusal(err, this.timeZone) ?? err;
    }
    return checkedClaims(payload, Math.floor(now.getTime() / 1000));
  }
}

const isSeconds = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** The claims of a verified token that are ours: one plain id, a known role, sensible times. */
function checkedClaims({ sub, role, iat, exp }: Record<string, unknown>, now: number): TokenClaims {
  if (typeof sub !== 'string' || !ACTOR_ID.test(sub)) throw new TokenError('the token\'s sub must be one plain id');
  if (!isRole(role)) throw new TokenError(`the token's role must be one of ${ROLES.join(', ')}`);
  if (!isSeconds(iat)) throw new TokenError('the token\'s iat must be a time in seconds');
  if (iat > now + CLOCK_SKEW_SECONDS) throw new TokenError('the token was issued in the future');
  if (!isSeconds(exp)) throw new TokenError('the token\'s exp must be a time in seconds');
  return { sub, role, iat, exp };
}
