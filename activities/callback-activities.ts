import type { MikroORM } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/common';
import { Callback } from '../src/callbacks/callback.entity.js';
import { Sale } from '../src/sales/sale.entity.js';
import {
  FINAL_CALLBACK_STATUSES,
  type CallbackScheduleInput,
  type SaleCancellationReason,
} from '../workflows/callback-types.js';

export interface CallbackActivityDeps {
  orm: MikroORM;
}

const CANCELLATION_REASONS: readonly SaleCancellationReason[] = ['return', 'refund'];
const CANCELLATION_NOTE_MAX = 500;

// Bad input from the workflow is a bug a retry cannot fix: fail the activity for good, naming the field.
function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'InvalidCallbackInput');
}

function instant(value: string, name: string): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw invalid(`${name} must be an ISO 8601 instant, got ${value}`);
  return date;
}

const unknownCallback = (id: string) => ApplicationFailure.nonRetryable(`callback ${id} is not known`, 'UnknownCallback');
const unknownSale = (id: string) => ApplicationFailure.nonRetryable(`sale ${id} is not registered`, 'UnknownSale');

export function createCallbackActivities({ orm }: CallbackActivityDeps) {
  return {
    /**
     * Records the sale's planned callbacks. A row still 'scheduled' takes the new plan (a replanned due time);
     * a row already due, claimed or closed belongs to the agents and is left as it is.
     */
    async scheduleCallbacks(input: CallbackScheduleInput): Promise<void> {
      const em = orm.em.fork();
      const sale = await em.findOne(Sale, input.saleId);
      if (!sale) throw unknownSale(input.saleId);
      const callbacks = input.callbacks.map((entry) => {
        let callback: Callback;
        try {
          callback = new Callback({
            sale,
            kind: entry.kind,
            status: entry.status,
            nominalDate: entry.nominalDate,
            dueAt: entry.dueAt,
            late: entry.late,
            customerId: input.customerId,
            customerCategory: input.customerCategory,
          });
        } catch (err) {
          throw invalid(`callback ${entry.callbackId}: ${(err as Error).message}`);
        }
        if (callback.id !== entry.callbackId) {
          throw invalid(`callback ${entry.callbackId} of sale ${input.saleId} should be ${callback.id}`);
        }
        return callback;
      });
      if (callbacks.length === 0) return;
      await em.upsertMany(Callback, callbacks, {
        onConflictFields: ['id'],
        onConflictAction: 'merge',
        onConflictMergeFields: [
          'status',
          'nominalDate',
          'dueAt',
          'late',
          'customerId',
          'customerCategory',
          'openedAt',
          'closedAt',
          'updatedAt',
        ],
        onConflictWhere: { status: 'scheduled' },
      });
    },

    /**
     * A corrected delivery date or warranty length moved these callbacks, none of them opened yet: their rows take the
     * new plan. A row the agents already have (due or further) is left as it is; a retry changes nothing.
     */
    async replanCallbacks(input: { saleId: string; callbacks: { callbackId: string; nominalDate: string; dueAt: string; late: boolean }[] }): Promise<{ replanned: number }> {
      if (!Array.isArray(input.callbacks)) throw invalid('callbacks must be a list');
      const em = orm.em.fork();
      return em.transactional(async (tx) => {
        let replanned = 0;
        for (const entry of input.callbacks) {
          if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.nominalDate)) throw invalid(`callback ${entry.callbackId}: nominalDate must be YYYY-MM-DD`);
          if (typeof entry.late !== 'boolean') throw invalid(`callback ${entry.callbackId}: late must be true or false`);
          const dueAt = instant(entry.dueAt, 'dueAt');
          const updated = await tx.nativeUpdate(
            Callback,
            { id: entry.callbackId, sale: input.saleId, status: 'scheduled' },
            { nominalDate: entry.nominalDate, dueAt, late: entry.late, updatedAt: new Date() },
          );
          if (updated === 0 && (await tx.count(Callback, { id: entry.callbackId, sale: input.saleId })) === 0) throw unknownCallback(entry.callbackId);
          replanned += updated;
        }
        return { replanned };
      });
    },

    /** Puts the callback in the agents' queue; a retry, or a callback already due or further, changes nothing. */
    async openCallback(input: { callbackId: string; dueAt: string; late: boolean; openedAt: string }): Promise<void> {
      const dueAt = instant(input.dueAt, 'dueAt');
      const openedAt = instant(input.openedAt, 'openedAt');
      const em = orm.em.fork();
      const opened = await em.nativeUpdate(
        Callback,
        { id: input.callbackId, status: 'scheduled' },
        { status: 'due', dueAt, late: input.late, openedAt, updatedAt: new Date() },
      );
      if (opened === 0 && (await em.count(Callback, { id: input.callbackId })) === 0) {
        throw unknownCallback(input.callbackId);
      }
    },

    /**
     * The sale was returned or refunded: records the first cancellation and closes every callback still open.
     * Answers how many of the sale's callbacks are cancelled, the same number on a retry.
     */
    async cancelSaleFollowUp(input: {
      saleId: string;
      reason: SaleCancellationReason;
      note?: string;
      cancelledAt: string;
    }): Promise<{ cancelledCallbacks: number }> {
      if (!CANCELLATION_REASONS.includes(input.reason)) {
        throw invalid(`reason must be one of ${CANCELLATION_REASONS.join(', ')}, got ${input.reason}`);
      }
      if (input.note !== undefined && input.note.length > CANCELLATION_NOTE_MAX) {
        throw invalid(`note must be at most ${CANCELLATION_NOTE_MAX} characters`);
      }
      const cancelledAt = instant(input.cancelledAt, 'cancelledAt');
      const em = orm.em.fork();
      return em.transactional(async (tx) => {
        await tx.nativeUpdate(
          Sale,
          { id: input.saleId, cancelledAt: null },
          { status: 'cancelled', cancelledAt, cancellationReason: input.reason, cancellationNote: input.note ?? null },
        );
        const sale = await tx.findOne(Sale, input.saleId);
        if (!sale) throw unknownSale(input.saleId);
        // Callbacks close at the cancellation that counted, not at this (possibly later, retried) one.
        await tx.nativeUpdate(
          Callback,
          { sale: input.saleId, status: { $nin: [...FINAL_CALLBACK_STATUSES] } },
          { status: 'cancelled', closedAt: sale.cancelledAt, updatedAt: new Date() },
        );
        return { cancelledCallbacks: await tx.count(Callback, { sale: input.saleId, status: 'cancelled' }) };
      });
    },
  };
}

export type CallbackActivities = ReturnType<typeof createCallbackActivities>;
