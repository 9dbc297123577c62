import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../src/temporal/workflow-bundle.js';
import { CHINA_CALENDAR } from '../../workflows/domain/business-calendar.js';
import { toCompanyTime } from '../../workflows/domain/company-time.js';
import { FeedbackCase } from '../../workflows/feedback-case.js';
import {
  feedbackCaseStateQuery,
  recordCallResultUpdate,
  recordRevisitUpdate,
  saleStateQuery,
} from '../../workflows/messages.js';
import { SaleFollowUp } from '../../workflows/sale-follow-up.js';
import { saleWorkflowId } from '../../workflows/sale-types.js';
import { CaseNoKey, CaseStageKey, SaleIdKey } from '../../workflows/search-attributes.js';
import { testDataConverter } from '../support/encryption.js';
import { aCaseInput, walkToRevisiting } from '../support/cases.js';
import { aDelivery, satisfiedSurvey, uniqueId } from '../support/fixtures.js';
import { historiesOfRuns, recordRuns } from '../support/histories.js';
import { inMemorySaleActivities } from '../support/in-memory-activities.js';
import { createTimeSkippingEnv } from '../support/time-skipping.js';
import { waitFor } from '../support/wait.js';

const TIME_ZONE = 'Asia/Shanghai';

// Workflows that may live ten years keep short histories: a new run between callbacks, and per reprocessing cycle.
describe('continue-as-new', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  it('continues a follow-up as new after each callback, carrying its state, until the last one ends', async () => {
    const rows = inMemorySaleActivities();
    const taskQueue = uniqueId('tq');
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), dataConverter: testDataConverter, activities: rows.activities });
    await worker.runUntil(async () => {
      const delivery = aDelivery({ deliveredOn: toCompanyTime(new Date(await env.currentTimeMs()), TIME_ZONE).date });
      const workflowId = saleWorkflowId(uniqueId(delivery.saleId));
      // As the API starts it: operators find the sale by its id, in every run.
      const handle = await env.client.workflow.start(SaleFollowUp, {
        workflowId,
        taskQueue,
        args: [delivery],
        typedSearchAttributes: [{ key: SaleIdKey, value: delivery.saleId }],
        memo: { productModel: delivery.product.model },
      });
      const firstRun = handle.firstExecutionRunId;
      const attemptIds: string[] = [];
      try {
        for (const [index, kind] of ['C1', 'C2', 'C3'].entries()) {
          const callbackId = `${delivery.saleId}-${kind}`;
          const { dueAt } = await waitFor('the plan', async () => (await handle.query(saleStateQuery)).callbacks[index]);
          await env.sleep(Date.parse(dueAt) - (await env.currentTimeMs()) + 1000);
          await waitFor(`${kind} to open`, async () => ((await handle.query(saleStateQuery)).callbacks[index]!.status === 'due' ? true : undefined));
          const attemptId = randomUUID();
          attemptIds.push(attemptId);
          const outcome = await handle.executeUpdate(recordCallResultUpdate, { args: [{ callbackId, attemptId, agentId: 'agent.zhang', result: { outcome: 'survey_done', survey: satisfiedSurvey } }] });
          assert.equal(outcome.callbackStatus, 'completed');
          if (index < 2) {
            // The run ends between callbacks; the next carries the state on.
            const run = await waitFor('a new run', async () => {
              const description = await handle.describe();
              return description.runId !== firstRun && description.status.name === 'RUNNING' && (await handle.query(saleStateQuery)).attempts.length === index + 1
                ? description
                : undefined;
            });
            assert.equal(run.typedSearchAttributes.get(SaleIdKey), delivery.saleId);
            assert.deepEqual(run.memo, { productModel: delivery.product.model });
            // A repeat of an attempt recorded by an earlier run is answered, not applied again.
            const again = await handle.executeUpdate(recordCallResultUpdate, { args: [{ callbackId, attemptId, agentId: 'agent.zhang', result: { outcome: 'survey_done', survey: satisfiedSurvey } }] });
            assert.deepEqual([again.applied, again.callbackStatus], [false, 'completed']);
          }
        }
        const final = await handle.result();
        assert.deepEqual([final.stage, final.surveys.map((s) => s.attemptId), final.attempts.length], ['completed', attemptIds, 3]);
        const runs = await historiesOfRuns(env.client, workflowId);
        assert.equal(runs.length, 3);
        assert.equal(rows.calls.recordSurvey?.length, 3);
        await recordRuns('sale-follow-up-continued-as-new', env.client, workflowId);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  });

  it('continues a case as new at each reprocessing cycle, its timeline whole, and measures its histories', async () => {
    const activities = {
      followUpSettings: async () => ({ timeZone: TIME_ZONE, calendar: CHINA_CALENDAR, callWindows: [] }),
      recordCaseEvent: async () => undefined,
      notify: async () => ({ sent: true }),
    };
    const taskQueue = uniqueId('tq');
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundle(), dataConverter: testDataConverter, activities });
    const input = aCaseInput(new Date(await env.currentTimeMs()).toISOString(), { priority: 'low' });
    const { caseNo } = input;
    await worker.runUntil(async () => {
      const workflowId = `feedback-${caseNo}`;
      const handle = await env.client.workflow.start(FeedbackCase, { workflowId, taskQueue, args: [input] });
      try {
        for (let cycle = 1; cycle <= 3; cycle++) {
          await waitFor(`cycle ${cycle} to wait for assignment`, async () => {
            const state = await handle.query(feedbackCaseStateQuery);
            return state.cycle === cycle && state.stage === 'registered' && (await handle.describe()).status.name === 'RUNNING' ? true : undefined;
          });
          await walkToRevisiting(handle, () => env.currentTimeMs());
          const answer = await handle.executeUpdate(recordRevisitUpdate, { args: [{ actor: { id: 'agent.sun', role: 'agent' }, satisfied: cycle === 3, customerWords: '…' }] });
          // The answer is a few fields: the whole state is the query.
          assert.deepEqual(Object.keys(answer).sort(), ['caseNo', 'cycle', 'priority', 'stage']);
        }
        const final = await handle.result();
        assert.deepEqual([final.stage, final.cycle, final.resolution, final.priority], ['closed', 3, 'resolved', 'high']);
        assert.equal(final.events.filter((e) => e.type === 'reprocessed').length, 2);
        assert.deepEqual(final.events.map((e) => e.eventId), final.events.map((_, i) => `${caseNo}:${i + 1}`));
        assert.equal(final.deadlines.length, 15);
        const runs = await historiesOfRuns(env.client, workflowId);
        assert.equal(runs.length, 3);
        const last = await handle.describe();
        assert.deepEqual([last.typedSearchAttributes.get(CaseNoKey), last.typedSearchAttributes.get(CaseStageKey)], [caseNo, 'closed']);
        await recordRuns('feedback-case-reprocessed-twice-continued-as-new', env.client, workflowId);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  });
});
