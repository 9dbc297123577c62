import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { loadBusinessCalendar } from './config/business-calendar.js';
import { ormConfig } from './database/orm-config.js';
import { workflowBundle } from './temporal/workflow-bundle.js';

/** The worker process: runs the workflows and the activities that write PostgreSQL. */
async function runWorker(config: AppConfig): Promise<void> {
  const calendar = await loadBusinessCalendar(config.BUSINESS_CALENDAR_FILE);
  const orm = await MikroORM.init(ormConfig(config.DATABASE_URL));
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowBundle: workflowBundle(),
      activities: createActivities({
        orm,
        companyTimeZone: config.COMPANY_TIME_ZONE,
        followUpSettings: { timeZone: config.COMPANY_TIME_ZONE, calendar, callWindows: config.CALL_WINDOWS },
      }),
    });
    console.log(`worker polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`);
    // Resolves after SIGINT/SIGTERM, once in-flight tasks have finished.
    await worker.run();
  } finally {
    await connection.close();
    await orm.close();
  }
}

try {
  await runWorker(loadConfig());
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  throw err;
}
