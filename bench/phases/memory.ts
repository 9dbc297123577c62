import { log, type BenchContext } from '../context.js';
import { fmtMiB, fmtMs, runPool, sleep, summarise } from '../stats.js';
import { startBatch, waitRegistered } from './starts.js';

async function openSaleWorkflows(ctx: BenchContext): Promise<number> {
  const { count } = await ctx.temporal.workflow.count(`WorkflowType = "SaleFollowUp" AND ExecutionStatus = "Running"`);
  return count;
}

/** Both processes' resident memory, sampled every second while `during` runs; the highest sample of each. */
async function sampled<T>(ctx: BenchContext, during: () => Promise<T>): Promise<{ value: T; worker: number; api: number }> {
  let worker = 0;
  let api = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      worker = Math.max(worker, (await ctx.services.worker!.memory()).rss || 0);
      api = Math.max(api, (await ctx.services.api!.memory()).rss || 0);
      await sleep(1000);
    }
  })();
  try {
    return { value: await during(), worker, api };
  } finally {
    running = false;
    await sampler;
  }
}

/**
 * Part 4: resident memory of the worker and the API with the configured number of open sale workflows: after they are
 * all registered, and after every one was read through GET /sales/:id, which loads each into the worker's cache.
 */
export async function memoryPhase(ctx: BenchContext): Promise<void> {
  const { cfg, runId } = ctx;
  const open = await openSaleWorkflows(ctx);
  const missing = Math.max(0, cfg.openWorkflows - open);
  const prefix = `${runId}-M-`;
  log(`memory: ${open} sale workflows open, starting ${missing} more`);
  if (missing > 0) {
    const batch = await startBatch(ctx, 'api', prefix, missing);
    await waitRegistered(ctx, prefix, batch.started, 'the memory phase');
  }
  const openNow = await openSaleWorkflows(ctx);
  await sleep(5000);
  const settledWorker = await ctx.services.worker!.memory();
  const settledApi = await ctx.services.api!.memory();
  log(`memory: ${openNow} open; worker RSS ${fmtMiB(settledWorker.rss)}, API RSS ${fmtMiB(settledApi.rss)}`);

  let touched = { worker: NaN, api: NaN, reads: summarise([]), after: { worker: NaN, api: NaN } };
  if (cfg.memoryTouch) {
    const { rows } = await ctx.db.query<{ id: string }>(`select id from sale where id like $1 and status = 'following' order by id`, [`${runId}-%`]);
    log(`memory: reading ${rows.length} sales through GET /sales/:id`);
    const readMs: number[] = [];
    let failures = 0;
    const peak = await sampled(ctx, () =>
      runPool(rows.length, cfg.agents, async (i) => {
        const res = await ctx.api.getSale(rows[i].id);
        if (res.status === 200) readMs.push(res.ms);
        else failures++;
      }),
    );
    if (failures) ctx.notes.push(`memory: ${failures} of ${rows.length} GET /sales/:id failed`);
    await sleep(2000);
    touched = {
      worker: peak.worker,
      api: peak.api,
      reads: summarise(readMs),
      after: { worker: (await ctx.services.worker!.memory()).rss, api: (await ctx.services.api!.memory()).rss },
    };
    log(`memory: after reading every sale, worker RSS ${fmtMiB(touched.after.worker)} (peak ${fmtMiB(peak.worker)}), API ${fmtMiB(touched.after.api)}`);
  }
  ctx.services.check();
  const worst = Math.max(settledWorker.rss, touched.after.worker || 0, touched.worker || 0);
  ctx.rows.push(
    {
      section: '4 Memory',
      measure: `worker RSS, ${openNow} open sale workflows`,
      value: `${fmtMiB(settledWorker.rss)} registered${cfg.memoryTouch ? `; ${fmtMiB(touched.after.worker)} after reading each (peak ${fmtMiB(touched.worker)})` : ''}`,
      target: '<= 512 MiB',
      met: worst <= 512 * 2 ** 20,
    },
    {
      section: '',
      measure: 'API RSS',
      value: `${fmtMiB(settledApi.rss)}${cfg.memoryTouch ? `; ${fmtMiB(touched.after.api)} after (peak ${fmtMiB(touched.api)})` : ''}`,
    },
  );
  if (cfg.memoryTouch) {
    ctx.rows.push({ section: '', measure: 'GET /sales/:id over every open sale (cold cache)', value: `p50 ${fmtMs(touched.reads.p50)}, p99 ${fmtMs(touched.reads.p99)}` });
  }
  ctx.figures.memory = { open: openNow, settled: { worker: settledWorker, api: settledApi }, touched };
}
