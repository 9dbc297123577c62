import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { CookieOptions } from 'express';
import { ForbiddenError, UnauthorizedError } from '../common/errors.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Person } from '../directory/person.entity.js';
import { Session, type SessionEndReason } from './session.entity.js';

export const SESSION_COOKIE = 'aftercare_session';
export const CSRF_HEADER = 'x-csrf-token';

/** A session's last use is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A live session and the active person it belongs to. */
export interface OpenSession {
  session: Session;
  person: Person;
}

/** Why a cookie opens nothing; the message is safe to show. */
export type SessionRefusal = 'unknown' | 'ended' | 'idle' | 'expired' | 'inactive';

const REFUSALS: Record<SessionRefusal, string> = {
  unknown: 'the session is not known (signed out elsewhere or never signed in)',
  ended: 'the session has ended',
  idle: 'the session ended after being idle too long',
  expired: 'the session has reached its maximum lifetime',
  inactive: 'the session has ended',
};

export class SessionRefused extends Error {
  constructor(readonly reason: SessionRefusal) {
    super(`${REFUSALS[reason]}: sign in again with POST /auth/login`);
  }
}

/** Ends every live session of the person (deactivation, a password change or reset); answers how many ended. */
export function endSessionsOf(em: EntityManager, personId: string, reason: SessionEndReason, now: Date, except: string | null = null): Promise<number> {
  return em.nativeUpdate(Session, { personId, endedAt: null, ...(except ? { id: { $ne: except } } : {}) }, { endedAt: now, endReason: reason });
}

/** Server-side sessions for people signed in through a browser: opened at sign-in, checked on every request. */
@Injectable()
export class SessionsService {
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly secure: boolean;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.idleMs = config.SESSION_IDLE_MINUTES * 60_000;
    this.absoluteMs = config.SESSION_ABSOLUTE_HOURS * 3_600_000;
    this.secure = new URL(config.APP_BASE_URL).protocol === 'https:';
  }

  /** The cookie for a session token; SameSite=Lax so that a link from an e-mail opens the app signed in. */
  cookieOptions(expiresAt?: Date): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/', ...(expiresAt ? { expires: expiresAt } : {}) };
  }

  /** A new session for the person: the token for the cookie (never stored) and the stored row. */
  async open(personId: string, now: Date): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const session = new Session({
      id: digest(token),
      personId,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.absoluteMs),
    });
    const em = this.em.fork();
    // The person's dead sessions go with each new one, so the table holds live sessions and recent ends only.
    await em.nativeDelete(Session, { personId, $or: [{ expiresAt: { $lt: now } }, { endedAt: { $lt: new Date(now.getTime() - this.absoluteMs) } }] });
    await em.persist(session).flush();
    return { token, session };
  }

  /** The live session of a cookie's token and its person, touched; SessionRefused saying why otherwise. */
  async resolve(token: string, now: Date): Promise<OpenSession> {
    const em = this.em.fork();
    const session = await em.findOne(Session, { id: digest(token) });
    if (!session) throw new SessionRefused('unknown');
    if (session.endedAt !== null) throw new SessionRefused('ended');
    if (session.expiresAt <= now) throw new SessionRefused('expired');
    if (session.lastSeenAt.getTime() + this.idleMs <= now.getTime()) throw new SessionRefused('idle');
    const person = await em.findOne(Person, { id: session.personId }, { populate: ['department'] });
    // Deactivation ends sessions too; this is the check that holds even if that write was lost.
    if (!person || !person.active) throw new SessionRefused('inactive');
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      session.lastSeenAt = now;
      await em.flush();
    }
    return { session, person };
  }

  /** Whether the header carries the session's CSRF token (compared in constant time). */
  csrfMatches(session: Session, header: string | string[] | undefined): boolean {
    if (typeof header !== 'string') return false;
    const given = Buffer.from(header);
    const expected = Buffer.from(session.csrfToken);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** The live session of the cookie, for GET /auth/session; UnauthorizedError saying why there is none. */
  async current(token: string | null, now: Date): Promise<OpenSession> {
    if (!token) throw new UnauthorizedError('not signed in: sign in with POST /auth/login');
    try {
      return await this.resolve(token, now);
    } catch (err) {
      if (err instanceof SessionRefused) throw new UnauthorizedError(err.message);
      throw err;
    }
  }

  /**
   * Logout: ends the cookie's live session, which needs its CSRF token (else a page on another site could sign the
   * person out); without a live session there is nothing to end.
   */
  async signOut(token: string | null, csrfHeader: string | string[] | undefined, now: Date): Promise<void> {
    if (!token) return;
    const open = await this.resolve(token, now).catch((err: unknown) => {
      if (err instanceof SessionRefused) return null;
      throw err;
    });
    if (!open) return;
    if (!this.csrfMatches(open.session, csrfHeader)) throw new ForbiddenError('signing out needs the header X-CSRF-Token: <csrfToken> of the session');
    await this.em.fork().nativeUpdate(Session, { id: open.session.id, endedAt: null }, { endedAt: now, endReason: 'logout' });
  }

}
