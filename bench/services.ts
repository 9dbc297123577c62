import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchConfig } from './config.js';
import { mustStayUp, startProcess, type BenchProcess } from './processes.js';
import { apiClient } from './http-client.js';
import { waitFor } from './stats.js';

export const TASK_QUEUE = 'aftercare';
export const EMPTY_TASK_QUEUE = 'aftercare-bench-empty';
/** Calls allowed at any time of day; the fan-out moves the start of the day's window to its due minute. */
export const ALWAYS_OPEN_WINDOWS = '00:00-23:59';

/** Every day from last year to next year a working day, so callbacks open whenever the benchmark runs. */
async function alwaysOpenCalendar(dir: string): Promise<string> {
  const year = new Date().getUTCFullYear();
  const weekendDays = (y: number) => {
    const days: string[] = [];
    for (let d = new Date(Date.UTC(y, 0, 1)); d.getUTCFullYear() === y; d.setUTCDate(d.getUTCDate() + 1)) {
      if (d.getUTCDay() === 0 || d.getUTCDay() === 6) days.push(d.toISOString().slice(0, 10));
    }
    return days;
  };
  const years = [year - 1, year, year + 1];
  const calendar = {
    version: 'bench-always-open',
    years: Object.fromEntries(years.map((y) => [y, { official: true, holidays: [], workdays: weekendDays(y) }])),
  };
  const file = join(dir, 'always-open-calendar.json');
  await writeFile(file, JSON.stringify(calendar));
  return file;
}

/** The real worker and API processes (and the bench-only empty-workflow worker), started and restarted as phases need. */
export class Services {
  worker?: BenchProcess;
  api?: BenchProcess;
  emptyWorker?: BenchProcess;
  private calendarFile?: string;
  private starts = 0;
  private fatal?: string;

  constructor(private readonly cfg: BenchConfig) {}

  readonly apiBase = () => `http://127.0.0.1:${this.cfg.apiPort}`;

  /** Throws when a process died under the benchmark. */
  check(): void {
    if (this.fatal) throw new Error(this.fatal);
  }

  private env(callWindows: string): Record<string, string> {
    return {
      NODE_ENV: 'production',
      API_HOST: '127.0.0.1',
      API_PORT: String(this.cfg.apiPort),
      // Beside the API's port, so that a running npm start (9464-9466) is never in the way.
      API_METRICS_PORT: String(this.cfg.apiPort + 1),
      WORKER_METRICS_PORT: String(this.cfg.apiPort + 2),
      WORKER_HEALTH_PORT: String(this.cfg.apiPort + 3),
      DATABASE_URL: this.cfg.databaseUrl,
      TEMPORAL_ADDRESS: this.cfg.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      COMPANY_TIME_ZONE: this.cfg.timeZone,
      CALL_WINDOWS: callWindows,
      BUSINESS_CALENDAR_FILE: this.calendarFile!,
      // Production mode needs its own secrets: the run's, made up in bench/run.ts.
      AUTH_TOKEN_SECRET: process.env.AUTH_TOKEN_SECRET!,
      PAYLOAD_ENCRYPTION_KEY: process.env.PAYLOAD_ENCRYPTION_KEY!,
      PAYLOAD_ENCRYPTION_KEY_ID: process.env.PAYLOAD_ENCRYPTION_KEY_ID!,
    };
  }

  private spawn(name: string, script: string, env: Record<string, string>): BenchProcess {
    const n = ++this.starts;
    // One directory per process: node writes a profile for each of its threads (the worker runs workflows in one).
    const args = this.cfg.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(this.cfg.logDir, `profile-${name}-${n}`)}`] : [];
    const proc = startProcess(name, script, env, this.cfg.logDir, args);
    mustStayUp(proc, (message) => {
      this.fatal ??= message;
      console.error(`[bench] ${message}`);
    });
    return proc;
  }

  /** (Re)starts the product worker with these call windows; resolves once it polls its task queue. */
  async startWorker(callWindows = ALWAYS_OPEN_WINDOWS): Promise<BenchProcess> {
    this.calendarFile ??= await alwaysOpenCalendar(this.cfg.logDir);
    await this.worker?.stop();
    this.worker = this.spawn('worker', 'src/worker.js', this.env(callWindows));
    await this.worker.printed(/worker polling task queue/, 60_000);
    return this.worker;
  }

  async startApi(): Promise<BenchProcess> {
    this.calendarFile ??= await alwaysOpenCalendar(this.cfg.logDir);
    await this.api?.stop();
    this.api = this.spawn('api', 'src/main.js', this.env(ALWAYS_OPEN_WINDOWS));
    const client = apiClient(this.apiBase());
    await waitFor('the API to answer GET /health', async () => ((await client.health()) ? true : (this.check(), undefined)), 60_000);
    return this.api;
  }

  async startEmptyWorker(): Promise<void> {
    if (this.emptyWorker) return;
    this.calendarFile ??= await alwaysOpenCalendar(this.cfg.logDir);
    // The product's settings: the empty workflows share its payload keys and its workflow cache bound.
    this.emptyWorker = this.spawn('bench-empty-worker', 'bench/empty-worker.js', {
      ...this.env(ALWAYS_OPEN_WINDOWS),
      BENCH_EMPTY_TASK_QUEUE: EMPTY_TASK_QUEUE,
    });
    await this.emptyWorker.printed(/bench worker polling/, 60_000);
  }

  async stopEmptyWorker(): Promise<void> {
    await this.emptyWorker?.stop();
    this.emptyWorker = undefined;
  }

  async stopAll(): Promise<void> {
    await Promise.all([this.api?.stop(), this.worker?.stop(), this.emptyWorker?.stop()]);
  }
}
