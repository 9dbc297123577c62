import { z } from 'zod';
import { SUPPORTED_TIME_ZONES } from '../../workflows/domain/company-time.js';

const port = z.coerce.number().int().min(1).max(65535);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .default('postgres://aftercare:aftercare@127.0.0.1:5432/aftercare'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('aftercare'),
  TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
  COMPANY_TIME_ZONE: z
    .string()
    .refine((zone) => SUPPORTED_TIME_ZONES.includes(zone), `must be one of ${SUPPORTED_TIME_ZONES.join(', ')}`)
    .default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
});

export type AppConfig = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Parses and validates the environment once; names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
