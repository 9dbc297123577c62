import { randomUUID } from 'node:crypto';
import { addDays } from '../../workflows/domain/company-time.js';
import type { SaleFollowUpState } from '../../workflows/sale-types.js';
import { log, type BenchContext } from '../context.js';
import { aSatisfiedSurvey } from '../fixtures.js';
import { fmtMs, fmtRate, runPool, sleep, summarise, waitFor } from '../stats.js';
import { startBatch, today, waitRegistered } from './starts.js';

interface CallbackPage {
  items: { callbackId: string; saleId: string }[];
  total: number;
}

/** Up to `count` callbacks in the agents' queue, read as an agent would, page by page. */
async function dueCallbacks(ctx: BenchContext, count: number): Promise<{ callbackId: string; saleId: string }[]> {
  // Pages shift while callbacks are still falling due: one callback may be on two pages, and goes to one agent.
  const found = new Map<string, { callbackId: string; saleId: string }>();
  for (let page = 1; found.size < count; page++) {
    const res = await ctx.api.listCallbacks<CallbackPage>({ status: 'due', page, pageSize: 200 });
    if (res.status !== 200) throw new Error(`GET /callbacks answered ${res.status}: ${JSON.stringify(res.body)}`);
    for (const c of res.body.items) if (c.saleId.startsWith(ctx.runId)) found.set(c.callbackId, { callbackId: c.callbackId, saleId: c.saleId });
    if (res.body.items.length < 200) break;
  }
  return [...found.values()].slice(0, count);
}

/**
 * Part 3: agents working the queue at the same time. Each claims a due callback, records a satisfied phone survey and
 * reads the sale back (GET /sales/:id) until it shows the attempt.
 */
export async function resultsPhase(ctx: BenchContext): Promise<void> {
  const { cfg, runId } = ctx;
  let callbacks = await dueCallbacks(ctx, cfg.results);
  if (callbacks.length < cfg.results) {
    // Sales delivered 40 days ago are late: their first callback is due at once.
    const missing = cfg.results - callbacks.length;
    const prefix = `${runId}-L-`;
    log(`results: ${callbacks.length} callbacks due, starting ${missing} late sales for the rest`);
    const batch = await startBatch(ctx, 'api', prefix, missing, addDays(today(cfg.timeZone), -40));
    await waitRegistered(ctx, prefix, batch.started, 'the late sales');
    callbacks = await waitFor(
      `${cfg.results} callbacks to be due`,
      async () => {
        const due = await dueCallbacks(ctx, cfg.results);
        return due.length >= Math.min(cfg.results, callbacks.length + batch.started) ? due : undefined;
      },
      120_000,
      1000,
    );
  }

  // Most callbacks back to back (the capacity the call centre gets), the last BENCH_PACED_RESULTS with each agent
  // pausing BENCH_AGENT_PAUSE_S between calls (one agent's answer at the pace of a working call centre, and faster).
  const paced = Math.min(cfg.pacedResults, Math.floor(callbacks.length / 2));
  log(`results: ${cfg.agents} agents recording ${callbacks.length - paced} results back to back`);
  const flat = await agentsRecord(ctx, callbacks.slice(0, callbacks.length - paced), 0);
  log(`results: ${cfg.agents} agents recording ${paced} results, ${fmtMs(cfg.agentPauseMs)} between calls`);
  const pacedRun = await agentsRecord(ctx, callbacks.slice(callbacks.length - paced), cfg.agentPauseMs);
  const { claimMs, resultMs, visibleMs, readMs, failures, claimRetries, wallMs } = flat;
  ctx.services.check();
  const claim = summarise(claimMs);
  const result = summarise(resultMs);
  const visible = summarise(visibleMs);
  const read = summarise(readMs);
  const rate = resultMs.length / (wallMs / 1000);
  ctx.rows.push(
    {
      section: '3 Agent results',
      measure: `${cfg.agents} agents, ${resultMs.length} results back to back: POST .../results response`,
      value: `p50 ${fmtMs(result.p50)}, p99 ${fmtMs(result.p99)} (${fmtRate(rate)})`,
      target: 'p99 <= 150 ms',
      met: result.p99 <= 150,
    },
    {
      section: '',
      measure: 'POST .../claim response, until claimed',
      value: `p50 ${fmtMs(claim.p50)}, p99 ${fmtMs(claim.p99)}${claimRetries ? ` (${claimRetries} retries: listed, not yet open in its workflow)` : ''}`,
    },
    { section: '', measure: 'result sent -> shown by GET /sales/:id', value: `p50 ${fmtMs(visible.p50)}, p99 ${fmtMs(visible.p99)} (GET p99 ${fmtMs(read.p99)})` },
  );
  const pacedResult = summarise(pacedRun.resultMs);
  const pacedVisible = summarise(pacedRun.visibleMs);
  if (paced > 0) {
    ctx.rows.push({
      section: '',
      measure: `${cfg.agents} agents, ${pacedRun.resultMs.length} results, ${fmtMs(cfg.agentPauseMs)} between an agent's calls: POST .../results`,
      value: `p50 ${fmtMs(pacedResult.p50)}, p99 ${fmtMs(pacedResult.p99)} (${fmtRate(pacedRun.resultMs.length / (pacedRun.wallMs / 1000))}); shown p99 ${fmtMs(pacedVisible.p99)}`,
      target: 'p99 <= 150 ms',
      met: pacedResult.p99 <= 150,
    });
  }
  failures.push(...pacedRun.failures);
  if (failures.length) {
    ctx.rows.push({ section: '', measure: 'failed claims or results', value: `${failures.length}, first: ${failures[0].slice(0, 120)}`, met: false });
  }
  ctx.figures.results = {
    agents: cfg.agents,
    claimRetries,
    recorded: resultMs.length,
    rate,
    claim,
    result,
    visible,
    read,
    paced: { pauseMs: cfg.agentPauseMs, recorded: pacedRun.resultMs.length, result: pacedResult, visible: pacedVisible, claim: summarise(pacedRun.claimMs) },
    failures: failures.slice(0, 20),
  };
  log(`results: p50 ${fmtMs(result.p50)}, p99 ${fmtMs(result.p99)}; visible p99 ${fmtMs(visible.p99)}`);
}

/** `agents` agents working through the callbacks, each pausing `pauseMs` before its next call. */
async function agentsRecord(ctx: BenchContext, callbacks: { callbackId: string; saleId: string }[], pauseMs: number) {
  const { cfg } = ctx;
  const claimMs: number[] = [];
  const resultMs: number[] = [];
  const visibleMs: number[] = [];
  const readMs: number[] = [];
  const failures: string[] = [];
  let claimRetries = 0;
  const wallMs = await runPool(callbacks.length, cfg.agents, async (i) => {
    const { callbackId, saleId } = callbacks[i];
    const agentId = `agent.${i % cfg.agents}`;
    // Spread over 0.5–1.5 pauses, so the agents do not call in step.
    if (pauseMs > 0) await sleep(pauseMs * (0.5 + Math.random()));
    try {
      const claimSent = performance.now();
      for (let tries = 0; ; tries++) {
        const claim = await ctx.api.claimCallback(callbackId, agentId);
        if (claim.status === 200) break;
        // Listed in the queue before its workflow has taken it as due: the agent tries again a moment later.
        const notOpenYet = claim.status === 409 && /not open for calls \(scheduled/.test(JSON.stringify(claim.body));
        if (!notOpenYet || tries >= 100) throw new Error(`claim answered ${claim.status}: ${JSON.stringify(claim.body).slice(0, 200)}`);
        claimRetries++;
        await sleep(100);
      }
      claimMs.push(performance.now() - claimSent);
      const attemptId = randomUUID();
      const sent = performance.now();
      const result = await ctx.api.recordResult(callbackId, agentId, aSatisfiedSurvey(attemptId));
      if (result.status !== 201) throw new Error(`result answered ${result.status}: ${JSON.stringify(result.body).slice(0, 200)}`);
      resultMs.push(result.ms);
      for (let tries = 0; ; tries++) {
        const read = await ctx.api.getSale<SaleFollowUpState>(saleId);
        readMs.push(read.ms);
        if (read.status === 200 && read.body.attempts.some((a) => a.attemptId === attemptId)) break;
        if (tries > 500) throw new Error(`GET /sales/${saleId} never showed attempt ${attemptId}`);
        await sleep(10);
      }
      visibleMs.push(performance.now() - sent);
    } catch (err) {
      failures.push((err as Error).message);
    }
  });
  return { claimMs, resultMs, visibleMs, readMs, failures, claimRetries, wallMs };
}
