import { z } from 'zod';
import { parseCallWindows } from '../../workflows/domain/call-windows.js';
import { SUPPORTED_TIME_ZONES } from '../../workflows/domain/company-time.js';

const port = z.coerce.number().int().min(1).max(65535);

/** Signs the API's bearer tokens in development and tests only; production must set its own AUTH_TOKEN_SECRET. */
export const DEVELOPMENT_TOKEN_SECRET = 'aftercare-development-token-secret-not-for-production';

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
  /** When agents call customers, company time: HH:MM-HH:MM, comma-separated. */
  CALL_WINDOWS: z
    .string()
    .default('10:00-11:30,15:00-17:30')
    .transform((text, ctx) => {
      try {
        return parseCallWindows(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /** A JSON calendar file (one year, or {version, years}) whose years the worker loads into business_calendar_year at start. */
  BUSINESS_CALENDAR_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  /** HMAC key of the API's bearer tokens (HS256), at least 32 characters; required in production. */
  AUTH_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
});

const withSecret = schema.transform((config, ctx) => {
  if (config.NODE_ENV === 'production') {
    if (config.AUTH_TOKEN_SECRET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_TOKEN_SECRET'], message: 'is required in production (at least 32 random characters)' });
      return z.NEVER;
    }
    if (config.AUTH_TOKEN_SECRET === DEVELOPMENT_TOKEN_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_TOKEN_SECRET'], message: 'must not be the published development secret in production' });
      return z.NEVER;
    }
  }
  return { ...config, AUTH_TOKEN_SECRET: config.AUTH_TOKEN_SECRET ?? DEVELOPMENT_TOKEN_SECRET };
});

export type AppConfig = z.infer<typeof withSecret>;

export class ConfigError extends Error {}

/** Parses and validates the environment once; names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = withSecret.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
