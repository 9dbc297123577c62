import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.js';
import { withTemporalClient } from '../temporal/command-client.js';
import { ReportLabelError, runReport } from './run-report.js';

const USAGE = `usage: npm run report:run -- --kind monthly|quarterly --label 2026-11|2026-Q4
Runs that period's report now, as the schedule does on the 1st for the period before; a period already reported
starts nothing new.`;

/** `npm run report:run`: one period's report, run now (a past month, or the month so far). */
try {
  const { values } = parseArgs({ options: { kind: { type: 'string' }, label: { type: 'string' }, help: { type: 'boolean' } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.kind || !values.label) {
    console.error(`--kind and --label are required\n${USAGE}`);
    process.exit(2);
  }
  const config = loadConfig();
  const { workflowId, started } = await withTemporalClient(config, (client) =>
    runReport(client, { kind: values.kind!, label: values.label!, taskQueue: config.TEMPORAL_TASK_QUEUE, timeZone: config.COMPANY_TIME_ZONE }),
  );
  console.log(started ? `${workflowId} started: GET /reports/${values.kind}/${values.label} shows it once computed` : `${workflowId} was run before: nothing new started`);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  if (err instanceof ReportLabelError) {
    console.error(`${err.message}\n${USAGE}`);
    process.exit(2);
  }
  throw err;
}
