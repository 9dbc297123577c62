import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../common/clock.js';
import { ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError } from '../common/errors.js';
import { fieldsBadRequest } from '../common/validation.js';
import { Person } from '../directory/person.entity.js';
import { PersonCredential } from './credential.entity.js';
import { dummyHash, hashPassword, needsRehash, passwordProblem, verifyPassword } from './passwords.js';
import type { Session } from './session.entity.js';
import { endSessionsOf, SessionsService } from './sessions.service.js';
import { SignInThrottle } from './sign-in-throttle.js';

/** The one answer to a wrong user name, a wrong password, a deactivated person and a person without a password. */
export const WRONG_CREDENTIALS = 'the user name or the password is wrong';

export interface SignedIn {
  token: string;
  session: Session;
  person: Person;
}

/** Signing people in with their password, and setting, resetting and changing passwords. */
@Injectable()
export class SignInService {
  constructor(
    private readonly em: EntityManager,
    private readonly sessions: SessionsService,
    private readonly throttle: SignInThrottle,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A new session for the person whose user name and password these are. Every failure answers the same, and takes
   * as long (a dummy hash is verified for an unknown name); repeated failures are slowed, then locked.
   */
  async signIn(username: string, password: string, address: string): Promise<SignedIn> {
    const now = this.clock.now();
    const keys = this.throttle.keys(username, address);
    await this.refuseWhileThrottled(keys, now);
    const em = this.em.fork();
    const [person, credential] = await Promise.all([
      em.findOne(Person, { id: username }, { populate: ['department'] }),
      em.findOne(PersonCredential, { personId: username }),
    ]);
    const matches = await verifyPassword(credential?.passwordHash ?? (await dummyHash()), password);
    if (!matches || !credential || !person?.active) {
      await this.throttle.failed(keys, now);
      throw new UnauthorizedError(WRONG_CREDENTIALS);
    }
    await this.throttle.succeeded(username);
    if (needsRehash(credential.passwordHash)) {
      credential.passwordHash = await hashPassword(password);
      await em.flush();
    }
    const { token, session } = await this.sessions.open(person.id, now);
    return { token, session, person };
  }

  /** The person changes their own password; their other sessions end. */
  async changeOwn(personId: string, currentPassword: string, newPassword: string, keepSessionId: string | null, address: string): Promise<void> {
    const now = this.clock.now();
    const keys = this.throttle.keys(personId, address);
    await this.refuseWhileThrottled(keys, now);
    const em = this.em.fork();
    const person = await em.findOne(Person, { id: personId });
    if (!person) throw new ForbiddenError(`${personId} is not a person of the staff directory; only people have passwords`);
    const credential = await em.findOne(PersonCredential, { personId });
    if (!credential) throw new ForbiddenError(`${personId} has no password yet; an administrator sets the first one`);
    if (!(await verifyPassword(credential.passwordHash, currentPassword))) {
      await this.throttle.failed(keys, now);
      throw new ForbiddenError('currentPassword is not your current password');
    }
    const problem = passwordProblem(newPassword, personId);
    if (problem) throw fieldsBadRequest([{ field: 'newPassword', problems: [`newPassword ${problem}`] }]);
    if (newPassword === currentPassword) throw fieldsBadRequest([{ field: 'newPassword', problems: ['newPassword must differ from the current one'] }]);
    await this.throttle.succeeded(personId);
    credential.passwordHash = await hashPassword(newPassword);
    credential.changedAt = now;
    credential.changedBy = personId;
    await em.transactional(async (tx) => {
      tx.persist(credential);
      await tx.flush();
      await endSessionsOf(tx, personId, 'password_changed', now, keepSessionId);
    });
  }

  /** An administrator sets or resets a person's password: every session of theirs ends. */
  async setPassword(personId: string, password: string, administratorId: string): Promise<void> {
    const now = this.clock.now();
    const problem = passwordProblem(password, personId);
    if (problem) throw fieldsBadRequest([{ field: 'password', problems: [`password ${problem}`] }]);
    const em = this.em.fork();
    if (!(await em.findOne(Person, { id: personId }))) throw new NotFoundError(`nobody with id ${personId} is in the staff directory`);
    const passwordHash = await hashPassword(password);
    await em.transactional(async (tx) => {
      await tx.upsert(PersonCredential, { personId, passwordHash, changedAt: now, changedBy: administratorId });
      await endSessionsOf(tx, personId, 'password_reset', now);
    });
  }

  private async refuseWhileThrottled(keys: ReturnType<SignInThrottle['keys']>, now: Date): Promise<void> {
    const until = await this.throttle.waitUntil(keys, now);
    if (!until) return;
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    throw new TooManyRequestsError(`too many failed sign-ins: try again in ${seconds} s`, seconds);
  }
}
