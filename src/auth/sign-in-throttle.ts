import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** One thing failed sign-ins are counted against: the user name given (known or not), or the client address. */
export interface ThrottleKey {
  key: string;
  lockAfter: number;
}

interface Row {
  key: string;
  failures: number;
  last_failure_at: Date;
}

/**
 * Repeated failures are slowed, then locked. The two failures before the one that locks each make the next try wait
 * (SIGN_IN_SLOWDOWN_SECONDS, then twice that); at the lock, nothing is tried for SIGN_IN_LOCK_MINUTES. Failures older
 * than the lock period are forgotten. Kept in PostgreSQL, so every API process and a restart see the same counts.
 */
@Injectable()
export class SignInThrottle {
  private readonly lockMs: number;
  private readonly slowdownMs: number;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.lockMs = config.SIGN_IN_LOCK_MINUTES * 60_000;
    this.slowdownMs = config.SIGN_IN_SLOWDOWN_SECONDS * 1000;
  }

  keys(username: string, address: string): ThrottleKey[] {
    return [
      { key: `user:${username}`, lockAfter: this.config.SIGN_IN_LOCK_AFTER },
      { key: `address:${address}`, lockAfter: this.config.SIGN_IN_ADDRESS_LOCK_AFTER },
    ];
  }

  /** When the next try is allowed, or null when it is allowed now. */
  async waitUntil(keys: ThrottleKey[], now: Date): Promise<Date | null> {
    const rows = await this.em
      .getConnection()
      .execute<Row[]>('select "key", "failures", "last_failure_at" from "sign_in_throttle" where "key" in (?)', [keys.map((k) => k.key)]);
    let until: number | null = null;
    for (const row of rows) {
      const { lockAfter } = keys.find((k) => k.key === row.key)!;
      const last = new Date(row.last_failure_at).getTime();
      if (last + this.lockMs <= now.getTime()) continue;
      const wait = this.waitAfter(row.failures, lockAfter);
      if (wait > 0 && last + wait > now.getTime()) until = Math.max(until ?? 0, last + wait);
    }
    return until === null ? null : new Date(until);
  }

  /** The wait after this many failures in a row. */
  private waitAfter(failures: number, lockAfter: number): number {
    if (failures >= lockAfter) return this.lockMs;
    // With a lock after 5: the 3rd failure makes the next try wait 5 s, the 4th 10 s.
    const slowed = failures - (lockAfter - 3);
    return slowed >= 1 ? Math.min(this.lockMs, this.slowdownMs * 2 ** (slowed - 1)) : 0;
  }

  /** Counts a failure against each key; a count whose last failure is older than the lock period starts again. */
  async failed(keys: ThrottleKey[], now: Date): Promise<void> {
    const forgetBefore = new Date(now.getTime() - this.lockMs);
    for (const { key } of keys) {
      await this.em.getConnection().execute(
        `insert into "sign_in_throttle" ("key", "failures", "last_failure_at") values (?, 1, ?)
         on conflict ("key") do update set
           "failures" = case when "sign_in_throttle"."last_failure_at" <= ? then 1 else "sign_in_throttle"."failures" + 1 end,
           "last_failure_at" = excluded."last_failure_at"`,
        [key, now, forgetBefore],
      );
    }
  }

  /** A successful sign-in clears the user name's count (not the address's: one good account must not reset it). */
  async succeeded(username: string): Promise<void> {
    await this.em.getConnection().execute('delete from "sign_in_throttle" where "key" = ?', [`user:${username}`]);
  }
}
