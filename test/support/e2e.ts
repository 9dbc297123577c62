import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import pg from 'pg';
import type { PayloadKeys } from '../../src/config/config.js';
import { encryptingDataConverter } from '../../src/temporal/payload-codec.js';
import { requireEnv } from './env.js';
import { freePort, operationsPorts } from './ports.js';
import { startService, type ServiceProcess } from './processes.js';
import { bearer, MANAGER, TEST_TOKEN_SECRET, type Caller } from './tokens.js';
import { waitFor } from './wait.js';

/** Every day of this year and the next is a working day: callbacks open whenever the tests run. */
export async function alwaysOpenCalendar(): Promise<string> {
  const year = new Date().getUTCFullYear();
  const weekendDays = (y: number) => {
    const days: string[] = [];
    for (let d = new Date(Date.UTC(y, 0, 1)); d.getUTCFullYear() === y; d.setUTCDate(d.getUTCDate() + 1)) {
      if (d.getUTCDay() === 0 || d.getUTCDay() === 6) days.push(d.toISOString().slice(0, 10));
    }
    return days;
  };
  const calendar = {
    version: 'e2e-always-open',
    years: Object.fromEntries([year, year + 1].map((y) => [y, { official: true, holidays: [], workdays: weekendDays(y) }])),
  };
  const file = join(await mkdtemp(join(tmpdir(), 'aftercare-e2e-')), 'calendar.json');
  await writeFile(file, JSON.stringify(calendar));
  return file;
}

/** The API and the worker of a test run encrypt Temporal payloads with a key of their own, not the development key. */
export const e2ePayloadKeys: PayloadKeys = { current: { id: `e2e-${process.pid}`, key: randomBytes(32) }, previous: new Map() };
/** For the Temporal clients an end-to-end test makes itself, so they read what the worker wrote. */
export const e2eDataConverter = encryptingDataConverter(e2ePayloadKeys);

export interface Services {
  base: string;
  /** The environment the API and the worker run with (secret, Temporal address, task queue, payload keys, ports). */
  env: Record<string, string>;
  taskQueue: string;
  db: pg.Pool;
  /** What the API and the worker printed so far. */
  logs(): string;
  /** Requests with the caller's bearer token. */
  post(path: string, body: unknown, as: Caller): Promise<Response>;
  get(path: string, as: Caller): Promise<Response>;
  getJson<T = any>(path: string, as: Caller): Promise<T>;
  /** Stops the worker process (workflow tasks wait in Temporal), and starts a new one. */
  stopWorker(): Promise<void>;
  startWorker(): void;
  stop(): Promise<void>;
}

/**
 * The API and the worker as real processes, on the dev server and the database the test command started.
 * `alwaysOpen`: calls allowed all day every day, so a late sale's callback opens at once. Notification e-mail goes
 * to a port where nothing listens unless `env` names an SMTP server (a test's own mailpit); `env`: more settings.
 */
export async function startServices({ alwaysOpen = false, env: extra = {} }: { alwaysOpen?: boolean; env?: Record<string, string> } = {}): Promise<Services> {
  const port = 3100 + Math.floor(Math.random() * 800);
  const base = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    AUTH_TOKEN_SECRET: TEST_TOKEN_SECRET,
    API_PORT: String(port),
    DATABASE_URL: requireEnv('E2E_DATABASE_URL'),
    TEMPORAL_ADDRESS: requireEnv('E2E_TEMPORAL_ADDRESS'),
    TEMPORAL_TASK_QUEUE: `e2e-${port}`,
    PAYLOAD_ENCRYPTION_KEY: e2ePayloadKeys.current.key.toString('base64'),
    PAYLOAD_ENCRYPTION_KEY_ID: e2ePayloadKeys.current.id,
    PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: '',
    ...(await operationsPorts()),
    ...(alwaysOpen ? { CALL_WINDOWS: '00:00-23:59', BUSINESS_CALENDAR_FILE: await alwaysOpenCalendar() } : {}),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(await freePort()),
    ...extra,
  };
  let worker: ServiceProcess = startService('worker', env);
  let earlierWorkers = '';
  const api: ServiceProcess = startService('main', env);
  const db = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
  let health = 'no answer';
  try {
    await waitFor('the API to answer /health', async () => {
      const res = await fetch(`${base}/health`);
      health = `${res.status} ${await res.text()}`;
      return res.ok ? true : undefined;
      // Usually a few seconds; once, on a fresh clone's full run, more than 30 s (cause unknown: the error below says).
    }, 60_000);
  } catch (err) {
    // A stack that did not come up is stopped, or its processes would keep the test file from ever ending; what they
    // printed says why.
    await Promise.all([api.stop(), worker.stop()]);
    await db.end();
    const tail = (text: string) => text.split('\n').slice(-15).join('\n');
    throw new Error(`${(err as Error).message}; last /health: ${health}\n--- API ---\n${tail(api.output())}\n--- worker ---\n${tail(worker.output())}`, { cause: err });
  }
  return {
    base,
    env,
    taskQueue: env.TEMPORAL_TASK_QUEUE!,
    db,
    logs: () => api.output() + earlierWorkers + worker.output(),
    post: (path, body, as) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(as) }, body: JSON.stringify(body) }),
    get: (path, as) => fetch(`${base}${path}`, { headers: bearer(as) }),
    getJson: async <T>(path: string, as: Caller) => (await (await fetch(`${base}${path}`, { headers: bearer(as) })).json()) as T,
    async stopWorker() {
      await worker.stop();
      earlierWorkers += worker.output();
    },
    startWorker() {
      worker = startService('worker', env);
    },
    async stop() {
      await Promise.all([api.stop(), worker.stop()]);
      await db.end();
    },
  };
}

/** Waits until the workflow has closed. */
export const workflowClosed = (client: Client, workflowId: string) =>
  waitFor(`${workflowId} to close`, async () => ((await client.workflow.getHandle(workflowId).describe()).status.name !== 'RUNNING' ? true : undefined), 30_000);

/** What retention does once it has passed, done at once: the closed execution is deleted from Temporal. */
export async function forgetWorkflow(client: Client, workflowId: string): Promise<void> {
  await workflowClosed(client, workflowId);
  await client.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId } });
  // The server deletes a just-closed execution once its closing tasks are done, some seconds later.
  await waitFor(`${workflowId} to be deleted`, async () => {
    try {
      await client.workflow.getHandle(workflowId).describe();
      return undefined;
    } catch (err) {
      return err instanceof WorkflowNotFoundError ? true : undefined;
    }
  }, 90_000);
}

/** Assigns the case to `owner`, then its analysis, completion and verification: the case waits for its re-visit. */
export async function walkCaseToRevisiting(services: Services, caseNo: string, owner: Caller): Promise<void> {
  const act = async (action: string, body: unknown, who: Caller) => {
    const res = await services.post(`/feedback-cases/${caseNo}/${action}`, body, who);
    if (res.status !== 200) throw new Error(`${action} answered ${res.status}: ${await res.text()}`);
  };
  await act('assignment', { department: 'after_sales', ownerId: owner.id, nature: 'process_efficiency', scope: 'single' }, MANAGER);
  const deadline = new Date(Date.now() + 2 * 86_400_000).toISOString();
  await act('analysis', { whyChain: ['慢'], rootCause: '排班不足', shortTermMeasures: [{ description: '上门', deadline }], longTermMeasures: [], technicianVisit: false }, owner);
  await act('completion', { summary: '已上门' }, owner);
  await act('verification', { effective: true, note: '确认' }, MANAGER);
}
