import { hostname } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { describeChange, upsertCalendarYears } from '../calendar/calendar-store.js';
import type { AppConfig } from '../config/config.js';
import { readBusinessCalendarFile } from '../config/business-calendar.js';
import { ormConfig } from '../database/orm-config.js';
import type { Logger } from '../logging/logger.js';
import { smtpMailer } from '../notifications/mailer.js';
import { temporalDeliveryStarter } from '../notifications/record-notification.js';
import { TemporalPinoLogger } from '../logging/temporal-logger.js';
import { encryptingDataConverter } from '../temporal/payload-codec.js';
import { bundledWorkflows } from '../temporal/workflow-bundle.js';
import { tracingActivityInterceptors, tracingClientInterceptors } from '../telemetry/tracing.js';
import { WorkerHealth } from './worker-health.js';

const CORE_LEVELS = { error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG' } as const;

/**
 * The Temporal runtime of this process: its logs (the SDK's, the workflows' and activities' context loggers, and the
 * Rust core's, forwarded) go to the worker's pino stream; its metrics to a Prometheus endpoint of their own, named
 * with their units (`_seconds`) and `_total` on counters.
 */
export function installRuntime(config: AppConfig, logger: Logger): void {
  Runtime.install({
    logger: new TemporalPinoLogger(logger),
    telemetryOptions: {
      logging: { filter: { core: CORE_LEVELS[config.LOG_LEVEL], other: 'WARN' }, forward: {} },
      metrics: {
        prometheus: {
          bindAddress: `${config.METRICS_HOST}:${config.WORKER_METRICS_PORT}`,
          countersTotalSuffix: true,
          unitSuffix: true,
          useSecondsForDurations: true,
        },
      },
    },
  });
}

/** The worker process: runs the workflows and the activities that write PostgreSQL. */
export async function runWorker(config: AppConfig, logger: Logger): Promise<void> {
  // Workflows run in a worker thread, created by Worker.create below with the heap limit in force then. Under the
  // default limit (a quarter of the machine's memory) V8 lets that heap fill with garbage long before collecting it.
  setFlagsFromString(`--max-old-space-size=${config.WORKER_HEAP_LIMIT_MIB}`);
  installRuntime(config, logger);
  const calendarYears = await readBusinessCalendarFile(config.BUSINESS_CALENDAR_FILE);
  const orm = await MikroORM.init(ormConfig(config.DATABASE_URL));
  if (calendarYears.length) {
    // The file is one way to load years; the followUpSettings activity reads the table on each call.
    const changes = await upsertCalendarYears(orm.em, calendarYears, 'file');
    logger.info(`business calendar from ${config.BUSINESS_CALENDAR_FILE}: ${changes.map(describeChange).join('; ')}`);
  }
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  // The activity that records a notification starts its delivery workflow through this client.
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const dataConverter = encryptingDataConverter(config.payloadKeys);
  const client = new Client({
    connection: clientConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter,
    interceptors: tracingClientInterceptors(),
  });
  const mailer = smtpMailer(config.smtp);
  const identity = `${process.pid}@${hostname()}`;
  try {
    const worker = await Worker.create({
      connection,
      identity,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      ...bundledWorkflows(),
      dataConverter,
      maxCachedWorkflows: config.TEMPORAL_MAX_CACHED_WORKFLOWS,
      interceptors: { activity: tracingActivityInterceptors() },
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
    const health = new WorkerHealth(worker, connection, orm, {
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      identity,
      pollMaxAgeS: config.WORKER_POLL_MAX_AGE_S,
      stuckAfterS: config.WORKER_STUCK_AFTER_S,
    });
    const healthServer = await health.serve(config.METRICS_HOST, config.WORKER_HEALTH_PORT);
    const address = config.METRICS_HOST === '0.0.0.0' ? '127.0.0.1' : config.METRICS_HOST;
    logger.info(
      {
        metrics: `http://${address}:${config.WORKER_METRICS_PORT}/metrics`,
        health: `http://${address}:${config.WORKER_HEALTH_PORT}/readyz`,
      },
      `worker polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}; ` +
        `notifications e-mailed through ${config.smtp.host}:${config.smtp.port}`,
    );
    try {
      // Resolves after SIGINT/SIGTERM, once in-flight tasks have finished.
      await worker.run();
    } finally {
      health.close();
      healthServer.close();
    }
  } finally {
    mailer.close();
    await clientConnection.close();
    await connection.close();
    await orm.close();
  }
}
