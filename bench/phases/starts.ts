import type { Client } from '@temporalio/client';
import { saleWorkflowId, type SaleDelivery } from '../../workflows/sale-types.js';
import { CustomerIdKey, FollowUpStageKey, SaleIdKey } from '../../workflows/search-attributes.js';
import type { SaleFollowUp } from '../../workflows/sale-follow-up.js';
import { toCompanyTime } from '../../workflows/domain/company-time.js';
import { log, scheduledSales, type BenchContext } from '../context.js';
import { aDelivery } from '../fixtures.js';
import { EMPTY_TASK_QUEUE, TASK_QUEUE } from '../services.js';
import { fmtMs, fmtRate, runPool, summarise, waitFor, type Summary } from '../stats.js';

export type StartMode = 'api' | 'raw' | 'empty';

export interface StartBatch {
  mode: StartMode;
  started: number;
  failures: number;
  firstError?: string;
  wallMs: number;
  rate: number;
  latency: Summary;
  /** Each start's response time, ms. */
  samples: number[];
}

/** What POST /sales does, straight on the Temporal client: the same workflow, options, search attributes and memo. */
export function startRaw(client: Client, delivery: SaleDelivery): Promise<unknown> {
  return client.workflow.start<typeof SaleFollowUp>('SaleFollowUp', {
    workflowId: saleWorkflowId(delivery.saleId),
    taskQueue: TASK_QUEUE,
    args: [delivery],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    workflowIdConflictPolicy: 'FAIL',
    typedSearchAttributes: [
      { key: SaleIdKey, value: delivery.saleId },
      { key: CustomerIdKey, value: delivery.customer.id },
      { key: FollowUpStageKey, value: 'registering' },
    ],
    memo: { productModel: delivery.product.model, customerCategory: delivery.customer.category },
  });
}

export const today = (timeZone: string) => toCompanyTime(new Date(), timeZone).date;

/** Starts `count` follow-ups (or empty workflows) with ids `<prefix><i>`, `concurrency` at a time. */
export async function startBatch(
  ctx: BenchContext,
  mode: StartMode,
  prefix: string,
  count: number,
  deliveredOn = today(ctx.cfg.timeZone),
): Promise<StartBatch> {
  const latencies: number[] = [];
  let failures = 0;
  let firstError: string | undefined;
  const wallMs = await runPool(count, ctx.cfg.concurrency, async (i) => {
    const saleId = `${prefix}${i}`;
    const started = performance.now();
    try {
      if (mode === 'api') {
        const res = await ctx.api.deliverSale(aDelivery(saleId, i, deliveredOn, ctx.runId));
        if (res.status !== 201) throw new Error(`POST /sales answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      } else if (mode === 'raw') {
        await startRaw(ctx.temporal, aDelivery(saleId, i, deliveredOn, ctx.runId));
      } else {
        await ctx.temporal.workflow.start('BenchEmpty', { workflowId: `bench-empty-${saleId}`, taskQueue: EMPTY_TASK_QUEUE });
      }
      latencies.push(performance.now() - started);
    } catch (err) {
      failures++;
      firstError ??= (err as Error).message;
    }
  });
  ctx.services.check();
  if (firstError) log(`${mode}: ${failures} of ${count} starts failed, first: ${firstError}`);
  return { mode, started: latencies.length, failures, ...(firstError ? { firstError } : {}), wallMs, rate: latencies.length / (wallMs / 1000), latency: summarise(latencies), samples: latencies };
}

/** Waits until the worker has registered every sale of the prefix (sale row and three callback rows). */
export async function waitRegistered(ctx: BenchContext, prefix: string, count: number, what: string): Promise<void> {
  await waitFor(
    `the worker to register the ${count} sales of ${what}`,
    async () => {
      ctx.services.check();
      return (await scheduledSales(ctx.db, prefix)) >= count ? true : undefined;
    },
    // Generous: on a machine shared with other work the worker registers a few sales a second.
    120_000 + count * 500,
    250,
  );
}

async function waitEmptyDone(ctx: BenchContext, count: number): Promise<void> {
  await waitFor(
    `the ${count} empty workflows to complete`,
    async () => {
      const { count: running } = await ctx.temporal.workflow.count(`WorkflowType = "BenchEmpty" AND ExecutionStatus = "Running"`);
      return running === 0 ? true : undefined;
    },
    60_000 + count * 100,
    500,
  );
}

/**
 * Part 1: starts through POST /sales, straight on the client, and of an empty workflow, `concurrency` at a time, with
 * the worker running as it would in production. Each batch is waited out (every sale registered) before the next, so
 * none pays for another's backlog.
 */
export async function startsPhase(ctx: BenchContext): Promise<void> {
  const { cfg, runId } = ctx;
  const n = cfg.sales;
  await ctx.services.startEmptyWorker();

  if (cfg.warmup > 0) {
    log(`warming up: ${cfg.warmup} starts of each kind`);
    await startBatch(ctx, 'api', `${runId}-WA-`, cfg.warmup);
    await startBatch(ctx, 'raw', `${runId}-WR-`, cfg.warmup);
    await startBatch(ctx, 'empty', `${runId}-WE-`, cfg.warmup);
    await waitRegistered(ctx, `${runId}-WA-`, cfg.warmup, 'the warm-up');
    await waitRegistered(ctx, `${runId}-WR-`, cfg.warmup, 'the warm-up');
  }

  const measure = async (mode: StartMode, prefix: string, count: number) => {
    log(`starts: ${count} ${mode} at concurrency ${cfg.concurrency}`);
    const batch = await startBatch(ctx, mode, prefix, count);
    const t0 = Date.now() - batch.wallMs;
    if (mode === 'empty') await waitEmptyDone(ctx, batch.started);
    else await waitRegistered(ctx, prefix, batch.started, `the ${mode} batch`);
    const settledMs = Date.now() - t0;
    log(`${mode}: ${fmtRate(batch.rate)} (p50 ${fmtMs(batch.latency.p50)}, p99 ${fmtMs(batch.latency.p99)}); all settled after ${fmtMs(settledMs)}`);
    return { ...batch, settledMs };
  };
  // Raw and API in the order raw, API, API, raw: every start leaves history in the server and the later batches pay
  // for it, so one order only would favour whichever ran first.
  const half = Math.ceil(n / 2);
  const raw1 = await measure('raw', `${runId}-R1-`, half);
  const api1 = await measure('api', `${runId}-A1-`, half);
  const api2 = await measure('api', `${runId}-A2-`, n - half);
  const raw2 = await measure('raw', `${runId}-R2-`, n - half);
  const raw = combined('raw', [raw1, raw2]);
  const api = combined('api', [api1, api2]);
  const empty = await measure('empty', `${runId}-E-`, n);
  await ctx.services.stopEmptyWorker();
  ctx.registrationRate = Math.min(raw.settledRate, api.settledRate);
  log(`starts: raw ${fmtRate(raw.rate)}, API ${fmtRate(api.rate)} over both halves`);

  const ratio = api.rate / raw.rate;
  const failed = [raw, api, empty].filter((b) => b.failures > 0);
  ctx.rows.push(
    { section: '1 Starts', measure: `POST /sales, ${n} at concurrency ${cfg.concurrency} (two halves, raw-API-API-raw)`, value: `${fmtRate(api.rate)} (p50 ${fmtMs(api.latency.p50)}, p99 ${fmtMs(api.latency.p99)})` },
    { section: '', measure: 'raw client.workflow.start, same workflow', value: `${fmtRate(raw.rate)} (p50 ${fmtMs(raw.latency.p50)}, p99 ${fmtMs(raw.latency.p99)})` },
    { section: '', measure: 'empty workflow starts (engine ceiling)', value: `${fmtRate(empty.rate)} (p50 ${fmtMs(empty.latency.p50)}, p99 ${fmtMs(empty.latency.p99)})` },
    { section: '', measure: 'API / raw', value: `${(ratio * 100).toFixed(0)} %`, target: '>= 80 %', met: ratio >= 0.8 },
    { section: '', measure: 'sales registered by the worker (start to 3 callback rows)', value: `API ${fmtRate(api.settledRate)}, raw ${fmtRate(raw.settledRate)}` },
  );
  if (failed.length) {
    ctx.rows.push({ section: '', measure: 'failed starts', value: failed.map((b) => `${b.mode} ${b.failures}`).join(', '), met: false });
  }
  ctx.figures.starts = { raw, api, empty, ratio, halves: { raw: [raw1, raw2], api: [api1, api2] } };
}

type MeasuredBatch = StartBatch & { settledMs: number };

/** Two halves of one kind as one batch: rate over their summed time, percentiles over all their starts. */
function combined(mode: StartMode, halves: MeasuredBatch[]): MeasuredBatch & { settledRate: number } {
  const sum = (f: (b: MeasuredBatch) => number) => halves.reduce((total, b) => total + f(b), 0);
  const samples = halves.flatMap((b) => b.samples);
  const firstError = halves.find((b) => b.firstError)?.firstError;
  return {
    mode,
    started: sum((b) => b.started),
    failures: sum((b) => b.failures),
    ...(firstError ? { firstError } : {}),
    wallMs: sum((b) => b.wallMs),
    rate: sum((b) => b.started) / (sum((b) => b.wallMs) / 1000),
    latency: summarise(samples),
    samples,
    settledMs: sum((b) => b.settledMs),
    settledRate: sum((b) => b.started) / (sum((b) => b.settledMs) / 1000),
  };
}
