import { ApplicationFailure } from '@temporalio/common';
import { FINAL_CALLBACK_STATUSES, type CallbackScheduleInput, type CallbackStatus } from '../../workflows/callback-types.js';
import { CHINA_CALENDAR } from '../../workflows/domain/business-calendar.js';
import { CALL_WINDOWS } from '../../workflows/domain/call-windows.js';
import type { Gate } from './gates.js';
import { uniqueId } from './fixtures.js';

const TIME_ZONE = 'Asia/Shanghai';

/** The callback rows as the real activities keep them (the same transitions, in memory), and a gate per activity. */
export function inMemorySaleActivities() {
  const rows = new Map<string, { status: CallbackStatus; claimedBy: string | null; attempts: number }>();
  const gates: Record<string, Gate> = {};
  const calls: Record<string, unknown[]> = {};
  const row = (id: string) => rows.get(id)!;
  const isFinal = (id: string) => FINAL_CALLBACK_STATUSES.includes(row(id).status);
  const held = async (name: string, input: unknown) => {
    (calls[name] ??= []).push(input);
    await gates[name]?.pass();
  };
  const activities = {
    registerSale: async () => ({ registeredAt: new Date().toISOString() }),
    followUpSettings: async () => ({ timeZone: TIME_ZONE, calendar: CHINA_CALENDAR, callWindows: CALL_WINDOWS.map((w) => ({ ...w })) }),
    scheduleCallbacks: async ({ callbacks }: CallbackScheduleInput) => {
      for (const c of callbacks) rows.set(c.callbackId, { status: 'scheduled', claimedBy: null, attempts: 0 });
    },
    openCallback: async ({ callbackId }: { callbackId: string }) => {
      if (row(callbackId).status === 'scheduled') row(callbackId).status = 'due';
    },
    claimCallback: async (input: { callbackId: string; agentId: string }) => {
      await held('claimCallback', input);
      const r = row(input.callbackId);
      if (r.status === 'claimed' && r.claimedBy === input.agentId) return;
      if (r.status !== 'due') throw ApplicationFailure.nonRetryable(`callback ${input.callbackId} is ${r.status}`, 'CallbackFinished');
      Object.assign(r, { status: 'claimed', claimedBy: input.agentId });
    },
    recordCallAttempt: async (input: { callbackId: string }) => {
      await held('recordCallAttempt', input);
      row(input.callbackId).attempts += 1;
    },
    rescheduleCallback: async (input: { callbackId: string }) => {
      await held('rescheduleCallback', input);
      if (!isFinal(input.callbackId)) Object.assign(row(input.callbackId), { status: 'scheduled', claimedBy: null });
    },
    closeCallback: async (input: { callbackId: string; status: CallbackStatus }) => {
      await held('closeCallback', input);
      if (!isFinal(input.callbackId)) row(input.callbackId).status = input.status;
    },
    recordSurvey: async (input: unknown) => held('recordSurvey', input),
    markQuestionnaireSent: async (input: unknown) => held('markQuestionnaireSent', input),
    recordActualUser: async (input: unknown) => held('recordActualUser', input),
    createLead: async (input: unknown) => held('createLead', input),
    notify: async () => ({ sent: true }),
    replanCallbacks: async (input: { callbacks: { callbackId: string; dueAt: string }[] }) => {
      (calls.replanCallbacks ??= []).push(input);
      return { replanned: input.callbacks.length };
    },
    cancelSaleFollowUp: async () => ({ cancelledCallbacks: 0 }),
    openFeedbackCase: async () => ({ caseNo: `20261123-PHONE-${uniqueId('X')}` }),
    recordCaseEvent: async () => undefined,
  };
  return { rows, row, gates, calls, activities };
}


export type SaleRows = ReturnType<typeof inMemorySaleActivities>;
