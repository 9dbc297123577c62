import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { describeChange, upsertCalendarYears } from './calendar/calendar-store.js';
import { checkWorkerSettings, ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { readBusinessCalendarFile } from './config/business-calendar.js';
import { ormConfig } from './database/orm-config.js';
import { smtpMailer } from './notifications/mailer.js';
import { temporalDeliveryStarter } from './notifications/record-notification.js';
import { encryptingDataConverter } from './temporal/payload-codec.js';
import { workflowBundle } from './temporal/workflow-bundle.js';

/** The worker process: runs the workflows and the activities that write PostgreSQL. */
async function runWorker(config: AppConfig): Promise<void> {
  // Workflows run in a worker thread, created by Worker.create below with the heap limit in force then. Under the
  // default limit (a quarter of the machine's memory) V8 lets that heap fill with garbage long before collecting it.
  setFlagsFromString(`--max-old-space-size=${config.WORKER_HEAP_LIMIT_MIB}`);
  const calendarYears = await readBusinessCalendarFile(config.BUSINESS_CALENDAR_FILE);
  const orm = await MikroORM.init(ormConfig(config.DATABASE_URL));
  if (calendarYears.length) {
    // The file is one way to load years; the followUpSettings activity reads the table on each call.
    const changes = await upsertCalendarYears(orm.em, calendarYears, 'file');
    console.log(`business calendar from ${config.BUSINESS_CALENDAR_FILE}: ${changes.map(describeChange).join('; ')}`);
  }
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  // The activity that records a notification starts its delivery workflow through this client.
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const dataConverter = encryptingDataConverter(config.payloadKeys);
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });
  const mailer = smtpMailer(config.smtp);
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowBundle: workflowBundle(),
      dataConverter,
      maxCachedWorkflows: config.TEMPORAL_MAX_CACHED_WORKFLOWS,
      activities: createActivities({
        orm,
        companyTimeZone: config.COMPANY_TIME_ZONE,
        callWindows: config.CALL_WINDOWS,
        deliveries: temporalDeliveryStarter(client, config.TEMPORAL_TASK_QUEUE, config.deliveryPolicy),
        mailer,
        mailFrom: config.smtp.from,
        appBaseUrl: config.APP_BASE_URL,
      }),
    });
    console.log(
      `worker polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}; ` +
        `notifications e-mailed through ${config.smtp.host}:${config.smtp.port}`,
    );
    // Resolves after SIGINT/SIGTERM, once in-flight tasks have finished.
    await worker.run();
  } finally {
    mailer.close();
    await clientConnection.close();
    await connection.close();
    await orm.close();
  }
}

try {
  const config = loadConfig();
  checkWorkerSettings(config);
  await runWorker(config);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  throw err;
}
