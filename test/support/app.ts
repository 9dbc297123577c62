import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/app.js';
import type { Clock } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { requireEnv } from './env.js';
import { TEST_TOKEN_SECRET } from './tokens.js';

/**
 * The real HTTP application on the test database, with Temporal pointed at a port where nothing listens; `env`
 * adds settings, `clock` replaces the system clock (lockouts and session lifetimes without sleeping).
 */
export async function startApiWithoutTemporal({ env = {}, clock }: { env?: Record<string, string>; clock?: Clock } = {}): Promise<{
  app: NestExpressApplication;
  base: string;
}> {
  const config = loadConfig({
    DATABASE_URL: requireEnv('TEST_DATABASE_URL'),
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    LOG_LEVEL: 'error',
    AUTH_TOKEN_SECRET: TEST_TOKEN_SECRET,
    ...env,
  });
  const app = await createApp(config, clock ? { clock } : {});
  await app.listen(0, '127.0.0.1');
  return { app, base: await app.getUrl() };
}
