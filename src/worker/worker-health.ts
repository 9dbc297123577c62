import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { MikroORM } from '@mikro-orm/postgresql';
import proto from '@temporalio/proto';
import type { NativeConnection, Worker } from '@temporalio/worker';

const { TaskQueueKind, TaskQueueType } = proto.temporal.api.enums.v1;

export interface WorkerHealthSettings {
  namespace: string;
  taskQueue: string;
  identity: string;
  pollMaxAgeS: number;
  stuckAfterS: number;
}

export interface Check {
  ok: boolean;
  detail?: string;
}

export interface HealthAnswer {
  status: 'ok' | 'failing';
  checks: Record<string, Check>;
}

const within = <T>(ms: number, what: Promise<T>): Promise<T> =>
  Promise.race([what, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/**
 * The worker's liveness (`/livez`: running and not stuck) and readiness (`/readyz`: also polling its task queue as
 * the server sees it, and reaching PostgreSQL), for an orchestrator's probes.
 */
export class WorkerHealth {
  /** When the number of workflow activations in flight last changed: a task started or finished. */
  private lastActivationChange = Date.now();
  private readonly subscription;

  constructor(
    private readonly worker: Worker,
    private readonly connection: NativeConnection,
    private readonly orm: MikroORM,
    private readonly settings: WorkerHealthSettings,
  ) {
    this.subscription = worker.numInFlightActivations$.subscribe(() => {
      this.lastActivationChange = Date.now();
    });
  }

  /** Running, and no workflow activation has been in flight without any progress for WORKER_STUCK_AFTER_S. */
  liveness(): HealthAnswer {
    const { runState, numInFlightWorkflowActivations } = this.worker.getStatus();
    const quietS = Math.round((Date.now() - this.lastActivationChange) / 1000);
    const stuck = numInFlightWorkflowActivations > 0 && quietS >= this.settings.stuckAfterS;
    return answer({
      running: { ok: runState !== 'FAILED' && runState !== 'STOPPED', detail: runState },
      progressing: {
        ok: !stuck,
        detail: stuck
          ? `${numInFlightWorkflowActivations} workflow activations in flight, none started or finished for ${quietS} s`
          : `${numInFlightWorkflowActivations} workflow activations in flight`,
      },
    });
  }

  async readiness(): Promise<HealthAnswer> {
    const status = this.worker.getStatus();
    const [server, database] = await Promise.all([this.serverSeesPolls(), this.databaseReachable()]);
    return answer({
      ...this.liveness().checks,
      running: { ok: status.runState === 'RUNNING', detail: status.runState },
      polling: {
        ok: status.workflowPollerState === 'POLLING' && status.activityPollerState === 'POLLING',
        detail: `workflow poller ${status.workflowPollerState}, activity poller ${status.activityPollerState}`,
      },
      taskQueue: server,
      database,
    });
  }

  /** The server lists this worker among the task queue's pollers, with a poll begun within WORKER_POLL_MAX_AGE_S. */
  private async serverSeesPolls(): Promise<Check> {
    const { namespace, taskQueue, identity, pollMaxAgeS } = this.settings;
    try {
      const { pollers } = await within(
        2000,
        this.connection.workflowService.describeTaskQueue({
          namespace,
          taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        }),
      );
      const mine = pollers.find((poller) => poller.identity === identity);
      const ageS = mine ? Math.round(Date.now() / 1000 - Number(mine.lastAccessTime?.seconds ?? 0)) : undefined;
      if (ageS === undefined) return { ok: false, detail: `the server lists no poll from ${identity} on ${taskQueue}` };
      return { ok: ageS <= pollMaxAgeS, detail: `last poll of ${taskQueue} began ${ageS} s ago` };
    } catch (err) {
      return { ok: false, detail: `Temporal did not answer: ${(err as Error).name}` };
    }
  }

  private async databaseReachable(): Promise<Check> {
    try {
      await within(2000, this.orm.em.getConnection().execute('select 1'));
      return { ok: true };
    } catch (err) {
      return { ok: false, detail: `PostgreSQL did not answer: ${(err as Error).name}` };
    }
  }

  /** Serves `/livez` and `/readyz`: 200 or 503 with the checks as JSON. */
  async serve(host: string, port: number): Promise<Server> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      const reply = (result: HealthAnswer) => {
        res.writeHead(result.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      };
      if (req.method !== 'GET') res.writeHead(405, { allow: 'GET' }).end();
      else if (path === '/livez') reply(this.liveness());
      else if (path === '/readyz') this.readiness().then(reply, () => res.writeHead(500).end());
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('worker health: GET /livez or /readyz\n');
    });
    server.listen(port, host);
    await once(server, 'listening');
    return server;
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}

function answer(checks: Record<string, Check>): HealthAnswer {
  return { status: Object.values(checks).every((check) => check.ok) ? 'ok' : 'failing', checks };
}
