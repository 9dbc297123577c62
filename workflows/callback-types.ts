// Plain, serialisable shapes of a sale's callbacks (回访), shared by the API, workflows and activities.
import type { CallbackKind } from './domain/due-times.js';
import type { CustomerCategory } from './sale-types.js';

export type { CallbackKind } from './domain/due-times.js';
export const CALLBACK_KINDS = ['first_30_days', 'second_3_months', 'warranty_expiry'] as const satisfies readonly CallbackKind[];

/** scheduled → due (in the agents' queue) → claimed → completed | unreachable | refused; or cancelled with the sale. */
export const CALLBACK_STATUSES = ['scheduled', 'due', 'claimed', 'completed', 'unreachable', 'refused', 'cancelled'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];
export const FINAL_CALLBACK_STATUSES: readonly CallbackStatus[] = ['completed', 'unreachable', 'refused', 'cancelled'];

/** Readable, stable id of a sale's n-th callback: S-2026-0001-C1, -C2, -C3. */
export function callbackId(saleId: string, kind: CallbackKind): string {
  return `${saleId}-C${CALLBACK_KINDS.indexOf(kind) + 1}`;
}

/** One callback as the sale workflow plans it and the activities record it. */
export interface CallbackPlanEntry {
  callbackId: string;
  kind: CallbackKind;
  /** The local date the rule names (delivery + 30 days, + 3 months, + warranty). */
  nominalDate: string;
  /** ISO 8601 UTC: when the callback enters the agents' queue. */
  dueAt: string;
  /** Sale reported after this callback's due time: due at once. */
  late: boolean;
  status: CallbackStatus;
}

/** What the activities need to write a sale's callbacks. */
export interface CallbackScheduleInput {
  saleId: string;
  customerId: string;
  customerCategory: CustomerCategory;
  callbacks: CallbackPlanEntry[];
}

export type SaleCancellationReason = 'return' | 'refund';
