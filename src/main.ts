import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp, OPENAPI_PATH } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';

try {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.API_PORT, config.API_HOST);
  const url = `http://${config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST}:${config.API_PORT}`;
  const logger = new Logger('Aftercare');
  logger.log(`API listening on ${url} (OpenAPI docs at ${url}/${OPENAPI_PATH})`);
  logger.log('people sign in with POST /auth/login; service accounts send a bearer token: npm run token -- --role <role> --id <who>');
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  throw err;
}
