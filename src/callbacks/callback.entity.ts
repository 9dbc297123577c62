import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Sale } from '../sales/sale.entity.js';
import {
  CALLBACK_KINDS,
  CALLBACK_STATUSES,
  FINAL_CALLBACK_STATUSES,
  callbackId,
  type CallbackKind,
  type CallbackStatus,
} from '../../workflows/callback-types.js';
import { CUSTOMER_CATEGORIES, type CustomerCategory } from '../../workflows/sale-types.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function instant(value: Date | string, name: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`${name} must be an ISO 8601 instant, got ${String(value)}`);
  return date;
}

/**
 * One callback (回访) of a sale as the agents see it. The sale workflow decides when it is due;
 * this row is the record the agents' queue and the reports read.
 */
@Entity({ tableName: 'callback' })
export class Callback {
  @PrimaryKey({ type: 'string', length: 80 })
  id: string;

  @ManyToOne(() => Sale)
  sale: Sale;

  @Property({ type: 'string', length: 32 })
  kind: CallbackKind;

  @Property({ type: 'string', length: 16 })
  status: CallbackStatus;

  @Property({ type: 'date' })
  nominalDate: string;

  @Property({ type: 'datetime' })
  dueAt: Date;

  @Property({ type: 'boolean' })
  late: boolean;

  // Copied from the customer so that the agents' queue filters without a join.
  @Property({ type: 'string', length: 64 })
  customerId: string;

  @Property({ type: 'string', length: 32 })
  customerCategory: CustomerCategory;

  /** The agent who claimed the callback. */
  @Property({ type: 'string', length: 100, nullable: true })
  claimedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  claimedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  openedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  closedAt: Date | null = null;

  /** When a questionnaire went out instead of a call (the questionnaire return rate counts these). */
  @Property({ type: 'datetime', nullable: true })
  questionnaireSentAt: Date | null = null;

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'datetime', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(props: {
    sale: Sale;
    kind: CallbackKind;
    status?: CallbackStatus;
    nominalDate: string;
    dueAt: Date | string;
    late: boolean;
    customerId: string;
    customerCategory: CustomerCategory;
  }) {
    if (!CALLBACK_KINDS.includes(props.kind)) throw new Error(`unknown callback kind ${props.kind}`);
    const status = props.status ?? 'scheduled';
    if (!CALLBACK_STATUSES.includes(status)) throw new Error(`unknown callback status ${status}`);
    if (status === 'claimed') throw new Error('a callback is claimed by an agent, it cannot be recorded as claimed');
    if (!ISO_DATE.test(props.nominalDate)) throw new Error(`nominalDate must be YYYY-MM-DD, got ${props.nominalDate}`);
    if (!CUSTOMER_CATEGORIES.includes(props.customerCategory)) {
      throw new Error(`unknown customer category ${props.customerCategory}`);
    }
    this.id = callbackId(props.sale.id, props.kind);
    this.sale = props.sale;
    this.kind = props.kind;
    this.status = status;
    this.nominalDate = props.nominalDate;
    this.dueAt = instant(props.dueAt, 'dueAt');
    this.late = props.late;
    this.customerId = props.customerId;
    this.customerCategory = props.customerCategory;
    // A callback recorded already past 'scheduled' was opened (and maybe closed) when it was recorded.
    if (status !== 'scheduled') this.openedAt = this.createdAt;
    if (FINAL_CALLBACK_STATUSES.includes(status)) this.closedAt = this.createdAt;
  }
}
