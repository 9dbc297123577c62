import { addDays, atCompanyTime, toCompanyTime } from '../../workflows/domain/company-time.js';
import { log, scheduledSales, type BenchContext } from '../context.js';
import { EMPTY_TASK_QUEUE } from '../services.js';
import { fmtMs, percentile, runPool, sleep, summarise, waitFor, type Summary } from '../stats.js';
import { startBatch } from './starts.js';

const MINUTE = 60_000;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The due minute, the delivery date and the call windows that make every sale's first callback fall due at that
 * minute: the 30-day callback is due at the start of the day's first call window, so the window starts at the minute.
 */
export function fanoutPlan(earliest: number, timeZone: string): { dueAt: number; deliveredOn: string; callWindows: string } {
  let dueAt = Math.ceil(earliest / MINUTE) * MINUTE;
  let local = toCompanyTime(new Date(dueAt), timeZone);
  // The window ends at 23:59, and callbacks must stay inside it however long the fan-out takes: late in the evening,
  // the due minute is the next midnight.
  if (local.msOfDay >= (23 * 60 + 45) * MINUTE) {
    dueAt = atCompanyTime(addDays(local.date, 1), 0, timeZone).getTime();
    local = toCompanyTime(new Date(dueAt), timeZone);
  }
  const minutes = Math.round(local.msOfDay / MINUTE);
  return { dueAt, deliveredOn: addDays(local.date, -30), callWindows: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}-23:59` };
}

interface Sample {
  at: number;
  listed: number;
}

/**
 * Part 2: N sales whose 30-day callbacks all fall due in the same minute. The agents' queue (GET /callbacks) is polled
 * from just before the due time; the lag of the k-th callback is when the queue first listed k of them.
 */
export async function fanoutPhase(ctx: BenchContext): Promise<void> {
  const { cfg, runId } = ctx;
  const n = cfg.fanoutSales;
  const prefix = `${runId}-F-`;
  // Time to start and register every sale before the due minute, with room to spare on a busy machine.
  const setupMs = ctx.registrationRate ? (n / ctx.registrationRate) * 1000 : n * 50;
  const plan = fanoutPlan(Date.now() + Math.max(cfg.fanoutLeadMs, setupMs * 1.5 + 20_000), cfg.timeZone);
  const dueIso = new Date(plan.dueAt).toISOString();
  log(`fan-out: ${n} sales delivered ${plan.deliveredOn}, first callbacks due ${dueIso} (in ${fmtMs(plan.dueAt - Date.now())}); worker CALL_WINDOWS=${plan.callWindows}`);
  await ctx.services.startWorker(plan.callWindows);

  const batch = await startBatch(ctx, 'api', prefix, n, plan.deliveredOn);
  let registered = 0;
  while (Date.now() < plan.dueAt - 1000) {
    registered = await scheduledSales(ctx.db, prefix);
    if (registered >= batch.started) break;
    await sleep(500);
  }
  const setupLeft = plan.dueAt - Date.now();
  log(`fan-out: ${registered} of ${batch.started} registered, ${fmtMs(setupLeft)} before the due time`);

  await sleep(Math.max(0, plan.dueAt - Date.now() - 1500));
  const samples: Sample[] = [];
  const dueBefore = new Date(plan.dueAt + MINUTE).toISOString();
  const until = plan.dueAt + cfg.fanoutTimeoutMs;
  let listed = 0;
  while (listed < batch.started && Date.now() < until) {
    ctx.services.check();
    const res = await ctx.api.listCallbacks<{ total: number }>({ status: 'due', dueBefore, pageSize: 1 });
    if (res.status !== 200) throw new Error(`GET /callbacks answered ${res.status}: ${JSON.stringify(res.body)}`);
    listed = res.body.total;
    samples.push({ at: Date.now(), listed });
    await sleep(100);
  }
  const lagOf = (k: number) => {
    const sample = samples.find((s) => s.listed >= k);
    return sample ? Math.max(0, sample.at - plan.dueAt) : NaN;
  };
  const target = batch.started;
  const p50 = lagOf(Math.ceil(target * 0.5));
  const p99 = lagOf(Math.ceil(target * 0.99));
  const max = lagOf(target);

  // Where the lag goes, from the rows: the workflow task after the timer (opened_at) and the row written (updated_at).
  const { rows } = await ctx.db.query<{ opened: number; written: number; late: boolean }>(
    `select extract(epoch from opened_at) * 1000 as opened, extract(epoch from updated_at) * 1000 as written, late
     from callback where sale_id like $1 and kind = 'first_30_days' and status <> 'scheduled'`,
    [`${prefix}%`],
  );
  const late = rows.filter((r) => r.late).length;
  const timerToTask = summarise(rows.map((r) => Number(r.opened) - plan.dueAt));
  const timerToRow = summarise(rows.map((r) => Number(r.written) - plan.dueAt));
  const pollInterval = percentile(samples.slice(1).map((s, i) => s.at - samples[i].at), 50);

  ctx.rows.push({
    section: '2 Timer fan-out',
    measure: `${target} callbacks due in the same minute: due -> listed in GET /callbacks`,
    value: Number.isFinite(max) ? `p50 ${fmtMs(p50)}, p99 ${fmtMs(p99)}, max ${fmtMs(max)}` : `only ${listed} of ${target} listed after ${fmtMs(cfg.fanoutTimeoutMs)}; p50 ${fmtMs(p50)}, p99 ${fmtMs(p99)}`,
    target: 'p99 <= 5 s',
    met: p99 <= 5000,
  });
  ctx.rows.push({
    section: '',
    measure: 'of which: timer -> workflow task (opened_at), -> row written',
    value: `p99 ${fmtMs(timerToTask.p99)}, p99 ${fmtMs(timerToRow.p99)} (queue polled every ${fmtMs(pollInterval)})`,
  });
  if (setupLeft < 0 || late > 0 || batch.failures > 0) {
    const note = `fan-out setup overran: ${registered} of ${n} sales registered before the due time, ${late} callbacks planned late, ${batch.failures} starts failed; raise BENCH_FANOUT_LEAD_S`;
    ctx.notes.push(note);
    log(note);
  }
  ctx.figures.fanout = { plan: { ...plan, dueIso }, started: batch.started, startRate: batch.rate, registeredBeforeDue: registered, late, p50, p99, max, timerToTask, timerToRow, samples };
  log(`fan-out: p50 ${fmtMs(p50)}, p99 ${fmtMs(p99)}, max ${fmtMs(max)}`);

  const floor = await sleeperFanout(ctx, target);
  ctx.rows.push({
    section: '',
    measure: `engine floor: ${floor.count} empty workflows sleeping until the same instant, due -> completed`,
    value: `p50 ${fmtMs(floor.lag.p50)}, p99 ${fmtMs(floor.lag.p99)}, max ${fmtMs(floor.lag.max)}`,
  });
  ctx.figures.fanoutFloor = floor;
}

/**
 * The engine's own fan-out on the same server, after the product's: as many empty workflows (bench worker, same
 * cache bound) sleeping until one instant, each completing in the workflow task its timer starts. Its lag is the floor
 * under any workflow's fan-out on this machine.
 */
async function sleeperFanout(ctx: BenchContext, count: number): Promise<{ count: number; dueIso: string; lag: Summary }> {
  const { cfg, runId } = ctx;
  await ctx.services.startEmptyWorker();
  try {
    // Starting them takes about as long as starting empty workflows: well under 20 ms each even on a busy machine.
    const dueAt = Date.now() + Math.max(30_000, count * 20 + 15_000);
    const dueIso = new Date(dueAt).toISOString();
    const idPrefix = `bench-sleeper-${runId}-`;
    log(`fan-out floor: ${count} empty workflows sleeping until ${dueIso}`);
    await runPool(count, cfg.concurrency, async (i) => {
      await ctx.temporal.workflow.start('BenchSleeper', { workflowId: `${idPrefix}${i}`, taskQueue: EMPTY_TASK_QUEUE, args: [dueAt] });
    });
    if (Date.now() >= dueAt) ctx.notes.push('fan-out floor: the sleepers were still being started at their due time');
    // The run's dev server is its own, so these are the only sleepers on it.
    const query = `WorkflowType = "BenchSleeper"`;
    await sleep(Math.max(0, dueAt - Date.now()));
    await waitFor(
      `the ${count} sleepers to complete`,
      async () => ((await ctx.temporal.workflow.count(`${query} AND ExecutionStatus = "Running"`)).count === 0 ? true : undefined),
      cfg.fanoutTimeoutMs,
      500,
    );
    const lags: number[] = [];
    for await (const execution of ctx.temporal.workflow.list({ query })) {
      if (execution.closeTime) lags.push(execution.closeTime.getTime() - dueAt);
    }
    const lag = summarise(lags);
    log(`fan-out floor: p50 ${fmtMs(lag.p50)}, p99 ${fmtMs(lag.p99)}, max ${fmtMs(lag.max)}`);
    return { count: lags.length, dueIso, lag };
  } finally {
    await ctx.services.stopEmptyWorker();
  }
}
