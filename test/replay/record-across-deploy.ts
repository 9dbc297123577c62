// Records histories of workflows begun by an earlier release's workflow code and carried on by today's: what a deploy
// does to every open follow-up and case, and what patched() is there for. Not a test: run it once per release whose
// workflow changes need it, with that earlier release's bundle (build it from its commit), and commit what it writes:
//
//   OLD_WORKFLOW_BUNDLE=/path/to/earlier/dist/workflow-bundle.js RECORD_HISTORIES=1 \
//   TEMPORAL_TEST_SERVER=~/.cache/aftercare/temporal-test-server-1.38.0/temporal-test-server \
//   node dist/test/replay/record-across-deploy.js
//
// The replay test then replays them on every run.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateStage } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../src/temporal/workflow-bundle.js';
import { CHINA_CALENDAR } from '../../workflows/domain/business-calendar.js';
import { toCompanyTime } from '../../workflows/domain/company-time.js';
import type { CaseEvent } from '../../workflows/feedback-types.js';
import {
  claimCallbackUpdate,
  feedbackCaseStateQuery,
  recordCallResultUpdate,
  recordRevisitUpdate,
  saleStateQuery,
} from '../../workflows/messages.js';
import { saleWorkflowId } from '../../workflows/sale-types.js';
import { testDataConverter } from '../support/encryption.js';
import { aCaseInput, walkToRevisiting } from '../support/cases.js';
import { aDelivery, satisfiedSurvey, uniqueId } from '../support/fixtures.js';
import { gate, type Gate } from '../support/gates.js';
import { recordRuns } from '../support/histories.js';
import { inMemorySaleActivities } from '../support/in-memory-activities.js';
import { createTimeSkippingEnv } from '../support/time-skipping.js';
import { waitFor } from '../support/wait.js';

const TIME_ZONE = 'Asia/Shanghai';
const oldBundle = process.env.OLD_WORKFLOW_BUNDLE;
if (!oldBundle) throw new Error('OLD_WORKFLOW_BUNDLE must name the earlier release\'s dist/workflow-bundle.js');
const earlierBundle = { codePath: oldBundle };
/** Runs `before` on a worker with the earlier code, then `after` on one with today's, on one task queue. */
async function acrossDeploy(env: TestWorkflowEnvironment, activities: object, before: (taskQueue: string) => Promise<void>, after: () => Promise<void>) {
  const taskQueue = uniqueId('deploy');
  const options = { connection: env.nativeConnection, taskQueue, dataConverter: testDataConverter, activities };
  // Without a cache the earlier worker asks for no sticky queue: its workflows' next tasks go to today's worker at once.
  await (await Worker.create({ ...options, workflowBundle: earlierBundle, maxCachedWorkflows: 0 })).runUntil(() => before(taskQueue));
  await (await Worker.create({ ...options, workflowBundle: workflowBundle() })).runUntil(after);
}

async function saleAcrossDeploy(env: TestWorkflowEnvironment): Promise<void> {
  const rows = inMemorySaleActivities();
  const delivery = aDelivery({ deliveredOn: toCompanyTime(new Date(await env.currentTimeMs()), TIME_ZONE).date });
  const workflowId = saleWorkflowId(uniqueId(delivery.saleId));
  const handle = env.client.workflow.getHandle(workflowId);
  let callbackId = '';
  let firstRun = '';
  await acrossDeploy(
    env,
    rows.activities,
    async (taskQueue) => {
      // Started, planned, its first callback due and claimed by the earlier code.
      firstRun = (await env.client.workflow.start('SaleFollowUp', { workflowId, taskQueue, args: [delivery], workflowTaskTimeout: '3 seconds' })).firstExecutionRunId;
      const first = await waitFor('the plan', async () => (await handle.query(saleStateQuery)).callbacks[0]);
      callbackId = first.callbackId;
      await env.sleep(Date.parse(first.dueAt) - (await env.currentTimeMs()) + 1000);
      await waitFor('the first callback to open', async () => ((await handle.query(saleStateQuery)).callbacks[0]!.status === 'due' ? true : undefined));
      await handle.executeUpdate(claimCallbackUpdate, { args: [{ callbackId, agentId: 'agent.zhang' }] });
    },
    async () => {
      // Today's code: two results at once, one refused; the follow-up continues as new once the callback has ended.
      rows.gates.recordSurvey = gate();
      const first = handle.executeUpdate(recordCallResultUpdate, { args: [{ callbackId, attemptId: randomUUID(), agentId: 'agent.zhang', result: { outcome: 'survey_done', survey: satisfiedSurvey } }] });
      await rows.gates.recordSurvey.entered;
      const callBackAt = new Date((await env.currentTimeMs()) + 86_400_000).toISOString();
      const second = await handle.startUpdate(recordCallResultUpdate, {
        args: [{ callbackId, attemptId: randomUUID(), agentId: 'agent.zhang', result: { outcome: 'busy', reason: 'in a meeting', callBackAt } }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      rows.gates.recordSurvey.release();
      assert.equal((await first).callbackStatus, 'completed');
      await assert.rejects(second.result());
      await waitFor('a new run between callbacks', async () => ((await handle.describe()).runId !== firstRun ? true : undefined));
      await handle.terminate('recorded');
    },
  );
  await recordRuns('sale-follow-up-across-deploy', env.client, workflowId);
}

async function caseAcrossDeploy(env: TestWorkflowEnvironment): Promise<void> {
  const gates: Record<string, Gate> = {};
  const activities = {
    followUpSettings: async () => ({ timeZone: TIME_ZONE, calendar: CHINA_CALENDAR, callWindows: [] }),
    recordCaseEvent: async ({ event }: { event: CaseEvent }) => {
      if (event.type === 'revisited') await gates.revisited?.pass();
    },
    notify: async () => ({ sent: true }),
  };
  const input = aCaseInput(new Date(await env.currentTimeMs()).toISOString());
  const { caseNo } = input;
  const workflowId = `feedback-${caseNo}`;
  const handle = env.client.workflow.getHandle(workflowId);
  await acrossDeploy(
    env,
    activities,
    async (taskQueue) => {
      // Registered, assigned, analysed, done and verified by the earlier code.
      await env.client.workflow.start('FeedbackCase', { workflowId, taskQueue, args: [input] });
      await waitFor('the case', async () => ((await handle.query(feedbackCaseStateQuery)).deadlines.length ? true : undefined));
      await walkToRevisiting(handle, () => env.currentTimeMs());
    },
    async () => {
      // Today's code: two re-visits at once, one refused; the reprocessed case continues as new.
      gates.revisited = gate();
      const unhappy = handle.executeUpdate(recordRevisitUpdate, { args: [{ actor: { id: 'agent.sun', role: 'agent' }, satisfied: false, customerWords: '还是慢' }] });
      await gates.revisited.entered;
      const happy = await handle.startUpdate(recordRevisitUpdate, {
        args: [{ actor: { id: 'agent.wu', role: 'agent' }, satisfied: true, customerWords: '满意' }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      gates.revisited.release();
      assert.equal((await unhappy).stage, 'registered');
      await assert.rejects(happy.result());
      await waitFor('the next cycle in a new run', async () => {
        const state = await handle.query(feedbackCaseStateQuery);
        return state.cycle === 2 && (await env.client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING' ? true : undefined;
      });
      await handle.terminate('recorded');
    },
  );
  await recordRuns('feedback-case-across-deploy', env.client, workflowId);
}

const env = await createTimeSkippingEnv();
try {
  await saleAcrossDeploy(env);
  await caseAcrossDeploy(env);
  console.log('recorded the across-deploy histories under test/replay/histories/');
} finally {
  await env.teardown();
}
