import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { loadConfig } from '../src/config/config.js';
import { migrate } from '../src/database/migrate.js';
import { encryptingDataConverter } from '../src/temporal/payload-codec.js';
import { loadBenchConfig, type Phase } from './config.js';
import { CpuMeter, databaseBackends, fmtCpu } from './cpu.js';
import { log, type BenchContext } from './context.js';
import { apiClient } from './http-client.js';
import { fanoutPhase } from './phases/fanout.js';
import { memoryPhase } from './phases/memory.js';
import { reportsPhase } from './phases/reports.js';
import { resultsPhase } from './phases/results.js';
import { startsPhase } from './phases/starts.js';
import { Services } from './services.js';
import { renderTable } from './table.js';

const PHASES: Record<Phase, (ctx: BenchContext) => Promise<void>> = {
  starts: startsPhase,
  fanout: fanoutPhase,
  results: resultsPhase,
  memory: memoryPhase,
  reports: reportsPhase,
};

/** The bench database starts empty every run: its rows would not match the in-memory Temporal server's workflows. */
async function resetDatabase(url: string): Promise<string> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('drop schema if exists public cascade');
    await db.query('create schema public');
    const { rows } = await db.query<{ v: string }>(`select current_setting('server_version') as v`);
    return rows[0].v;
  } finally {
    await db.end();
  }
}

const cfg = loadBenchConfig();
const startedAt = new Date();
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  temporalCli: process.env.BENCH_TEMPORAL_CLI_VERSION ?? 'unknown',
  postgres: '',
  loadAtStart: load(),
};

log(`resetting and migrating ${cfg.databaseUrl.replace(/\/\/[^@]*@/, '//')}`);
machine.postgres = await resetDatabase(cfg.databaseUrl);
await migrate(cfg.databaseUrl);

// The API and worker run in production mode, which has no default secrets: this run's own.
process.env.AUTH_TOKEN_SECRET ??= randomBytes(32).toString('hex');
process.env.PAYLOAD_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
process.env.PAYLOAD_ENCRYPTION_KEY_ID ??= 'bench';
const services = new Services(cfg);
const connection = await Connection.connect({ address: cfg.temporalAddress });
const db = new pg.Pool({ connectionString: cfg.databaseUrl, max: 4 });
const ctx: BenchContext = {
  cfg,
  runId: `B${Date.now().toString(36)}`,
  api: apiClient(services.apiBase()),
  // The same payload codec as the API's client, so the raw starts pay for encryption too.
  temporal: new Client({ connection, namespace: 'default', dataConverter: encryptingDataConverter(loadConfig().payloadKeys) }),
  db,
  services,
  rows: [],
  notes: [],
  figures: {},
};

const temporalPid = Number(process.env.BENCH_TEMPORAL_PID) || undefined;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: stopping the worker and the API`);
    void services.stopAll().finally(() => process.exit(130));
  });
}

let failed = 0;
try {
  log('starting the worker and the API');
  await Promise.all([services.startWorker(), services.startApi()]);
  for (const phase of cfg.phases) {
    if (interrupted) break;
    const started = Date.now();
    log(`phase ${phase}`);
    const cpu = new CpuMeter({
      worker: async () => (services.worker ? [services.worker.pid] : []),
      api: async () => (services.api ? [services.api.pid] : []),
      'bench worker': async () => (services.emptyWorker ? [services.emptyWorker.pid] : []),
      temporal: async () => (temporalPid ? [temporalPid] : []),
      postgres: () => databaseBackends(db),
    });
    await cpu.start();
    try {
      await PHASES[phase](ctx);
      const used = await cpu.stop();
      (ctx.figures.cpu ??= {} as Record<string, unknown>);
      (ctx.figures.cpu as Record<string, unknown>)[phase] = used;
      ctx.rows.push({ section: '', measure: 'CPU seconds used by this part', value: fmtCpu(used) });
    } catch (err) {
      await cpu.stop();
      failed++;
      const message = (err as Error).message;
      log(`phase ${phase} failed: ${(err as Error).stack ?? message}`);
      ctx.rows.push({ section: phase, measure: 'FAILED', value: message.split('\n')[0].slice(0, 160), met: false });
    }
    log(`phase ${phase} took ${Math.round((Date.now() - started) / 1000)} s`);
  }
} finally {
  await services.stopAll();
  await db.end();
  await connection.close();
}

const minutes = ((Date.now() - startedAt.getTime()) / 60_000).toFixed(1);
const sizes = `BENCH_SALES=${cfg.sales} BENCH_CONCURRENCY=${cfg.concurrency} BENCH_FANOUT_SALES=${cfg.fanoutSales} BENCH_AGENTS=${cfg.agents} BENCH_RESULTS=${cfg.results} BENCH_OPEN_WORKFLOWS=${cfg.openWorkflows} BENCH_SURVEY_RECORDS=${cfg.surveyRecords}`;
const header = [
  `Aftercare benchmark, ${startedAt.toISOString()}, ${minutes} min`,
  `machine: ${machine.cpus} x ${machine.cpu}, ${machine.memoryGiB} GiB; Node ${machine.node}; Temporal CLI ${machine.temporalCli} dev server (in memory); PostgreSQL ${machine.postgres}`,
  `load average at start ${machine.loadAtStart}, at end ${load()}`,
  `sizes: ${sizes}`,
].join('\n');
const table = renderTable(ctx.rows);
const notes = ctx.notes.map((n) => `note: ${n}`).join('\n');
const output = `${header}\n\n${table}\n${notes ? `\n${notes}\n` : ''}`;
await writeFile(join(cfg.logDir, 'table.md'), output);
await writeFile(join(cfg.logDir, 'results.json'), JSON.stringify({ startedAt, machine, cfg, rows: ctx.rows, notes: ctx.notes, figures: ctx.figures }, null, 2));
process.stdout.write(`\n${output}\nlogs, results.json and table.md in ${cfg.logDir}\n`);
process.exit(failed ? 1 : 0);
