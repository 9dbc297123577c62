import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../src/temporal/workflow-bundle.js';
import type { CallbackPlanEntry, CallbackScheduleInput } from '../../workflows/callback-types.js';
import { CHINA_CALENDAR, type BusinessCalendar } from '../../workflows/domain/business-calendar.js';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { cancelSaleSignal, saleStateQuery } from '../../workflows/messages.js';
import { SaleFollowUp } from '../../workflows/sale-follow-up.js';
import { saleWorkflowId, type SaleDelivery } from '../../workflows/sale-types.js';
import { FollowUpStageKey, LateKey, NextDueAtKey } from '../../workflows/search-attributes.js';
import { testDataConverter } from '../support/encryption.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { recordHistory } from '../support/histories.js';
import { createTimeSkippingEnv } from '../support/time-skipping.js';
import { waitFor } from '../support/wait.js';

const TIME_ZONE = 'Asia/Shanghai';
const MINUTE = 60_000;

/** Activities as the worker would run them, recording every call instead of writing PostgreSQL. */
function recordingActivities(calendars: () => BusinessCalendar = () => CHINA_CALENDAR) {
  const calls = {
    registered: [] as string[],
    scheduled: [] as CallbackScheduleInput[],
    opened: [] as { callbackId: string; dueAt: string; late: boolean; openedAt: string }[],
    cancelled: [] as { saleId: string; reason: string }[],
  };
  const activities = {
    async registerSale({ delivery }: { delivery: SaleDelivery }) {
      calls.registered.push(delivery.saleId);
      return { registeredAt: new Date().toISOString() };
    },
    async followUpSettings() {
      return { timeZone: TIME_ZONE, calendar: calendars() };
    },
    async scheduleCallbacks(input: CallbackScheduleInput) {
      calls.scheduled.push(input);
    },
    async openCallback(input: { callbackId: string; dueAt: string; late: boolean; openedAt: string }) {
      calls.opened.push(input);
    },
    async cancelSaleFollowUp(input: { saleId: string; reason: string }) {
      calls.cancelled.push(input);
      return { cancelledCallbacks: 0 };
    },
  };
  return { calls, activities };
}

describe('SaleFollowUp workflow', () => {
  let env: TestWorkflowEnvironment;
  // A test server of its own for each test: one test's clock jumps and leftovers never hold up the next.
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  /** Today's local date at the test server's clock, so the journeys never go stale. */
  const today = async () => toCompanyTime(new Date(await env.currentTimeMs()), TIME_ZONE).date;

  async function run(
    delivery: SaleDelivery,
    recorder: ReturnType<typeof recordingActivities>,
    journey: (handle: WorkflowHandle<typeof SaleFollowUp>) => Promise<void>,
  ) {
    const taskQueue = uniqueId('tq');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      dataConverter: testDataConverter,
      activities: recorder.activities,
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(SaleFollowUp, {
        workflowId: saleWorkflowId(uniqueId(delivery.saleId)),
        taskQueue,
        args: [delivery],
      });
      try {
        await journey(handle);
      } finally {
        // A workflow left running would hold the shared test server's clock for the next test.
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  }

  const planOf = (handle: WorkflowHandle<typeof SaleFollowUp>) =>
    waitFor('the callbacks to be planned', async () => {
      const state = await handle.query(saleStateQuery);
      return state.callbacks.length === 3 ? state.callbacks : undefined;
    });

  /** Jumps to just before `dueAt`, checks nothing opened yet, then to just after and checks it opened. */
  async function expectOpensAt(callback: CallbackPlanEntry, opened: { callbackId: string }[], openedBefore: number) {
    const untilJustBefore = Date.parse(callback.dueAt) - (await env.currentTimeMs()) - MINUTE;
    // A callback due now (a late one, inside a call window) may open at once.
    if (untilJustBefore > 0) {
      await env.sleep(untilJustBefore);
      assert.equal(opened.length, openedBefore, `${callback.callbackId} opened before its due time`);
    }
    await env.sleep(2 * MINUTE);
    await waitFor(`${callback.callbackId} to open`, async () => (opened.length > openedBefore ? true : undefined));
    assert.equal(opened[openedBefore]!.callbackId, callback.callbackId);
  }

  it('registers the sale, plans three callbacks and opens each at its due time over the whole warranty', async () => {
    const recorder = recordingActivities();
    const delivery = aDelivery({ deliveredOn: await today(), warrantyMonths: 12 });
    await run(delivery, recorder, async (handle) => {
      const plan = await planOf(handle);
      assert.deepEqual(recorder.calls.registered, [delivery.saleId]);
      assert.deepEqual(plan.map((c) => [c.callbackId, c.kind, c.status, c.late]), [
        [`${delivery.saleId}-C1`, 'first_30_days', 'scheduled', false],
        [`${delivery.saleId}-C2`, 'second_3_months', 'scheduled', false],
        [`${delivery.saleId}-C3`, 'warranty_expiry', 'scheduled', false],
      ]);
      assert.equal(plan[0]!.nominalDate, addDays(delivery.deliveredOn, 30));

      let description = await waitFor('the search attributes', async () => {
        const current = await handle.describe();
        return current.typedSearchAttributes.get(NextDueAtKey) ? current : undefined;
      });
      assert.deepEqual(recorder.calls.scheduled.map((s) => s.callbacks), [plan]);
      assert.equal(description.typedSearchAttributes.get(FollowUpStageKey), 'following');
      assert.equal(description.typedSearchAttributes.get(NextDueAtKey)?.toISOString(), plan[0]!.dueAt);
      assert.equal(description.typedSearchAttributes.get(LateKey), false);

      for (const [i, callback] of plan.entries()) await expectOpensAt(callback, recorder.calls.opened, i);
      for (const opened of recorder.calls.opened) {
        assert.ok(Date.parse(opened.openedAt) - Date.parse(opened.dueAt) < 2 * MINUTE, 'opened late');
      }
      const state = await handle.query(saleStateQuery);
      assert.deepEqual(state.callbacks.map((c) => c.status), ['due', 'due', 'due']);
      description = await handle.describe();
      assert.equal(description.typedSearchAttributes.get(NextDueAtKey)?.toISOString(), plan[0]!.dueAt);

      await handle.signal(cancelSaleSignal, { reason: 'return' });
      const final = await handle.result();
      assert.equal(final.stage, 'cancelled');
      await recordHistory('sale-follow-up-whole-warranty-registered-in-one-task', handle);
    });
  });

  it('opens a callback whose due time passed before the sale was reported at once, flagged late', async () => {
    const recorder = recordingActivities();
    const delivery = aDelivery({ deliveredOn: addDays(await today(), -45) });
    await run(delivery, recorder, async (handle) => {
      const plan = await planOf(handle);
      assert.deepEqual(plan.map((c) => c.late), [true, false, false]);
      // Due at once: now if a call window is open, else the next window on a working day.
      assert.ok(Date.parse(plan[0]!.dueAt) - (await env.currentTimeMs()) < 15 * 24 * 60 * MINUTE);
      await expectOpensAt(plan[0]!, recorder.calls.opened, 0);
      assert.equal(recorder.calls.opened[0]!.late, true);
      assert.equal((await handle.describe()).typedSearchAttributes.get(LateKey), true);
      await handle.signal(cancelSaleSignal, { reason: 'refund' });
      await handle.result();
      await recordHistory('sale-follow-up-late-import-registered-in-one-task', handle);
    });
  });

  it('moves a due time that became a holiday after it was planned to the next working window', async () => {
    let holidays: string[] = [];
    const year = new Date(await env.currentTimeMs()).getUTCFullYear();
    const recorder = recordingActivities(() => ({
      version: `test-${holidays.length}`,
      years: Object.fromEntries([year, year + 1].map((y) => [y, { official: true, holidays, workdays: [] }])),
    }));
    const delivery = aDelivery({ deliveredOn: await today() });
    await run(delivery, recorder, async (handle) => {
      const [first] = await planOf(handle);
      // The government publishes a holiday on the planned day after the plan was made.
      const plannedDay = toCompanyTime(first!.dueAt, TIME_ZONE).date;
      holidays = [plannedDay];
      await env.sleep(Date.parse(first!.dueAt) - (await env.currentTimeMs()) + MINUTE);
      assert.equal(recorder.calls.opened.length, 0, 'opened on the new holiday');

      const moved = await waitFor('the due time to move', async () => {
        const state = await handle.query(saleStateQuery);
        return state.callbacks[0]!.dueAt !== first!.dueAt ? state.callbacks[0]! : undefined;
      });
      assert.ok(toCompanyTime(moved.dueAt, TIME_ZONE).date > plannedDay);
      await expectOpensAt(moved, recorder.calls.opened, 0);
      await handle.signal(cancelSaleSignal, { reason: 'return' });
      await handle.result();
      await recordHistory('sale-follow-up-holiday-moved-registered-in-one-task', handle);
    });
  });

  it('ends cleanly when the sale is returned before any callback, and records it once', async () => {
    const recorder = recordingActivities();
    await run(aDelivery({ deliveredOn: await today() }), recorder, async (handle) => {
      await planOf(handle);
      await env.sleep('10 days');
      await handle.signal(cancelSaleSignal, { reason: 'return', note: 'wrong model' });
      await handle.signal(cancelSaleSignal, { reason: 'refund' });
      const final = await handle.result();
      assert.equal(final.stage, 'cancelled');
      assert.equal(final.cancellation?.reason, 'return');
      assert.equal(final.cancellation?.note, 'wrong model');
      assert.deepEqual(final.callbacks.map((c) => c.status), ['cancelled', 'cancelled', 'cancelled']);
      assert.equal(recorder.calls.cancelled.length, 1);
      assert.equal(recorder.calls.opened.length, 0);
      assert.equal((await handle.describe()).typedSearchAttributes.get(FollowUpStageKey), 'cancelled');
      await recordHistory('sale-follow-up-returned-registered-in-one-task', handle);
    });
  });
});
