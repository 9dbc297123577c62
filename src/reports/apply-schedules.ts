import { Client, Connection } from '@temporalio/client';
import { ConfigError, loadConfig } from '../config/config.js';
import { encryptingDataConverter } from '../temporal/payload-codec.js';
import { applyReportSchedules } from './report-schedules.js';

/** `npm run schedules:apply`: the report schedules, created or updated idempotently (deploy time, start command). */
try {
  const config = loadConfig();
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const client = new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: encryptingDataConverter(config.payloadKeys),
    });
    const applied = await applyReportSchedules(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, timeZone: config.COMPANY_TIME_ZONE });
    for (const { scheduleId, created } of applied) console.log(`schedule ${scheduleId} ${created ? 'created' : 'up to date'}`);
  } finally {
    await connection.close();
  }
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  throw err;
}
