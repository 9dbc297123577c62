import { z } from 'zod';
import { parseCallWindows } from '../../workflows/domain/call-windows.js';
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
  /**
   * Workflows the worker keeps in memory between their tasks; the others are replayed from their history when they
   * next wake. Each costs about 0.3 MiB; the SDK's default, sized from the heap limit, is over 2,000 (over 1 GiB).
   */
  TEMPORAL_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100_000).default(500),
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
