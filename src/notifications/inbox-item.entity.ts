import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A notification in one person's inbox, in their language; only that person reads it. */
@Entity({ tableName: 'inbox_item' })
export class InboxItem {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'string', length: 200 })
  notificationKey!: string;

  @Property({ type: 'string', length: 100 })
  personId!: string;

  @Property({ type: 'string', length: 64 })
  kind!: string;

  @Property({ type: 'string', length: 300 })
  title!: string;

  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'text' })
  link!: string;

  @Property({ type: 'string', length: 64, nullable: true })
  saleId!: string | null;

  @Property({ type: 'string', length: 80, nullable: true })
  callbackId!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  caseNo!: string | null;

  @Property({ type: 'boolean' })
  urgent!: boolean;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  readAt!: Date | null;
}
