import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { oneOf, text } from '../common/invariants.js';

export const SESSION_END_REASONS = ['logout', 'deactivated', 'password_changed', 'password_reset'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/**
 * A person's signed-in browser. The cookie holds a random token; the row is keyed by its SHA-256, carries the CSRF
 * token the browser must echo, and ends for good at logout, deactivation or a password change.
 */
@Entity({ tableName: 'session' })
export class Session {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string;

  @Property({ type: 'string', length: 100 })
  personId: string;

  @Property({ type: 'string', length: 64, hidden: true })
  csrfToken: string;

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime' })
  lastSeenAt: Date;

  /** The absolute end, however busy the session is. */
  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Property({ type: 'datetime', nullable: true })
  endedAt: Date | null = null;

  @Property({ type: 'string', length: 32, nullable: true })
  endReason: SessionEndReason | null = null;

  constructor(props: { id: string; personId: string; csrfToken: string; createdAt: Date; expiresAt: Date }) {
    if (!/^[0-9a-f]{64}$/.test(props.id)) throw new Error('id must be the SHA-256 of the session token, in hex');
    this.id = props.id;
    this.personId = text(props.personId, 'personId', 100);
    this.csrfToken = text(props.csrfToken, 'csrfToken', 64);
    this.createdAt = props.createdAt;
    this.lastSeenAt = props.createdAt;
    if (props.expiresAt <= props.createdAt) throw new Error('expiresAt must be after createdAt');
    this.expiresAt = props.expiresAt;
  }

  end(reason: SessionEndReason, at: Date): void {
    if (this.endedAt !== null) return;
    this.endReason = oneOf(reason, SESSION_END_REASONS, 'reason');
    this.endedAt = at;
  }
}
