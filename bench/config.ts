import { z } from 'zod';

const positive = z.coerce.number().int().min(1);
const count = (fallback: number) => positive.default(fallback);
const PHASES = ['starts', 'fanout', 'results', 'memory', 'reports'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * Sizes come from the environment; the issue's sizes are the defaults. BENCH_SALES scales every other size that is
 * not set itself, so BENCH_SALES=200 is a quick run of every part.
 */
const schema = z
  .object({
    TEMPORAL_ADDRESS: z.string().min(1),
    BENCH_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL'),
    BENCH_API_PORT: z.coerce.number().int().min(1).max(65535),
    BENCH_LOG_DIR: z.string().min(1),
    COMPANY_TIME_ZONE: z.string().default('Asia/Shanghai'),
    BENCH_PHASES: z
      .string()
      .default(PHASES.join(','))
      .transform((text, ctx) => {
        const phases = text.split(',').map((p) => p.trim()).filter(Boolean);
        const unknown = phases.filter((p) => !PHASES.includes(p as Phase));
        if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown phases ${unknown.join(', ')}; known: ${PHASES.join(', ')}` });
        return phases as Phase[];
      }),
    BENCH_SALES: count(2000),
    BENCH_CONCURRENCY: count(50),
    BENCH_WARMUP: z.coerce.number().int().min(0).default(50),
    BENCH_FANOUT_SALES: positive.optional(),
    /** Shortest time from now to the fan-out's due minute, seconds. */
    BENCH_FANOUT_LEAD_S: count(60),
    BENCH_FANOUT_TIMEOUT_S: count(900),
    BENCH_AGENTS: count(20),
    BENCH_RESULTS: positive.optional(),
    BENCH_PACED_RESULTS: count(100),
    BENCH_AGENT_PAUSE_S: z.coerce.number().min(0).max(600).default(10),
    BENCH_OPEN_WORKFLOWS: positive.optional(),
    /** Query every open sale through GET /sales/:id before measuring memory, so the worker's cache fills. */
    BENCH_MEMORY_TOUCH: z.enum(['0', '1']).default('1'),
    BENCH_SURVEY_RECORDS: positive.optional(),
    BENCH_REPORT_MONTHS: z.coerce.number().int().min(7).max(12).default(12),
    BENCH_REPORT_RUNS: count(3),
    /** Start the worker and the API with --cpu-prof; the profiles land in the log directory. */
    BENCH_PROFILE: z.enum(['0', '1']).default('0'),
  })
  .transform((env) => ({
    temporalAddress: env.TEMPORAL_ADDRESS,
    databaseUrl: env.BENCH_DATABASE_URL,
    apiPort: env.BENCH_API_PORT,
    logDir: env.BENCH_LOG_DIR,
    timeZone: env.COMPANY_TIME_ZONE,
    phases: env.BENCH_PHASES,
    sales: env.BENCH_SALES,
    concurrency: env.BENCH_CONCURRENCY,
    warmup: env.BENCH_WARMUP,
    fanoutSales: env.BENCH_FANOUT_SALES ?? env.BENCH_SALES,
    fanoutLeadMs: env.BENCH_FANOUT_LEAD_S * 1000,
    fanoutTimeoutMs: env.BENCH_FANOUT_TIMEOUT_S * 1000,
    agents: env.BENCH_AGENTS,
    results: env.BENCH_RESULTS ?? Math.max(env.BENCH_AGENTS, Math.round(env.BENCH_SALES / 2)),
    pacedResults: env.BENCH_PACED_RESULTS,
    agentPauseMs: env.BENCH_AGENT_PAUSE_S * 1000,
    openWorkflows: env.BENCH_OPEN_WORKFLOWS ?? env.BENCH_SALES * 5,
    memoryTouch: env.BENCH_MEMORY_TOUCH === '1',
    surveyRecords: env.BENCH_SURVEY_RECORDS ?? env.BENCH_SALES * 500,
    reportMonths: env.BENCH_REPORT_MONTHS,
    reportRuns: env.BENCH_REPORT_RUNS,
    profile: env.BENCH_PROFILE === '1',
  }));

export type BenchConfig = z.infer<typeof schema>;

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid benchmark settings:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
