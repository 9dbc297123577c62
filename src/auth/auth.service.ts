import { Inject, Injectable } from '@nestjs/common';
import type { Role } from './roles.js';
import { signToken, TokenError, type TokenClaims, type TokenVerifier } from './token.js';

/** The authenticated caller of a request: who, the role they act in on this route, and all their roles. */
export interface Caller {
  id: string;
  role: Role;
  roles: Role[];
}

export interface TokenRequest {
  sub: string;
  role: Role;
  /** Days until the token expires (it always does). */
  days: number;
}

const DAY_SECONDS = 86_400;
/** The longest a token may live: ten years. */
export const MAX_TOKEN_DAYS = 3650;

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** A bearer token for the request, signed with the secret; `now` in milliseconds. */
export async function issueToken(secret: string, { sub, role, days }: TokenRequest, now = Date.now()): Promise<string> {
  if (!(Number.isFinite(days) && days > 0 && days <= MAX_TOKEN_DAYS)) throw new TokenError(`days must be above 0 and at most ${MAX_TOKEN_DAYS}`);
  const iat = Math.floor(now / 1000);
  return signToken({ sub, role, iat, exp: iat + Math.max(1, Math.round(days * DAY_SECONDS)) }, secret);
}

/** Checks the API's bearer tokens (service accounts, operators' tools, tests) with the configured verifier. */
@Injectable()
export class AuthService {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  /** The caller the token names; a TokenError saying what is wrong when it is forged, expired or malformed. */
  async verify(token: string, now: Date): Promise<Omit<Caller, 'roles'> & Pick<TokenClaims, 'iat' | 'exp'>> {
    const { sub, role, iat, exp } = await this.verifier.verify(token, now);
    return { id: sub, role, iat, exp };
  }
}
