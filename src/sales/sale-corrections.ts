import { randomUUID } from 'node:crypto';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { Callback } from '../callbacks/callback.entity.js';
import { Customer } from '../customers/customer.entity.js';
import { FINAL_CALLBACK_STATUSES } from '../../workflows/callback-types.js';
import type { ContactPerson, CustomerCategory } from '../../workflows/customer-types.js';
import type { SaleCorrectionRequest, SaleDelivery } from '../../workflows/sale-types.js';
import { deliveryDifferences, isPersonalField } from './delivery-checks.js';
import { SaleCorrection, type SaleFieldChange } from './sale-correction.entity.js';
import { Sale } from './sale.entity.js';

/** What a correction may change, as plain data: only the fields given change; a contact is replaced whole. */
export interface SalePatch {
  orderNo?: string;
  customer?: { name?: string; category?: CustomerCategory; keyAccount?: boolean; region?: string; industry?: string };
  buyer?: ContactPerson;
  actualUser?: ContactPerson;
  product?: { model?: string; quantity?: number };
  deliveredOn?: string;
  warrantyMonths?: number;
  salesOwner?: string;
}

export interface RecordedCorrection {
  /** The sale's corrections so far; unchanged when nothing differed. */
  revision: number;
  changed: string[];
  /** What the sale's workflow needs to know, the sale as it now stands (no contacts). */
  forWorkflow: SaleCorrectionRequest;
}

const defined = <T extends object>(value: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The delivery a correction starts from: as kept, or rebuilt from the sale's and customer's rows for an older sale. */
function currentDelivery(sale: Sale): SaleDelivery {
  if (sale.delivery) return sale.delivery;
  const { customer } = sale;
  return JSON.parse(
    JSON.stringify({
      saleId: sale.id,
      orderNo: sale.orderNo,
      customer: {
        id: customer.id,
        name: customer.name,
        category: customer.category,
        keyAccount: customer.keyAccount,
        region: customer.region ?? undefined,
        industry: customer.industry ?? undefined,
      },
      buyer: customer.buyer,
      actualUser: customer.actualUser ?? undefined,
      product: { model: sale.productModel, quantity: sale.quantity },
      deliveredOn: sale.deliveredOn,
      warrantyMonths: sale.warrantyMonths,
      salesOwner: sale.salesOwner,
    }),
  ) as SaleDelivery;
}

export function corrected(delivery: SaleDelivery, patch: SalePatch): SaleDelivery {
  const next: SaleDelivery = {
    ...delivery,
    ...defined({ orderNo: patch.orderNo, deliveredOn: patch.deliveredOn, warrantyMonths: patch.warrantyMonths, salesOwner: patch.salesOwner }),
    customer: { ...delivery.customer, ...defined(patch.customer) },
    product: { ...delivery.product, ...defined(patch.product) },
    buyer: patch.buyer ? { ...defined(patch.buyer) } as ContactPerson : delivery.buyer,
  };
  if (patch.actualUser) next.actualUser = { ...defined(patch.actualUser) } as ContactPerson;
  return next;
}

/** The value at a dotted path, e.g. product.quantity. */
const valueAt = (delivery: SaleDelivery, field: string): unknown =>
  field.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], delivery);

const forWorkflow = (sale: Sale, delivery: SaleDelivery): SaleCorrectionRequest => ({
  revision: sale.revision,
  orderNo: delivery.orderNo,
  productModel: delivery.product.model,
  customerCategory: delivery.customer.category,
  deliveredOn: delivery.deliveredOn,
  warrantyMonths: delivery.warrantyMonths,
  salesOwner: delivery.salesOwner,
});

/**
 * Records a correction of a sale in one transaction: the sale's row and its kept delivery, the customer's row for a
 * segment or contact, the open callbacks' copy of the segment, and the correction itself as the sale's next revision.
 * Nothing differs: nothing is written. Null for an unknown sale.
 */
export async function recordSaleCorrection(
  em: EntityManager,
  saleId: string,
  patch: SalePatch,
  correctedBy: string,
  now: Date = new Date(),
): Promise<RecordedCorrection | null> {
  return em.transactional(async (tx) => {
    const sale = await tx.findOne(Sale, saleId, { populate: ['customer'], lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!sale) return null;
    const before = currentDelivery(sale);
    const after = corrected(before, patch);
    const changed = deliveryDifferences(before, after).map((d) => d.field);
    if (changed.length === 0) return { revision: sale.revision, changed, forWorkflow: forWorkflow(sale, before) };

    sale.revision += 1;
    Object.assign(sale, {
      orderNo: after.orderNo,
      productModel: after.product.model,
      quantity: after.product.quantity,
      deliveredOn: after.deliveredOn,
      warrantyMonths: after.warrantyMonths,
      salesOwner: after.salesOwner,
      delivery: after,
    });
    if (changed.some((field) => /^(customer|buyer|actualUser)\./.test(field))) {
      Object.assign(sale.customer, {
        name: after.customer.name,
        category: after.customer.category,
        keyAccount: after.customer.keyAccount,
        region: after.customer.region ?? null,
        industry: after.customer.industry ?? null,
        buyer: after.buyer,
        actualUser: after.actualUser ?? null,
      } satisfies Partial<Customer>);
    }
    if (changed.includes('customer.category')) {
      // The agents' queue filters by the copy on each callback still to be made.
      await tx.nativeUpdate(
        Callback,
        { customerId: sale.customer.id, status: { $nin: [...FINAL_CALLBACK_STATUSES] } },
        { customerCategory: after.customer.category, updatedAt: now },
      );
    }
    const changes: SaleFieldChange[] = changed.map((field) =>
      isPersonalField(field) ? { field } : { field, before: valueAt(before, field) ?? null, after: valueAt(after, field) ?? null },
    );
    tx.persist(new SaleCorrection({ id: randomUUID(), sale, revision: sale.revision, changes, correctedBy, correctedAt: now }));
    await tx.flush();
    return { revision: sale.revision, changed, forWorkflow: forWorkflow(sale, after) };
  });
}
