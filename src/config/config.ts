import { z } from 'zod';
import { parseCallWindows } from '../../workflows/domain/call-windows.js';
import { SUPPORTED_TIME_ZONES } from '../../workflows/domain/company-time.js';
import type { DeliveryPolicy } from '../../workflows/notification-types.js';

const port = z.coerce.number().int().min(1).max(65535);
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
// An address, or "Display Name <address>".
const MAIL_FROM = /^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/;

/** Signs the API's bearer tokens in development and tests only; production must set its own AUTH_TOKEN_SECRET. */
export const DEVELOPMENT_TOKEN_SECRET = 'aftercare-development-token-secret-not-for-production';

/** The published key that development and test runs encrypt Temporal payloads with; never accepted in production. */
export const DEVELOPMENT_PAYLOAD_KEY = Buffer.from('aftercare-development-only-key!!').toString('base64');
export const DEVELOPMENT_PAYLOAD_KEY_ID = 'dev';

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const keyIdMessage = 'must be 1-64 letters, digits, dots, dashes or underscores';

function payloadKey(text: string): Buffer | string {
  const key = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || key.length !== 32) {
    return 'must be 32 random bytes in base64 (e.g. openssl rand -base64 32)';
  }
  return key;
}

/** Keys that encrypted payloads before the current one, kept for decoding: `id:base64key`, comma-separated. */
const previousPayloadKeys = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const keys = new Map<string, Buffer>();
    for (const entry of (text ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
      const [id = '', base64 = ''] = entry.split(':');
      const key = payloadKey(base64);
      if (!KEY_ID.test(id)) ctx.addIssue({ code: 'custom', message: `key id "${id}" ${keyIdMessage} (entries are id:base64key)` });
      else if (typeof key === 'string') ctx.addIssue({ code: 'custom', message: `key ${id} ${key}` });
      else keys.set(id, key);
    }
    return keys;
  });

/** Compose passes `${VAR:-}` through as an empty string: that means not set. */
const unsetWhenEmpty = <T extends z.ZodType>(type: T) => z.preprocess((value) => (value === '' ? undefined : value), type);

const settings = z.object({
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
  /** How long one API request may wait on Temporal (start, query, update) before it answers 503. */
  TEMPORAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  /**
   * Workflows the worker keeps in memory between their tasks; the others are replayed from their history when they
   * next wake. Each costs about 0.7 MiB; the SDK's default, sized from the heap limit, is over 2,000 (over 1 GiB).
   */
  TEMPORAL_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100_000).default(200),
  /** V8 heap limit of the worker's threads, MiB: the cached workflows need about half of the default. */
  WORKER_HEAP_LIMIT_MIB: z.coerce.number().int().min(128).max(65_536).default(384),
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
  /** How many days after today (company time) a reported delivery date may lie: the sales system reports deliveries made. */
  DELIVERED_ON_FUTURE_DAYS: z.coerce.number().int().min(0).max(31).default(1),
  /** How many years back a reported delivery date may lie: older ones are typing errors, not sales still under follow-up. */
  DELIVERED_ON_HORIZON_YEARS: z.coerce.number().int().min(1).max(50).default(10),
  /** How long the first answer to a request sent with an Idempotency-Key is kept for its repeats. */
  IDEMPOTENCY_KEY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** A JSON calendar file (one year, or {version, years}) whose years the worker loads into business_calendar_year at start. */
  BUSINESS_CALENDAR_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  /** JSON lines for log collectors; `pretty` (pino-pretty) for a developer's terminal. */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  /** Where the metrics and health listeners bind: never the public API port (see README, Operating Aftercare). */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  API_METRICS_PORT: port.default(9464),
  WORKER_METRICS_PORT: port.default(9465),
  WORKER_HEALTH_PORT: port.default(9466),
  /** How often the API reads the business gauges (callbacks, cases, reports) from PostgreSQL. */
  BUSINESS_METRICS_INTERVAL_S: z.coerce.number().int().min(1).max(3600).default(30),
  /**
   * A worker counts as polling while its latest poll of the task queue began at most this long ago. An idle worker
   * starts a new poll each time the server's long poll expires (60 s by default), so this must stay above that.
   */
  WORKER_POLL_MAX_AGE_S: z.coerce.number().int().min(2).max(3600).default(90),
  /** The worker is stuck (liveness fails) when it has not asked the SDK core for a workflow task for this long. */
  WORKER_STUCK_AFTER_S: z.coerce.number().int().min(5).max(3600).default(120),
  /** Traces go out over OTLP/HTTP when either is set; off otherwise. */
  OTEL_EXPORTER_OTLP_ENDPOINT: unsetWhenEmpty(z.url().optional()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: unsetWhenEmpty(z.url().optional()),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Encrypts every Temporal payload (see src/temporal/payload-codec.ts); development and test default to a published key. */
  PAYLOAD_ENCRYPTION_KEY: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      const key = payloadKey(text);
      if (typeof key === 'string') {
        ctx.addIssue({ code: 'custom', message: key });
        return z.NEVER;
      }
      return key;
    }),
  PAYLOAD_ENCRYPTION_KEY_ID: z.string().regex(KEY_ID, keyIdMessage).optional(),
  PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: previousPayloadKeys,
  /** HMAC key of the API's bearer tokens (HS256), at least 32 characters; required in production. */
  AUTH_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Where people open the web app, and where notifications link to; its scheme decides whether the session cookie is Secure. */
  APP_BASE_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL, e.g. https://aftercare.example.com/app' })
    .default('http://127.0.0.1:3000/app'),
  /** A session that has not been used for this long ends. */
  SESSION_IDLE_MINUTES: z.coerce.number().int('must be a whole number of minutes').min(1).max(24 * 60).default(60),
  /** A session ends this long after sign-in, however busy. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int('must be a whole number of hours').min(1).max(30 * 24).default(12),
  /** Failed sign-ins for one user name before it is locked; the last two before the lock are slowed. */
  SIGN_IN_LOCK_AFTER: z.coerce.number().int().min(3).max(100).default(5),
  /** Failed sign-ins from one client address (any user names) before it is locked; an office shares one address. */
  SIGN_IN_ADDRESS_LOCK_AFTER: z.coerce.number().int().min(3).max(10_000).default(30),
  SIGN_IN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** The wait after the first slowed failure, doubling with each further one. */
  SIGN_IN_SLOWDOWN_SECONDS: z.coerce.number().int().min(1).max(600).default(5),
  /** Express's trust proxy setting: behind a reverse proxy, the hops to trust for the client address. */
  TRUST_PROXY: z
    .string()
    .regex(/^(false|true|loopback|\d{1,2}|[0-9a-fA-F.:/, ]+)$/, 'must be false, true, loopback, a number of hops or addresses/subnets')
    .default('false')
    .transform((text) => (text === 'false' ? false : text === 'true' ? true : /^\d+$/.test(text) ? Number(text) : text)),
  /** Development only: `npm run directory:load` gives this password to loaded people who have none yet. */
  DIRECTORY_INITIAL_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(128).optional(),
  /** The SMTP server notifications are e-mailed through; outside production, mailpit as npm start runs it. */
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: port.default(1025),
  /** true: TLS from the first byte (port 465); false: plain, upgraded with STARTTLS when the server offers it. */
  SMTP_SECURE: flag.default(false),
  // Empty is unset, as Compose passes `${SMTP_USER:-}`.
  SMTP_USER: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  SMTP_PASSWORD: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  SMTP_FROM: z.string().regex(MAIL_FROM, 'must be an e-mail address or "Name <address>"').optional(),
  /** Retries of a failed e-mail or chat send: the first after this long, doubling up to DELIVERY_RETRY_MAX_MS. */
  DELIVERY_RETRY_INITIAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  DELIVERY_RETRY_MAX_MS: z.coerce.number().int().min(100).max(86_400_000).default(600_000),
  /** After this many failed attempts at one send, the administrators are told (once while the channel keeps failing). */
  DELIVERY_FAILING_AFTER_ATTEMPTS: z.coerce.number().int().min(1).max(10_000).default(5),
  /** A send still failing this long after it was first tried is given up and marked failed. */
  DELIVERY_GIVE_UP_AFTER_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(72),
});

const DEVELOPMENT_SMTP_HOST = '127.0.0.1';
const DEVELOPMENT_MAIL_FROM = 'Aftercare <aftercare@aftercare.local>';

const schema = settings
  .superRefine(
    (env, ctx) => {
      if (env.NODE_ENV !== 'production') return;
      const problem = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
      const key = env.PAYLOAD_ENCRYPTION_KEY;
      // A key that failed its own check has already been named.
      if (key === undefined) problem('PAYLOAD_ENCRYPTION_KEY', 'required in production: 32 random bytes in base64, e.g. openssl rand -base64 32');
      else if (Buffer.isBuffer(key) && key.equals(Buffer.from(DEVELOPMENT_PAYLOAD_KEY, 'base64'))) {
        problem('PAYLOAD_ENCRYPTION_KEY', 'is the published development key; production needs its own');
      }
      if (env.PAYLOAD_ENCRYPTION_KEY_ID === undefined) problem('PAYLOAD_ENCRYPTION_KEY_ID', 'required in production: the name each encrypted payload carries, e.g. 2026-01');
      const app = new URL(env.APP_BASE_URL);
      if (app.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(app.hostname)) {
        problem('APP_BASE_URL', 'must be https in production (the session cookie is sent over it); plain http only for localhost');
      }
      if (env.DIRECTORY_INITIAL_PASSWORD !== undefined) {
        problem('DIRECTORY_INITIAL_PASSWORD', 'is for development only: in production the administrator sets each password (PUT /directory/people/:id/password)');
      }
      if (env.AUTH_TOKEN_SECRET === undefined) problem('AUTH_TOKEN_SECRET', 'is required in production (at least 32 random characters)');
      else if (env.AUTH_TOKEN_SECRET === DEVELOPMENT_TOKEN_SECRET) problem('AUTH_TOKEN_SECRET', 'must not be the published development secret in production');
    },
    // Also when other variables are wrong, so that one start names every problem.
    { when: () => true },
  )
  .superRefine((env, ctx) => {
    const clash = (a: 'API_METRICS_PORT' | 'WORKER_HEALTH_PORT', b: 'API_PORT' | 'WORKER_METRICS_PORT') => {
      if (env[a] === env[b]) ctx.addIssue({ code: 'custom', path: [a], message: `must differ from ${b} (${env[b]})` });
    };
    clash('API_METRICS_PORT', 'API_PORT');
    clash('WORKER_HEALTH_PORT', 'WORKER_METRICS_PORT');
  })
  .superRefine((env, ctx) => {
    if ((env.SMTP_USER === undefined) !== (env.SMTP_PASSWORD === undefined)) {
      ctx.addIssue({ code: 'custom', path: [env.SMTP_USER === undefined ? 'SMTP_USER' : 'SMTP_PASSWORD'], message: 'SMTP_USER and SMTP_PASSWORD are set together or not at all' });
    }
    if (env.DELIVERY_RETRY_MAX_MS < env.DELIVERY_RETRY_INITIAL_MS) {
      ctx.addIssue({ code: 'custom', path: ['DELIVERY_RETRY_MAX_MS'], message: 'must be at least DELIVERY_RETRY_INITIAL_MS' });
    }
    const id = env.PAYLOAD_ENCRYPTION_KEY_ID ?? DEVELOPMENT_PAYLOAD_KEY_ID;
    if (env.PAYLOAD_ENCRYPTION_PREVIOUS_KEYS.has(id)) {
      const message = `holds key id ${id}, the current PAYLOAD_ENCRYPTION_KEY_ID; each id names one key`;
      ctx.addIssue({ code: 'custom', path: ['PAYLOAD_ENCRYPTION_PREVIOUS_KEYS'], message });
    }
  })
  .transform(({ PAYLOAD_ENCRYPTION_KEY, PAYLOAD_ENCRYPTION_KEY_ID, PAYLOAD_ENCRYPTION_PREVIOUS_KEYS, SMTP_PASSWORD, ...env }) => ({
    ...env,
    smtp: {
      host: env.SMTP_HOST ?? DEVELOPMENT_SMTP_HOST,
      port: env.SMTP_PORT,
      secure: env.SMTP_SECURE,
      auth: env.SMTP_USER !== undefined && SMTP_PASSWORD !== undefined ? { user: env.SMTP_USER, pass: SMTP_PASSWORD } : null,
      from: env.SMTP_FROM ?? DEVELOPMENT_MAIL_FROM,
    } satisfies SmtpSettings,
    deliveryPolicy: {
      retryInitialMs: env.DELIVERY_RETRY_INITIAL_MS,
      retryMaxMs: env.DELIVERY_RETRY_MAX_MS,
      failingAfterAttempts: env.DELIVERY_FAILING_AFTER_ATTEMPTS,
      giveUpAfterMs: env.DELIVERY_GIVE_UP_AFTER_HOURS * 3_600_000,
    } satisfies DeliveryPolicy,
    AUTH_TOKEN_SECRET: env.AUTH_TOKEN_SECRET ?? DEVELOPMENT_TOKEN_SECRET,
    payloadKeys: {
      current: {
        id: PAYLOAD_ENCRYPTION_KEY_ID ?? DEVELOPMENT_PAYLOAD_KEY_ID,
        key: PAYLOAD_ENCRYPTION_KEY ?? Buffer.from(DEVELOPMENT_PAYLOAD_KEY, 'base64'),
      },
      previous: PAYLOAD_ENCRYPTION_PREVIOUS_KEYS,
    } satisfies PayloadKeys,
  }));

/** The key that encrypts Temporal payloads, and the older ones that still decode what they encrypted. */
export interface PayloadKeys {
  current: { id: string; key: Buffer };
  previous: Map<string, Buffer>;
}

/** The SMTP server and sender of notification e-mail. */
export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  auth: { user: string; pass: string } | null;
  from: string;
}

export type AppConfig = z.output<typeof schema>;

export class ConfigError extends Error {}

/** What the worker needs besides the common settings: in production, where notification e-mail goes and comes from. */
export function checkWorkerSettings(config: AppConfig): void {
  if (config.NODE_ENV !== 'production') return;
  const problems = [
    config.SMTP_HOST === undefined && '  SMTP_HOST: is required in production: the SMTP server notifications are e-mailed through',
    config.SMTP_FROM === undefined && '  SMTP_FROM: is required in production: the address notifications come from, e.g. "Aftercare <aftercare@example.com>"',
  ].filter(Boolean);
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}

/** Parses and validates the environment once; names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
