import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { loadConfig } from '../../src/config/config.js';
import { startTracing, stopTracing, tracingActivityInterceptors, tracingClientInterceptors } from '../../src/telemetry/tracing.js';
import { bundledWorkflows } from '../../src/temporal/workflow-bundle.js';
import type { CallbackScheduleInput } from '../../workflows/callback-types.js';
import { CHINA_CALENDAR } from '../../workflows/domain/business-calendar.js';
import { toCompanyTime } from '../../workflows/domain/company-time.js';
import { cancelSaleSignal, saleStateQuery } from '../../workflows/messages.js';
import type { SaleFollowUp } from '../../workflows/sale-follow-up.js';
import { saleWorkflowId } from '../../workflows/sale-types.js';
import { testDataConverter } from '../support/encryption.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { recordHistory } from '../support/histories.js';
import { createTimeSkippingEnv } from '../support/time-skipping.js';
import { waitFor } from '../support/wait.js';

// The tracing interceptors as the API and the worker install them, spans kept in memory: the workflow bundle's
// interceptor continues the client's trace and passes it to the activities, inside the deterministic sandbox.
describe('tracing a sale through its workflow and activities', () => {
  const exporter = new InMemorySpanExporter();
  let env: TestWorkflowEnvironment;

  before(async () => {
    startTracing(loadConfig({}), 'aftercare-test', exporter);
    env = await createTimeSkippingEnv();
  });
  after(async () => {
    await env?.teardown();
    await stopTracing();
  });

  it('one trace: start, run, each activity scheduled and run, the signal handled', async () => {
    const taskQueue = uniqueId('tq');
    const client = new Client({ connection: env.connection, dataConverter: testDataConverter, interceptors: tracingClientInterceptors() });
    const activities = {
      registerSale: async () => ({ registeredAt: new Date().toISOString() }),
      followUpSettings: async () => ({ timeZone: 'Asia/Shanghai', calendar: CHINA_CALENDAR }),
      scheduleCallbacks: async (_input: CallbackScheduleInput) => undefined,
      openCallback: async () => undefined,
      cancelSaleFollowUp: async () => ({ cancelledCallbacks: 3 }),
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      ...bundledWorkflows(),
      interceptors: { activity: tracingActivityInterceptors() },
      dataConverter: testDataConverter,
      activities,
    });
    const delivery = aDelivery({ deliveredOn: toCompanyTime(new Date(await env.currentTimeMs()), 'Asia/Shanghai').date });
    await worker.runUntil(async () => {
      const handle = await client.workflow.start<typeof SaleFollowUp>('SaleFollowUp', {
        workflowId: saleWorkflowId(uniqueId(delivery.saleId)),
        taskQueue,
        args: [delivery],
      });
      await waitFor('the callbacks to be planned', async () => ((await handle.query(saleStateQuery)).callbacks.length === 3 ? true : undefined));
      await handle.signal(cancelSaleSignal, { reason: 'return' });
      assert.equal((await handle.result()).stage, 'cancelled');
      await recordHistory('sale-follow-up-traced', handle);
    });

    const spans = await waitFor('the workflow spans to reach the exporter', async () => {
      const finished = exporter.getFinishedSpans();
      return finished.some((span) => span.name === 'RunWorkflow:SaleFollowUp') ? finished : undefined;
    });
    const start = spans.find((span) => span.name === 'StartWorkflow:SaleFollowUp');
    assert.ok(start, `no start span among ${spans.map((s) => s.name).join(', ')}`);
    const traceId = start.spanContext().traceId;
    const names = new Set(spans.filter((span) => span.spanContext().traceId === traceId).map((span) => span.name));
    for (const name of ['RunWorkflow:SaleFollowUp', 'StartActivity:registerSale', 'RunActivity:registerSale', 'StartActivity:scheduleCallbacks']) {
      assert.ok(names.has(name), `${name} is not in the trace: ${[...names].join(', ')}`);
    }
    const parent = (name: string) => spans.find((span) => span.spanContext().spanId === spans.find((s) => s.name === name)?.parentSpanId)?.name;
    assert.equal(parent('RunWorkflow:SaleFollowUp'), 'StartWorkflow:SaleFollowUp');
    assert.equal(parent('RunActivity:registerSale'), 'StartActivity:registerSale');
    // The cancellation is a trace of its own, from the client's signal to the activity it leads to.
    for (const name of ['SignalWorkflow:cancelSale', 'HandleSignal:cancelSale', 'RunActivity:cancelSaleFollowUp']) {
      assert.ok(spans.some((span) => span.name === name), `${name} is not traced`);
    }
  });
});
