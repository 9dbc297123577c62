import { ConfigError, loadConfig } from '../config/config.js';
import { withTemporalClient } from '../temporal/command-client.js';
import { applyReportSchedules } from './report-schedules.js';

/** `npm run schedules:apply`: the report schedules, created or updated idempotently (deploy time, start command). */
try {
  const config = loadConfig();
  const applied = await withTemporalClient(config, (client) =>
    applyReportSchedules(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, timeZone: config.COMPANY_TIME_ZONE }),
  );
  for (const { scheduleId, created } of applied) console.log(`schedule ${scheduleId} ${created ? 'created' : 'up to date'}`);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  throw err;
}
