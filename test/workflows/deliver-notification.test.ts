import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../src/temporal/workflow-bundle.js';
import { CHINA_CALENDAR, isWorkingDay } from '../../workflows/domain/business-calendar.js';
import { CALL_WINDOWS } from '../../workflows/domain/call-windows.js';
import { addDays, atCompanyTime, toCompanyTime } from '../../workflows/domain/company-time.js';
import { DeliverNotification } from '../../workflows/deliver-notification.js';
import { deliveryWorkflowId, type DeliveryPlan, type DeliveryPolicy } from '../../workflows/notification-types.js';
import { testDataConverter } from '../support/encryption.js';
import { uniqueId } from '../support/fixtures.js';
import { recordHistory } from '../support/histories.js';
import { createTimeSkippingEnv } from '../support/time-skipping.js';

const TIME_ZONE = 'Asia/Shanghai';
const policy: DeliveryPolicy = { retryInitialMs: 1_000, retryMaxMs: 60_000, failingAfterAttempts: 3, giveUpAfterMs: 10 * 60_000 };

/** The delivery activities, recording what the workflow asked for and when (in the test server's time). */
function deliveryActivities(plan: DeliveryPlan, failing: Set<string> = new Set()) {
  const calls: { name: string; input: unknown; at: number }[] = [];
  // When the server scheduled the attempt: its (skipped) clock, not this process's.
  const note = (name: string, input: unknown) => calls.push({ name, input, at: Context.current().info.currentAttemptScheduledTimestampMs });
  return {
    calls,
    activities: {
      planDelivery: async (input: { key: string }) => {
        note('planDelivery', input);
        return plan;
      },
      followUpSettings: async () => {
        note('followUpSettings', {});
        return { timeZone: TIME_ZONE, calendar: CHINA_CALENDAR, callWindows: [...CALL_WINDOWS] };
      },
      markWaiting: async (input: { deliveryIds: string[]; until: string }) => note('markWaiting', input),
      sendEmail: async (input: { deliveryId: string }) => {
        note('sendEmail', input);
        if (failing.has(input.deliveryId)) throw ApplicationFailure.retryable('e-mail not sent: ECONNECTION', 'EmailNotSent');
        return 'sent' as const;
      },
      postChat: async (input: { deliveryId: string }) => {
        note('postChat', input);
        return 'sent' as const;
      },
      giveUpSend: async (input: { deliveryId: string }) => note('giveUpSend', input),
    },
  };
}

describe('DeliverNotification workflow', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  async function deliver(plan: DeliveryPlan, failing?: Set<string>, again?: true) {
    const recorder = deliveryActivities(plan, failing);
    const taskQueue = uniqueId('tq');
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), dataConverter: testDataConverter, activities: recorder.activities });
    const key = `case-escalation:${uniqueId('20261201-PHONE')}:1:assigned:2026-12-01T02:00:00.000Z`;
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start(DeliverNotification, { workflowId: deliveryWorkflowId(key), taskQueue, args: [{ key, policy, ...(again ? { again } : {}) }] });
      const outcome = await handle.result();
      return { outcome, handle, calls: recorder.calls, startedAt: Date.parse((await handle.describe()).startTime.toISOString()) };
    });
  }

  /** The test server's clock moved to 22:00 company time, tonight or tomorrow. */
  async function atNight(): Promise<Date> {
    const now = new Date(await env.currentTimeMs());
    const today = toCompanyTime(now, TIME_ZONE).date;
    let night = atCompanyTime(today, 22 * 60, TIME_ZONE);
    if (night <= now) night = atCompanyTime(addDays(today, 1), 22 * 60, TIME_ZONE);
    await env.sleep(night.getTime() - now.getTime());
    return night;
  }

  const sends = [
    { deliveryId: '00000000-0000-4000-8000-000000000001', channel: 'email' as const },
    { deliveryId: '00000000-0000-4000-8000-000000000002', channel: 'chat' as const },
  ];

  it('sends an urgent notification at once, day or night', async () => {
    const night = await atNight();
    const { outcome, calls, handle } = await deliver({ urgent: true, inbox: 2, sends });
    assert.deepEqual(outcome, { key: outcome.key, inbox: 2, sent: 2, failed: 0, waitedUntil: null });
    assert.deepEqual(calls.map((c) => c.name).sort(), ['planDelivery', 'postChat', 'sendEmail']);
    assert.ok(calls.every((c) => Math.abs(c.at - night.getTime()) < 60_000), 'everything within the minute');
    await recordHistory('deliver-notification-urgent', handle);
  });

  it('holds one that is not urgent until the next call window of a working day', async () => {
    const night = await atNight();
    const { outcome, calls, handle } = await deliver({ urgent: false, inbox: 1, sends });
    const morning = toCompanyTime(outcome.waitedUntil!, TIME_ZONE);
    assert.equal(morning.msOfDay, 10 * 3600_000);
    assert.ok(Date.parse(outcome.waitedUntil!) > night.getTime());
    assert.ok(isWorkingDay(CHINA_CALENDAR, morning.date), `${morning.date} is a working day`);
    const waiting = calls.find((c) => c.name === 'markWaiting')!;
    assert.deepEqual(waiting.input, { deliveryIds: sends.map((s) => s.deliveryId), until: outcome.waitedUntil });
    for (const send of calls.filter((c) => c.name === 'sendEmail' || c.name === 'postChat')) {
      assert.ok(send.at >= Date.parse(outcome.waitedUntil!), `${send.name} after the window opened`);
    }
    assert.equal(outcome.sent, 2);
    await recordHistory('deliver-notification-held-for-working-hours', handle);
  });

  it('with nothing to send (nobody has an address or a robot) it only fills the inboxes, without waiting', async () => {
    const { outcome, calls } = await deliver({ urgent: false, inbox: 3, sends: [] });
    assert.deepEqual([outcome.inbox, outcome.sent, outcome.waitedUntil], [3, 0, null]);
    assert.deepEqual(calls.map((c) => c.name), ['planDelivery']);
  });

  it('retries a failing send with backoff and gives it up after the give-up time; the other sends go', async () => {
    const { outcome, calls, handle, startedAt } = await deliver({ urgent: true, inbox: 1, sends }, new Set([sends[0]!.deliveryId]));
    assert.deepEqual([outcome.sent, outcome.failed], [1, 1]);
    const attempts = calls.filter((c) => c.name === 'sendEmail');
    assert.ok(attempts.length >= 10, `retried: ${attempts.length} attempts`);
    assert.ok(attempts.at(-1)!.at - startedAt < policy.giveUpAfterMs, 'no attempt after the give-up time');
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
    assert.ok(gaps.every((gap) => gap <= policy.retryMaxMs + 5_000), 'never longer than the longest interval');
    const gaveUp = calls.find((c) => c.name === 'giveUpSend')!;
    assert.deepEqual(gaveUp.input, { deliveryId: sends[0]!.deliveryId });
    // Temporal stops retrying when the next attempt would start after the give-up time.
    assert.ok(gaveUp.at - startedAt >= policy.giveUpAfterMs - policy.retryMaxMs - 5_000, `gave up ${gaveUp.at - startedAt} ms after the start; attempts at ${attempts.map((a) => a.at - startedAt).join(", ")}`);
    await recordHistory('deliver-notification-given-up', handle);
  });

  it("an administrator's redelivery asks the plan to try what failed again, then sends as the first run does", async () => {
    const first = await deliver({ urgent: true, inbox: 1, sends });
    assert.deepEqual(first.calls.find((c) => c.name === 'planDelivery')!.input, { key: first.outcome.key });
    const { outcome, calls, handle } = await deliver({ urgent: true, inbox: 1, sends: [sends[0]!] }, undefined, true);
    assert.deepEqual(calls.find((c) => c.name === 'planDelivery')!.input, { key: outcome.key, again: true });
    assert.deepEqual([outcome.sent, outcome.failed], [1, 0]);
    await recordHistory('deliver-notification-redelivery', handle);
  });
});
