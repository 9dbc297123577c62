import { z } from 'zod';

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const seconds = (fallback: number) => z.coerce.number().min(0).default(fallback);

/** The fault run's sizes and durations (FAULTS_*), and what scripts/faults.sh provisioned. */
const schema = z.object({
  // Provisioned by scripts/faults.sh.
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  TEMPORAL_ADDRESS: z.string().min(1),
  FAULTS_DIR: z.string().min(1),
  FAULTS_CTL: z.string().min(1),
  FAULTS_API_PORT: z.coerce.number().int().min(1).max(65535).default(3900),
  FAULTS_PROVISIONING_S: z.coerce.number().min(0).default(0),
  // 1. worker killed in a burst
  FAULTS_SALES: count(500),
  FAULTS_CONCURRENCY: count(24),
  /** The worker is killed once this share of the burst's results is recorded. */
  FAULTS_KILL_AT: z.coerce.number().gt(0).lt(1).default(0.3),
  FAULTS_WORKER_DOWN_S: seconds(5),
  // 2. PostgreSQL stopped under traffic
  FAULTS_DB_SALES: count(100),
  FAULTS_DB_OUTAGE_S: seconds(30),
  // 3. Temporal restarted
  FAULTS_TEMPORAL_SALES: count(40),
  FAULTS_TEMPORAL_DOWN_S: seconds(10),
  /** A busy customer's chosen time lies this far after the restart: its timer must fire after it. */
  FAULTS_TIMER_AFTER_RESTART_S: seconds(15),
  // 4. repeated requests
  FAULTS_REPEAT_SALES: count(20),
  /** Which scenarios run, e.g. 1,4 (scenarios 2–4 use sales of scenario 1 when it ran). */
  FAULTS_SCENARIOS: z
    .string()
    .default('1,2,3,4')
    .transform((text) => new Set(text.split(',').map((s) => s.trim())))
    .refine((set) => [...set].every((s) => ['1', '2', '3', '4'].includes(s)), 'must list scenarios 1 to 4, e.g. 1,3'),
  // Limits
  /** A request not answered within this time counts as a hang. */
  FAULTS_REQUEST_TIMEOUT_S: seconds(60),
  /** A 503 must come within this time: an agent waiting longer is left in doubt. */
  FAULTS_FAST_503_S: seconds(5),
  /** A sale's journey (delivery to recorded survey) not done within this time fails; it also bounds each scenario's waits. */
  FAULTS_JOURNEY_LIMIT_S: seconds(300),
});

export type FaultSettings = z.infer<typeof schema>;

export function loadSettings(env: NodeJS.ProcessEnv = process.env): FaultSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid fault run settings (run it with npm run faults):\n${problems.join('\n')}`);
  }
  return parsed.data;
}
