import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * A state-changing request sent with an Idempotency-Key: which request it was (method, path and a hash of its body)
 * and, once it has been answered, the answer (status and body), which every repeat of it gets.
 */
@Entity({ tableName: 'idempotent_request' })
export class IdempotentRequest {
  @PrimaryKey({ type: 'string', length: 100 })
  callerId!: string;

  @PrimaryKey({ type: 'string', length: 200 })
  key!: string;

  @Property({ type: 'string', length: 8 })
  method!: string;

  @Property({ type: 'string', length: 500 })
  path!: string;

  /** SHA-256 of the method, path and body, in hex. */
  @Property({ type: 'string', length: 64 })
  fingerprint!: string;

  @Property({ type: 'integer', nullable: true })
  statusCode: number | null = null;

  @Property({ type: 'json', nullable: true })
  body: unknown = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  /** Null while the first request is still being answered. */
  @Property({ type: 'datetime', nullable: true })
  completedAt: Date | null = null;
}
