import 'reflect-metadata';
import { checkWorkerSettings, ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './logging/logger.js';
import { startTracing, stopTracing } from './telemetry/tracing.js';

try {
  const config = loadConfig();
  checkWorkerSettings(config);
  const logger = createLogger(config, 'aftercare-worker');
  // Before the modules it instruments (pg) are loaded: the worker's code is imported only after it.
  startTracing(config, 'aftercare-worker');
  const { runWorker } = await import('./worker/worker-process.js');
  try {
    await runWorker(config, logger);
  } finally {
    await stopTracing();
  }
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  throw err;
}
