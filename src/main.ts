import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './logging/logger.js';
import { startTracing } from './telemetry/tracing.js';

try {
  const config = loadConfig();
  const logger = createLogger(config, 'aftercare-api');
  // Before the modules it instruments (http, pg) are loaded: the application is imported only after it.
  startTracing(config, 'aftercare-api');
  const { createApp, OPENAPI_PATH } = await import('./app.js');
  const { BusinessMetrics } = await import('./metrics/business-metrics.js');
  const { MetricsServer } = await import('./metrics/metrics-server.js');
  const app = await createApp(config, { logger });
  await app.get(MetricsServer).listen(config.METRICS_HOST, config.API_METRICS_PORT);
  app.get(BusinessMetrics).start();
  await app.listen(config.API_PORT, config.API_HOST);
  const host = (h: string) => (h === '0.0.0.0' ? '127.0.0.1' : h);
  const url = `http://${host(config.API_HOST)}:${config.API_PORT}`;
  logger.info(
    { metrics: `http://${host(config.METRICS_HOST)}:${config.API_METRICS_PORT}/metrics` },
    `API listening on ${url} (OpenAPI docs at ${url}/${OPENAPI_PATH})`,
  );
  logger.info('people sign in with POST /auth/login; service accounts send a bearer token: npm run token -- --role <role> --id <who>');
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  throw err;
}
