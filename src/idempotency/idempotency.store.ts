import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

/** A request's key seen for the first time: it runs. */
export interface FirstRequest {
  kind: 'first';
}
/** The key answered before: the same answer again. */
export interface AnsweredBefore {
  kind: 'answered';
  status: number;
  body: unknown;
}
/** The key was used for another request (another route or body). */
export interface OtherRequest {
  kind: 'other';
  method: string;
  path: string;
}
/** The first request with the key is still being answered. */
export interface InProgress {
  kind: 'in_progress';
}
export type KeyedRequest = FirstRequest | AnsweredBefore | OtherRequest | InProgress;

/** A request without an answer after this long was abandoned (its API process died): a repeat runs it again. */
const ABANDONED_AFTER_MS = 60_000;
const PURGE_EVERY_MS = 3_600_000;

interface Row {
  fingerprint: string;
  method: string;
  path: string;
  status_code: number | null;
  body: unknown;
  completed_at: Date | null;
  created_at: Date;
}

/** The answers to keyed requests, in PostgreSQL: kept for IDEMPOTENCY_KEY_RETENTION_DAYS, so a repeat is answered, not redone. */
@Injectable()
export class IdempotencyStore {
  private readonly retentionMs: number;
  private purgedAt = 0;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.retentionMs = config.IDEMPOTENCY_KEY_RETENTION_DAYS * 86_400_000;
  }

  /** Claims the key for this request, or says what became of the request that claimed it first. */
  async begin(callerId: string, key: string, request: { method: string; path: string; fingerprint: string }, now = new Date()): Promise<KeyedRequest> {
    await this.purgeExpired(now);
    const em = this.em.fork();
    const inserted = await em.execute<{ key: string }[]>(
      `insert into "idempotent_request" ("caller_id", "key", "method", "path", "fingerprint", "created_at")
       values (?, ?, ?, ?, ?, ?) on conflict ("caller_id", "key") do nothing returning "key"`,
      [callerId, key, request.method, request.path, request.fingerprint, now],
    );
    if (inserted.length > 0) return { kind: 'first' };
    const [row] = await em.execute<Row[]>(
      `select "fingerprint", "method", "path", "status_code", "body", "completed_at", "created_at"
         from "idempotent_request" where "caller_id" = ? and "key" = ?`,
      [callerId, key],
    );
    if (!row) return this.begin(callerId, key, request, now);
    if (row.fingerprint !== request.fingerprint) return { kind: 'other', method: row.method, path: row.path };
    if (row.completed_at !== null && row.status_code !== null) return { kind: 'answered', status: row.status_code, body: row.body };
    if (now.getTime() - new Date(row.created_at).getTime() < ABANDONED_AFTER_MS) return { kind: 'in_progress' };
    const taken = await em.execute<{ key: string }[]>(
      `update "idempotent_request" set "created_at" = ? where "caller_id" = ? and "key" = ? and "completed_at" is null and "created_at" = ?
       returning "key"`,
      [now, callerId, key, row.created_at],
    );
    return taken.length > 0 ? { kind: 'first' } : { kind: 'in_progress' };
  }

  /** Keeps the answer to the request that claimed the key. */
  async answered(callerId: string, key: string, status: number, body: unknown, now = new Date()): Promise<void> {
    await this.em.fork().execute(
      `update "idempotent_request" set "status_code" = ?, "body" = ?::jsonb, "completed_at" = ? where "caller_id" = ? and "key" = ?`,
      [status, JSON.stringify(body ?? null), now, callerId, key],
    );
  }

  /** The request failed in a way a repeat may not (a dependency was down): the key is free for the repeat. */
  async release(callerId: string, key: string): Promise<void> {
    await this.em.fork().execute(`delete from "idempotent_request" where "caller_id" = ? and "key" = ? and "completed_at" is null`, [callerId, key]);
  }

  private async purgeExpired(now: Date): Promise<void> {
    if (now.getTime() - this.purgedAt < PURGE_EVERY_MS) return;
    this.purgedAt = now.getTime();
    await this.em.fork().execute(`delete from "idempotent_request" where "created_at" < ?`, [new Date(now.getTime() - this.retentionMs)]);
  }
}
