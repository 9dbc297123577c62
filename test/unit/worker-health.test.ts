import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NativeConnection, Worker, WorkerStatus } from '@temporalio/worker';
import { BehaviorSubject } from 'rxjs';
import { WorkerHealth } from '../../src/worker/worker-health.js';

/** A worker's status and its count of activations in flight, as the SDK's Worker reports them; mocked. */
function aWorker(status: Partial<WorkerStatus>) {
  const inFlight = new BehaviorSubject(status.numInFlightWorkflowActivations ?? 0);
  const current = { runState: 'RUNNING', workflowPollerState: 'POLLING', activityPollerState: 'POLLING', ...status } as WorkerStatus;
  const worker = {
    numInFlightActivations$: inFlight,
    getStatus: () => ({ ...current, numInFlightWorkflowActivations: inFlight.value }),
  } as unknown as Worker;
  return { worker, inFlight };
}

const settings = { namespace: 'default', taskQueue: 'aftercare', identity: '1@host', pollMaxAgeS: 90, stuckAfterS: 60 };
const health = (worker: Worker) => new WorkerHealth(worker, {} as NativeConnection, {} as MikroORM, settings);

describe('worker liveness', () => {
  it('is ok while running, idle or progressing, and fails once activations in flight make no progress for WORKER_STUCK_AFTER_S', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-12-01T10:00:00Z') });
    const { worker, inFlight } = aWorker({});
    const probe = health(worker);
    t.mock.timers.tick(3_600_000);
    assert.equal(probe.liveness().status, 'ok', 'an idle worker is not stuck');
    inFlight.next(2);
    t.mock.timers.tick(59_000);
    assert.equal(probe.liveness().status, 'ok');
    inFlight.next(1);
    inFlight.next(2);
    t.mock.timers.tick(59_000);
    assert.equal(probe.liveness().status, 'ok', 'an activation finished and another started');
    t.mock.timers.tick(2_000);
    const stuck = probe.liveness();
    assert.equal(stuck.status, 'failing');
    assert.match(stuck.checks.progressing!.detail!, /2 workflow activations in flight, none started or finished for 61 s/);
    probe.close();
  });

  it('fails when the worker has failed', () => {
    const probe = health(aWorker({ runState: 'FAILED' }).worker);
    assert.deepEqual(probe.liveness().checks.running, { ok: false, detail: 'FAILED' });
    probe.close();
  });
});
