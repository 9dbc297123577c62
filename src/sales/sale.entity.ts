import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Customer } from '../customers/customer.entity.js';
import type { SaleCancellationReason } from '../../workflows/callback-types.js';
import type { SaleDelivery } from '../../workflows/sale-types.js';

export const SALE_STATUSES = ['following', 'completed', 'cancelled'] as const;
export type SaleStatus = (typeof SALE_STATUSES)[number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A delivered sale under follow-up; its live process state is the `sale-<id>` workflow. */
@Entity({ tableName: 'sale' })
export class Sale {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string;

  @Property({ type: 'string', length: 64 })
  orderNo: string;

  @ManyToOne(() => Customer)
  customer: Customer;

  @Property({ type: 'string', length: 100 })
  productModel: string;

  @Property({ type: 'integer' })
  quantity: number;

  @Property({ type: 'date' })
  deliveredOn: string;

  @Property({ type: 'integer' })
  warrantyMonths: number;

  @Property({ type: 'string', length: 100 })
  salesOwner: string;

  @Property({ type: 'string', length: 100 })
  workflowId: string;

  @Property({ type: 'string', length: 16 })
  status: SaleStatus = 'following';

  @Property({ type: 'datetime' })
  registeredAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  cancelledAt: Date | null = null;

  @Property({ type: 'string', length: 16, nullable: true })
  cancellationReason: SaleCancellationReason | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  cancellationNote: string | null = null;

  /** How many corrections the sales system has made to the sale (PATCH /sales/:saleId). */
  @Property({ type: 'integer' })
  revision: number = 0;

  /** The delivery as the sales system last stated it, corrections included; null for sales registered before it was kept. */
  @Property({ type: 'json', nullable: true })
  delivery: SaleDelivery | null = null;

  constructor(props: {
    id: string;
    orderNo: string;
    customer: Customer;
    productModel: string;
    quantity: number;
    deliveredOn: string;
    warrantyMonths: number;
    salesOwner: string;
    workflowId: string;
    delivery?: SaleDelivery | null;
  }) {
    if (!ISO_DATE.test(props.deliveredOn)) throw new Error(`deliveredOn must be YYYY-MM-DD, got ${props.deliveredOn}`);
    if (!Number.isInteger(props.quantity) || props.quantity < 1) throw new Error('quantity must be a positive integer');
    if (!Number.isInteger(props.warrantyMonths) || props.warrantyMonths < 1) {
      throw new Error('warrantyMonths must be a positive integer');
    }
    this.id = props.id;
    this.orderNo = props.orderNo;
    this.customer = props.customer;
    this.productModel = props.productModel;
    this.quantity = props.quantity;
    this.deliveredOn = props.deliveredOn;
    this.warrantyMonths = props.warrantyMonths;
    this.salesOwner = props.salesOwner;
    this.workflowId = props.workflowId;
    this.delivery = props.delivery ?? null;
  }
}
