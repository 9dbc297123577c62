// Plain, serialisable shapes of a sale's callbacks (回访), shared by the API, workflows and activities.
import type { CallbackKind } from './domain/due-times.js';
import type { CustomerCategory } from './customer-types.js';

export type { CallbackKind } from './domain/due-times.js';
export const CALLBACK_KINDS = ['first_30_days', 'second_3_months', 'warranty_expiry'] as const satisfies readonly CallbackKind[];

/**
 * scheduled → due (in the agents' queue) → claimed → completed | unreachable | refused; or cancelled with the sale.
 * A busy customer or an unanswered call sends it back to scheduled for a later time; a questionnaire sent
 * instead of a call waits in `questionnaire` for its return.
 */
export const CALLBACK_STATUSES = ['scheduled', 'due', 'claimed', 'questionnaire', 'completed', 'unreachable', 'refused', 'cancelled'] as const;
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
  /** The agent who has it, while claimed or awaiting a questionnaire. */
  claimedBy?: string | null;
  /** Calls made so far, and how many of them went unanswered. */
  attempts?: number;
  unanswered?: number;
  /** The time a busy customer chose; the callback re-opens exactly then. */
  agreedTime?: string;
  /** When a questionnaire went out instead of a call, and whether it was chased. */
  questionnaireSentAt?: string;
  questionnaireChased?: boolean;
}

/** What the activities need to write a sale's callbacks. */
export interface CallbackScheduleInput {
  saleId: string;
  customerId: string;
  customerCategory: CustomerCategory;
  callbacks: CallbackPlanEntry[];
}

export type SaleCancellationReason = 'return' | 'refund';

/** The sale a callback id belongs to (the inverse of callbackId). */
export function saleIdOfCallback(id: string): string | null {
  const match = /^(.+)-C[1-3]$/.exec(id);
  return match ? match[1] : null;
}
