import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp, OPENAPI_PATH } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';

try {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.API_PORT, config.API_HOST);
  const url = `http://${config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST}:${config.API_PORT}`;
  new Logger('Aftercare').log(`API listening on ${url} (OpenAPI docs at ${url}/${OPENAPI_PATH})`);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  throw err;
}
