import { MikroORM } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { ormConfig } from '../../src/database/orm-config.js';
import { smtpMailer } from '../../src/notifications/mailer.js';
import { temporalDeliveryStarter } from '../../src/notifications/record-notification.js';
import { workflowBundle } from '../../src/temporal/workflow-bundle.js';
import { CALL_WINDOWS } from '../../workflows/domain/call-windows.js';
import { testDeliveryPolicy } from './deliveries.js';
import { testDataConverter } from './encryption.js';
import { uniqueId } from './fixtures.js';
import { startMailpit, type Mailpit } from './mailpit.js';
import { createScratchDatabase } from './scratch-database.js';
import { createTimeSkippingEnv } from './time-skipping.js';
import { bearer, TEST_TOKEN_SECRET, type Caller } from './tokens.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

export const MAIL_FROM = 'Aftercare <aftercare@aftercare.test>';
export const APP_BASE_URL = 'http://app.test/app';
export const TIME_ZONE = 'Asia/Shanghai';

export interface DeliveryHarness {
  env: TestWorkflowEnvironment;
  orm: MikroORM;
  mailpit: Mailpit;
  receiver: WebhookReceiver;
  taskQueue: string;
  activities: ReturnType<typeof createActivities>;
  /** What the activities logged as errors. */
  errors: string[];
  /** The real HTTP application, on the same database and the test server. */
  api: { base: string; get(path: string, as: Caller): Promise<Response>; post(path: string, body: unknown, as: Caller): Promise<Response> };
  /** The test server's clock. */
  now(): Promise<Date>;
  /** Skips the test server's clock to `at` (or not at all when it is past). */
  skipTo(at: Date | string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The delivery on real parts: the time-skipping test server, the real worker (every activity, on a migrated database
 * of its own), a real SMTP server (mailpit), a local chat-robot receiver, and the real API app on the same server and
 * database. The company's real call windows and business calendar apply.
 */
export async function startDeliveryHarness(): Promise<DeliveryHarness> {
  const scratch = await createScratchDatabase();
  const orm = await MikroORM.init(ormConfig(scratch.url));
  const [env, mailpit, receiver] = await Promise.all([createTimeSkippingEnv(), startMailpit(), startWebhookReceiver()]);
  const taskQueue = uniqueId('delivery');
  const errors: string[] = [];
  const mailer = smtpMailer({ host: '127.0.0.1', port: mailpit.smtpPort, secure: false, auth: null, from: MAIL_FROM });
  const activities = createActivities({
    orm,
    companyTimeZone: TIME_ZONE,
    callWindows: [...CALL_WINDOWS],
    deliveries: temporalDeliveryStarter(env.client, taskQueue, testDeliveryPolicy),
    mailer,
    mailFrom: MAIL_FROM,
    appBaseUrl: APP_BASE_URL,
    logError: (line) => errors.push(line),
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    dataConverter: testDataConverter,
    activities,
  });
  const running = worker.run();

  const app: NestExpressApplication = await createApp(
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: scratch.url,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      AUTH_TOKEN_SECRET: TEST_TOKEN_SECRET,
      LOG_LEVEL: 'error',
    }),
  );
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();

  const now = async () => new Date(await env.currentTimeMs());
  return {
    env,
    orm,
    mailpit,
    receiver,
    taskQueue,
    activities,
    errors,
    api: {
      base,
      get: (path, as) => fetch(`${base}${path}`, { headers: bearer(as) }),
      post: (path, body, as) =>
        fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(as) }, body: JSON.stringify(body) }),
    },
    now,
    async skipTo(at) {
      const ms = new Date(at).getTime() - (await now()).getTime();
      if (ms > 0) await env.sleep(ms);
    },
    async stop() {
      await app.close();
      worker.shutdown();
      await running;
      mailer.close();
      await Promise.all([env.teardown(), mailpit.stop(), receiver.close()]);
      await orm.close();
      await scratch.drop();
    },
  };
}
