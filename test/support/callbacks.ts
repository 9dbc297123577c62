import { CALLBACK_KINDS, callbackId, type CallbackPlanEntry, type CallbackScheduleInput } from '../../workflows/callback-types.js';
import type { SaleDelivery } from '../../workflows/sale-types.js';

const NOMINAL_DATES = ['2026-12-20', '2027-02-20', '2027-11-20'];

/**
 * The three callbacks of a delivered sale as the sale workflow would plan them, due an hour apart from
 * `firstDueAt` (real due times are months apart; tests only need them distinct and ordered).
 */
export function aSchedule(
  delivery: SaleDelivery,
  firstDueAt = '2026-12-21T02:00:00.000Z',
  change: (entry: CallbackPlanEntry, index: number) => Partial<CallbackPlanEntry> = () => ({}),
): CallbackScheduleInput {
  const start = Date.parse(firstDueAt);
  return {
    saleId: delivery.saleId,
    customerId: delivery.customer.id,
    customerCategory: delivery.customer.category,
    callbacks: CALLBACK_KINDS.map((kind, index) => {
      const entry: CallbackPlanEntry = {
        callbackId: callbackId(delivery.saleId, kind),
        kind,
        nominalDate: NOMINAL_DATES[index]!,
        dueAt: new Date(start + index * 3_600_000).toISOString(),
        late: false,
        status: 'scheduled',
      };
      return { ...entry, ...change(entry, index) };
    }),
  };
}
