import { addCalendarMonths, addDays, toCompanyTime, utcOffsetMinutes } from '../../workflows/domain/company-time.js';
import type { SaleDelivery } from '../../workflows/sale-types.js';
import type { Customer } from '../customers/customer.entity.js';
import type { Sale } from './sale.entity.js';

export interface DeliveredOnPolicy {
  timeZone: string;
  /** Days after today a delivery date may lie. */
  futureDays: number;
  /** Years before today a delivery date may lie. */
  horizonYears: number;
}

const offsetOf = (timeZone: string): string => {
  const minutes = utcOffsetMinutes(timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
};

/**
 * Why a delivery date is not plausible, or nothing: a date far in the future would plan callbacks years away, and a
 * date decades ago would open every callback at once. `now` decides what today is, in company time.
 */
export function deliveredOnProblems(deliveredOn: string, policy: DeliveredOnPolicy, now: Date = new Date()): string[] {
  const today = toCompanyTime(now, policy.timeZone).date;
  const zone = `${policy.timeZone}, ${offsetOf(policy.timeZone)}`;
  const latest = addDays(today, policy.futureDays);
  if (deliveredOn > latest) {
    const days = policy.futureDays === 1 ? '1 day' : `${policy.futureDays} days`;
    return [`deliveredOn ${deliveredOn} is in the future: a delivery is reported once made, at most ${days} ahead (today is ${today} in company time, ${zone}; latest ${latest})`];
  }
  const earliest = addCalendarMonths(today, -12 * policy.horizonYears);
  if (deliveredOn < earliest) {
    return [`deliveredOn ${deliveredOn} is more than ${policy.horizonYears} years ago (earliest ${earliest}; today is ${today} in company time, ${zone}): check the date`];
  }
  return [];
}

/** Fields whose values are personal data: a difference is named, never echoed. */
const PERSONAL = /^(customer\.name|buyer\.|actualUser\.)/;
export const isPersonalField = (field: string): boolean => PERSONAL.test(field);

function flatten(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (value !== undefined && value !== null) {
    into.set(prefix, value);
  }
  return into;
}

export interface DeliveryDifference {
  field: string;
  problems: string[];
}

/** The fields in which `sent` differs from `recorded`, in dotted form (orderNo, buyer.phone, product.quantity). */
export function deliveryDifferences(recorded: SaleDelivery, sent: SaleDelivery, only?: ReadonlySet<string>): DeliveryDifference[] {
  const before = flatten(recorded, '', new Map());
  const after = flatten(sent, '', new Map());
  const fields = [...new Set([...before.keys(), ...after.keys()])].filter((f) => !only || only.has(f)).sort();
  return fields
    .filter((field) => before.get(field) !== after.get(field))
    .map((field) => ({
      field,
      problems: [
        PERSONAL.test(field)
          ? 'differs from the recorded delivery'
          : `recorded ${JSON.stringify(before.get(field) ?? null)}, sent ${JSON.stringify(after.get(field) ?? null)}`,
      ],
    }));
}

/** Fields a sale registered before deliveries were kept can be compared on: its own columns. */
export const LEGACY_COMPARED_FIELDS: ReadonlySet<string> = new Set([
  'saleId',
  'orderNo',
  'customer.id',
  'product.model',
  'product.quantity',
  'deliveredOn',
  'warrantyMonths',
  'salesOwner',
]);

/** The delivery a recorded sale stands for: as kept, or rebuilt from its columns for a sale recorded before that. */
export function recordedDelivery(sale: Sale & { customer: Customer }): { delivery: SaleDelivery; compared?: ReadonlySet<string> } {
  if (sale.delivery) return { delivery: sale.delivery };
  const { customer } = sale;
  return {
    delivery: {
      saleId: sale.id,
      orderNo: sale.orderNo,
      customer: { id: customer.id, name: customer.name, category: customer.category, keyAccount: customer.keyAccount },
      buyer: customer.buyer,
      product: { model: sale.productModel, quantity: sale.quantity },
      deliveredOn: sale.deliveredOn,
      warrantyMonths: sale.warrantyMonths,
      salesOwner: sale.salesOwner,
    },
    compared: LEGACY_COMPARED_FIELDS,
  };
}
