import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Sale } from '../sales/sale.entity.js';
import { instant, oneOf, text } from '../common/invariants.js';

export const LEAD_STATUSES = ['new', 'contacted', 'won', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** A repurchase intent found in a callback, passed at once to the sale's sales owner (so the customer is not lost). */
@Entity({ tableName: 'lead' })
export class Lead {
  @PrimaryKey({ type: 'string', length: 100 })
  id: string;

  @ManyToOne(() => Sale)
  sale: Sale;

  @Property({ type: 'string', length: 64 })
  customerId: string;

  @Property({ type: 'string', length: 100 })
  salesOwner: string;

  /** What the customer would buy again, in the customer's words. */
  @Property({ type: 'text' })
  productInterest: string;

  @Property({ type: 'string', length: 16 })
  status: LeadStatus;

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(props: {
    id: string;
    sale: Sale;
    customerId: string;
    salesOwner: string;
    productInterest: string;
    createdAt: Date | string;
    status?: LeadStatus;
  }) {
    if (props.customerId !== props.sale.customer.id) {
      throw new Error(`customer ${props.customerId} is not the customer of sale ${props.sale.id}`);
    }
    this.id = text(props.id, 'leadId', 100);
    this.sale = props.sale;
    this.customerId = props.customerId;
    this.salesOwner = text(props.salesOwner, 'salesOwner', 100);
    this.productInterest = text(props.productInterest, 'productInterest', 10_000);
    this.status = oneOf(props.status ?? 'new', LEAD_STATUSES, 'status');
    this.createdAt = instant(props.createdAt, 'createdAt');
  }
}
