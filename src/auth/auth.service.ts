import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { Role } from './roles.js';
import { signToken, verifyToken, type TokenClaims } from './token.js';

/** The authenticated caller of a request. */
export interface Caller {
  id: string;
  role: Role;
}

export interface TokenRequest {
  sub: string;
  role: Role;
  /** Days until the token expires; none for a token without `exp`. */
  days?: number;
}

const DAY_SECONDS = 86_400;

/** A token for the request, signed with the secret; `now` in milliseconds. */
export function issueToken(secret: string, { sub, role, days }: TokenRequest, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  return signToken({ sub, role, iat, ...(days === undefined ? {} : { exp: iat + Math.round(days * DAY_SECONDS) }) }, secret);
}

/** Issues and checks the API's bearer tokens with AUTH_TOKEN_SECRET. */
@Injectable()
export class AuthService {
  private readonly secret: string;
  private readonly timeZone: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.secret = config.AUTH_TOKEN_SECRET;
    this.timeZone = config.COMPANY_TIME_ZONE;
  }

  sign(request: TokenRequest, now = Date.now()): string {
    return issueToken(this.secret, request, now);
  }

  /** The caller the token names; a TokenError saying what is wrong when it is forged, expired or malformed. */
  verify(token: string, now = Date.now()): Caller & Pick<TokenClaims, 'iat' | 'exp'> {
    const { sub, role, iat, exp } = verifyToken(token, this.secret, Math.floor(now / 1000), this.timeZone);
    return { id: sub, role, iat, ...(exp === undefined ? {} : { exp }) };
  }
}
