// The fault run's driver (npm run faults, after scripts/faults.sh provisioned PostgreSQL and Temporal): spawns the
// real API and worker, sends traffic, breaks one thing at a time and checks that nothing is lost or duplicated.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { loadConfig } from '../src/config/config.js';
import { encryptingDataConverter } from '../src/temporal/payload-codec.js';
import { saleWorkflowId } from '../workflows/sale-types.js';
import { ApiClient, percentile, Recorder, type Answer } from './faults/api-client.js';
import { duplicateRows, invisibleResults, lostRecords, tableCounts, type Duplicate, type Loss } from './faults/checks.js';
import { aJourney, claim, deliver, inPool, recordSurvey, runJourney, surveyOf, untilAccepted, untilDue, type Journey } from './faults/journeys.js';
import { byStatus, firstSuccessAfter, readsSent, startReaders, type Read } from './faults/readers.js';
import { alwaysOpenCalendar, Servers, ServiceProcess } from './faults/services.js';
import { loadSettings } from './faults/settings.js';

const settings = loadSettings();
const S = (seconds: number) => seconds * 1000;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const runStarted = Date.now();

const recorder = new Recorder();
const api = new ApiClient(`http://127.0.0.1:${settings.FAULTS_API_PORT}`, recorder, S(settings.FAULTS_REQUEST_TIMEOUT_S));
const db = new pg.Pool({ connectionString: settings.DATABASE_URL, max: 3 });
db.on('error', () => undefined); // idle connections die with the server in scenario 2
const servers = new Servers(settings);

const serviceEnv: Record<string, string> = {
  DATABASE_URL: settings.DATABASE_URL,
  TEMPORAL_ADDRESS: settings.TEMPORAL_ADDRESS,
  API_PORT: String(settings.FAULTS_API_PORT),
  // Beside the API's port, so that a running npm start (9464-9466) is never in the way.
  API_METRICS_PORT: String(settings.FAULTS_API_PORT + 1),
  WORKER_METRICS_PORT: String(settings.FAULTS_API_PORT + 2),
  WORKER_HEALTH_PORT: String(settings.FAULTS_API_PORT + 3),
  // Calls allowed all day every day: a late sale's callback opens at once.
  CALL_WINDOWS: '00:00-23:59',
  BUSINESS_CALENDAR_FILE: await alwaysOpenCalendar(settings.FAULTS_DIR),
};
const worker = new ServiceProcess('worker', serviceEnv, settings.FAULTS_DIR);
const apiProcess = new ServiceProcess('api', serviceEnv, settings.FAULTS_DIR);
process.on('exit', () => {
  for (const service of [worker, apiProcess]) if (service.alive) process.kill(service.pid!, 'SIGKILL');
});

interface Check {
  what: string;
  ok: boolean;
  detail?: string;
}

interface ScenarioReport {
  name: string;
  checks: Check[];
  lost: number;
  duplicates: number;
  recovery: string;
  seconds: number;
}

const reports: ScenarioReport[] = [];
const allJourneys: Journey[] = [];

function say(line: string): void {
  console.log(`  ${line}`);
}

function check(checks: Check[], what: string, ok: boolean, detail?: string): void {
  checks.push({ what, ok, ...(detail ? { detail } : {}) });
  say(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` (${detail})` : ''}`);
}

function sample<T>(items: readonly T[], n: number): T[] {
  return items.filter((_, i) => i % Math.max(1, Math.floor(items.length / n)) === 0).slice(0, n);
}

async function waitUntil(condition: () => boolean, timeoutMs: number, pollMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await delay(pollMs);
  }
  return true;
}

async function startWorker(): Promise<number> {
  const started = Date.now();
  worker.start();
  await worker.waitForOutput('worker polling task queue', S(60));
  return Date.now() - started;
}

async function apiAnswers(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await api.health()).status === 200) return;
    await delay(200);
  }
  throw new Error(`the API did not report healthy within ${timeoutMs} ms; see ${settings.FAULTS_DIR}/api.log`);
}

/** What every scenario checks at its end: journeys done, records present and visible, nothing twice, no 5xx but 503. */
async function settle(name: string, checks: Check[], journeys: readonly Journey[]): Promise<{ lost: Loss[]; duplicates: Duplicate[] }> {
  const unfinished = journeys.filter((j) => !j.done);
  check(checks, `every journey finished: ${journeys.length - unfinished.length}/${journeys.length}`, unfinished.length === 0, unfinished[0]?.failure);
  const lost = [...(await lostRecords(db, journeys)), ...(await invisibleResults(api, journeys))];
  check(checks, `records lost: ${lost.length}`, lost.length === 0, lost.slice(0, 3).map((l) => `${l.saleId}: ${l.what}`).join('; '));
  const duplicates = await duplicateRows(db, journeys);
  check(checks, `duplicate rows: ${duplicates.length}`, duplicates.length === 0, duplicates.slice(0, 3).map((d) => `${d.table} ${d.key} ×${d.rows}`).join('; '));
  const serverErrors = recorder.serverErrors.filter((e) => e.scenario === name);
  check(checks, `5xx other than 503: ${serverErrors.length}`, serverErrors.length === 0, serverErrors.slice(0, 3).map((e) => `${e.route} ${e.status} ${e.body}`).join('; '));
  const unanswered = recorder.total(name).byStatus.get(0) ?? 0;
  check(checks, `requests without an answer within ${settings.FAULTS_REQUEST_TIMEOUT_S} s: ${unanswered}`, unanswered === 0);
  check(checks, 'API process never restarted', apiProcess.alive && apiProcess.starts === 1);
  return { lost, duplicates };
}

function byStatusOf(counts: Map<number, number> | undefined): string {
  return [...(counts ?? [])].sort(([a], [b]) => a - b).map(([s, n]) => `${s || 'no answer'}: ${n}`).join(', ') || 'none';
}

function printTraffic(name: string): void {
  for (const [route, figures] of recorder.routes(name)) {
    const statuses = [...figures.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s || 'no answer'}: ${n}`).join(', ');
    const ms = (p: number) => percentile(figures.acceptedMs, p).toFixed(0);
    const slow503 = figures.slowestMs.get(503);
    say(
      `  ${route.padEnd(28)} ${String(figures.requests).padStart(6)} requests; ${statuses}; 2xx p50 ${ms(50)} ms, p95 ${ms(95)} ms, max ${ms(100)} ms` +
        (slow503 === undefined ? '' : `; slowest 503 ${slow503.toFixed(0)} ms`),
    );
  }
}

async function scenario(name: string, run: (checks: Check[]) => Promise<{ journeys: Journey[]; recovery: string }>): Promise<void> {
  console.log(`\n== ${name}`);
  recorder.scenario = name;
  const started = Date.now();
  const checks: Check[] = [];
  let lost = 0;
  let duplicates = 0;
  let recovery = '';
  try {
    const outcome = await run(checks);
    allJourneys.push(...outcome.journeys);
    const settled = await settle(name, checks, outcome.journeys);
    lost = settled.lost.length;
    duplicates = settled.duplicates.length;
    recovery = outcome.recovery;
  } catch (err) {
    check(checks, 'scenario ran to its end', false, (err as Error).stack);
  }
  printTraffic(name);
  reports.push({ name, checks, lost, duplicates, recovery, seconds: (Date.now() - started) / 1000 });
}

// 1. kill -9 the worker in the middle of a burst of deliveries and call results, restart it a few seconds later.
async function workerKilledInBurst(checks: Check[]) {
  const journeys = Array.from({ length: settings.FAULTS_SALES }, (_, i) => aJourney('W', i));
  const killAfter = Math.ceil(journeys.length * settings.FAULTS_KILL_AT);
  let results = 0;
  let killedAt = 0;
  let restartedAt = 0;
  let firstAfterRestart = 0;
  let duringOutage = 0;
  let resultsAtKill = 0;
  const onResult = () => {
    results += 1;
    if (killedAt && !restartedAt) duringOutage += 1;
    if (restartedAt && !firstAfterRestart) firstAfterRestart = Date.now();
  };
  let burstDone = false;
  const started = Date.now();
  const killer = (async () => {
    await waitUntil(() => results >= killAfter || burstDone, Number.MAX_SAFE_INTEGER);
    if (burstDone) return;
    resultsAtKill = results;
    await worker.kill('SIGKILL');
    killedAt = Date.now();
    say(`worker killed (kill -9) after ${secs(killedAt - started)}, with ${results} of ${journeys.length} results recorded`);
    await delay(S(settings.FAULTS_WORKER_DOWN_S));
    restartedAt = Date.now();
    const startup = await startWorker();
    say(`worker started again ${secs(restartedAt - killedAt)} after the kill; polling after ${secs(startup)}`);
  })();
  await inPool(journeys, settings.FAULTS_CONCURRENCY, (journey) => runJourney(api, journey, S(settings.FAULTS_JOURNEY_LIMIT_S), onResult));
  burstDone = true;
  await killer;
  const finished = Date.now();
  const throughput = (journeys.length / ((finished - started) / 1000)).toFixed(1);
  say(`burst: ${journeys.length} sales delivered, claimed and surveyed in ${secs(finished - started)} (${throughput} journeys/s at concurrency ${settings.FAULTS_CONCURRENCY})`);
  const step = (from: keyof Journey['at'], to: keyof Journey['at']) => {
    const spans = journeys.filter((j) => j.at[from] && j.at[to]).map((j) => j.at[to]! - j.at[from]!);
    return `p50 ${secs(percentile(spans, 50))}, p95 ${secs(percentile(spans, 95))}`;
  };
  say(`steps: delivery ${step('started', 'delivered')}; until due ${step('delivered', 'due')}; claim ${step('due', 'claimed')}; survey ${step('claimed', 'recorded')}`);
  check(checks, 'the worker was killed in the middle of the burst', killedAt > 0 && resultsAtKill < journeys.length, `${resultsAtKill} of ${journeys.length} results recorded at the kill`);
  const resumed = firstAfterRestart ? firstAfterRestart - restartedAt : NaN;
  say(`results recorded while the worker was down: ${duringOutage}; first result after the restart: ${secs(resumed)}; burst finished ${secs(finished - killedAt)} after the kill`);
  check(checks, 'results recorded again after the restart', firstAfterRestart > 0);
  return {
    journeys,
    recovery: `first result ${secs(resumed)} after restart; all ${secs(finished - killedAt)} after kill`,
  };
}

// 2. Stop PostgreSQL under traffic: reads answer 503, activities retry, nothing is lost after recovery.
async function databaseDown(checks: Check[], earlier: readonly Journey[]) {
  const workerStarts = worker.starts;
  const journeys = Array.from({ length: settings.FAULTS_DB_SALES }, (_, i) => aJourney('D', i));
  // A quarter of them have their callback claimed before the outage: their results are sent while it lasts.
  const claimedBefore = journeys.slice(0, Math.ceil(journeys.length / 4));
  const arriving = journeys.slice(claimedBefore.length);
  const concurrency = Math.max(4, Math.floor(settings.FAULTS_CONCURRENCY / 2));
  const limit = S(settings.FAULTS_JOURNEY_LIMIT_S + settings.FAULTS_DB_OUTAGE_S);
  await inPool(claimedBefore, concurrency, async (journey) => {
    const deadline = Date.now() + limit;
    await deliver(api, journey, deadline);
    await untilDue(api, journey, deadline);
    await claim(api, journey, deadline);
  });
  const dbReads = ['GET /callbacks', 'GET /leads', 'GET /feedback-cases'];
  const reads: Read[] = [
    { route: 'GET /callbacks', send: () => api.callbacks({ status: 'due', pageSize: '20' }) },
    { route: 'GET /leads', send: () => api.leads({ pageSize: '20' }) },
    { route: 'GET /feedback-cases', send: () => api.feedbackCases({ pageSize: '20' }) },
    { route: 'GET /sales/:id', send: () => api.sale(earlier[Math.floor(Math.random() * earlier.length)].saleId) },
  ];
  const temporal = new Client({
    connection: await Connection.connect({ address: settings.TEMPORAL_ADDRESS }),
    dataConverter: encryptingDataConverter(loadConfig().payloadKeys),
  });
  const readers = startReaders(reads, 4, 200);
  // New sales start just before the outage and keep coming during it; the claimed callbacks' results come during it.
  const traffic = Promise.all([
    inPool(arriving, concurrency, async (journey, i) => {
      await delay(i < 5 ? 0 : S(2) + Math.random() * S(settings.FAULTS_DB_OUTAGE_S) * 0.6);
      await runJourney(api, journey, limit);
    }),
    inPool(claimedBefore, concurrency, async (journey) => {
      await delay(S(3) + Math.random() * S(settings.FAULTS_DB_OUTAGE_S) * 0.5);
      try {
        await recordSurvey(api, journey, Date.now() + limit);
        journey.done = true;
      } catch (err) {
        journey.failure = (err as Error).message;
      }
    }),
  ]);
  await delay(S(2));
  await servers.stopDatabase();
  const downAt = Date.now();
  say(`PostgreSQL stopped (pg_ctl -m immediate); ${claimedBefore.length} callbacks claimed, their results and ${arriving.length} new sales coming`);

  // Halfway through, the sale workflows' activities should be retrying.
  await delay(S(settings.FAULTS_DB_OUTAGE_S) * 0.7);
  let retrying = 0;
  let maxAttempt = 0;
  for (const journey of journeys.filter((j) => !j.done).slice(0, 40)) {
    try {
      const { raw } = await temporal.workflow.getHandle(saleWorkflowId(journey.saleId)).describe();
      for (const activity of raw.pendingActivities ?? []) {
        if ((activity.attempt ?? 0) > 1) retrying += 1;
        maxAttempt = Math.max(maxAttempt, activity.attempt ?? 0);
      }
    } catch {
      // not started yet
    }
  }
  say(`activities retrying during the outage: ${retrying} in the first 40 unfinished sales (highest attempt ${maxAttempt})`);
  // Not a check: the writes of a new sale, of opening a callback and of a result are local activities, which retry
  // inside the worker and never show as pending; that every journey completes after the outage is what proves it.

  await delay(Math.max(0, downAt + S(settings.FAULTS_DB_OUTAGE_S) - Date.now()));
  const upAt = Date.now();
  await servers.startDatabase();
  const readyAt = Date.now();
  say(`PostgreSQL started again after ${secs(upAt - downAt)} down (ready in ${secs(readyAt - upAt)})`);
  await traffic;
  const finished = Date.now();
  const log = await readers.stop();
  await temporal.connection.close();

  // Reads sent while the database was down must be refused quickly: 503, never 500, never a hang.
  const outageReads = readsSent(log, downAt, upAt - S(settings.FAULTS_FAST_503_S), dbReads);
  const slowest = Math.max(0, ...outageReads.map((r) => r.ms));
  say(`database reads sent during the outage: ${outageReads.length} (${byStatus(outageReads)}), slowest answer ${secs(slowest)}`);
  check(checks, 'database reads during the outage answered 503', outageReads.length > 0 && outageReads.every((r) => r.status === 503), byStatus(outageReads));
  check(checks, `503s came within ${settings.FAULTS_FAST_503_S} s`, slowest <= S(settings.FAULTS_FAST_503_S), secs(slowest));
  const temporalReads = readsSent(log, downAt, upAt, ['GET /sales/:id']);
  say(`sale queries (Temporal only) during the outage: ${byStatus(temporalReads)}`);
  const writes = recorder.routes(recorder.scenario);
  const results = writes.get('POST /callbacks/:id/results');
  say(`call results during and after the outage: ${results?.requests ?? 0} sent (${byStatusOf(results?.byStatus)}), slowest 503 in ${secs(results?.slowestMs.get(503) ?? 0)}`);
  const readsBack = firstSuccessAfter(log, readyAt, dbReads);
  say(`first database read answered 200 ${readsBack === null ? 'never' : `${readsBack.toFixed(1)} s`} after PostgreSQL was back; all journeys done ${secs(finished - readyAt)} after`);
  check(checks, 'database reads answered 200 again without restarting the API', readsBack !== null);
  check(checks, 'the worker process survived the outage', worker.alive && worker.starts === workerStarts);
  return { journeys, recovery: `reads ${readsBack?.toFixed(1)} s, journeys ${secs(finished - readyAt)} after PostgreSQL back` };
}

// 3. Restart the Temporal dev server: workflows resume where they were; the API answers 503 meanwhile and recovers.
async function temporalRestarted(checks: Check[], earlier: readonly Journey[]) {
  const workerStarts = worker.starts;
  const half = Math.max(1, Math.floor(settings.FAULTS_TEMPORAL_SALES / 2));
  const claimed = Array.from({ length: half }, (_, i) => aJourney('T', i));
  const busy = Array.from({ length: half }, (_, i) => aJourney('B', i));
  const fresh = Array.from({ length: half }, (_, i) => aJourney('U', i));
  const deadline = Date.now() + S(settings.FAULTS_JOURNEY_LIMIT_S);
  const concurrency = Math.max(4, Math.floor(settings.FAULTS_CONCURRENCY / 2));

  // Before: some callbacks claimed and waiting for their result, some rescheduled by a busy customer (a timer).
  await inPool([...claimed, ...busy], concurrency, async (journey) => {
    await deliver(api, journey, deadline);
    await untilDue(api, journey, deadline);
    await claim(api, journey, deadline);
  });
  const callBackAt = new Date(Date.now() + S(settings.FAULTS_TEMPORAL_DOWN_S + settings.FAULTS_TIMER_AFTER_RESTART_S) + S(5)).toISOString();
  await inPool(busy, concurrency, async (journey) => {
    const attemptId = randomUUID();
    journey.attemptIds.push(attemptId);
    const body = { attemptId, outcome: 'busy', reason: 'in a meeting', callBackAt };
    await untilAccepted(`busy result of ${journey.callbackId}`, () => api.recordResult(journey.callbackId, journey.agentId, body), deadline);
  });
  const witnesses = sample(earlier, 30);
  const before = new Map<string, unknown>();
  for (const journey of [...witnesses, ...claimed, ...busy]) before.set(journey.saleId, (await api.sale(journey.saleId)).body);

  const temporalRoutes = ['GET /sales/:id'];
  const reads: Read[] = [
    { route: 'GET /sales/:id', send: () => api.sale(witnesses[Math.floor(Math.random() * witnesses.length)].saleId) },
    { route: 'GET /callbacks', send: () => api.callbacks({ status: 'claimed', pageSize: '20' }) },
  ];
  const readers = startReaders(reads, 3, 200);
  await delay(S(1));
  await servers.killTemporal();
  const downAt = Date.now();
  say(`Temporal dev server killed (kill -9); ${claimed.length} callbacks claimed, ${busy.length} waiting for ${callBackAt}`);

  // During the outage: new deliveries, and the claimed callbacks' results, sent until accepted.
  const outageTraffic = Promise.all([
    inPool(fresh, concurrency, (journey) => runJourney(api, journey, S(settings.FAULTS_JOURNEY_LIMIT_S))),
    inPool(claimed, concurrency, async (journey) => {
      try {
        await recordSurvey(api, journey, deadline);
        journey.done = true;
      } catch (err) {
        journey.failure = (err as Error).message;
      }
    }),
  ]);
  await delay(S(settings.FAULTS_TEMPORAL_DOWN_S));
  const upAt = Date.now();
  await servers.startTemporal();
  const readyAt = Date.now();
  say(`Temporal started again on the same database after ${secs(upAt - downAt)} down (ready in ${secs(readyAt - upAt)})`);
  await outageTraffic;

  // The witnesses' follow-ups are where they were.
  const changed: string[] = [];
  for (const journey of witnesses) {
    const after = (await api.sale(journey.saleId)).body;
    if (JSON.stringify(after) !== JSON.stringify(before.get(journey.saleId))) changed.push(journey.saleId);
  }
  check(checks, `earlier follow-ups unchanged across the restart (queried: ${witnesses.length})`, changed.length === 0, changed.slice(0, 3).join(', '));

  // The busy customers' timers fire at the time they chose, after the restart; then the agents finish those calls.
  await inPool(busy, concurrency, async (journey) => {
    try {
      await untilDue(api, journey, Date.parse(callBackAt) + S(settings.FAULTS_JOURNEY_LIMIT_S));
      await claim(api, journey, deadline);
      await recordSurvey(api, journey, deadline);
      journey.done = true;
    } catch (err) {
      journey.failure = (err as Error).message;
    }
  });
  const { rows: opened } = await db.query(`select opened_at from callback where id = any($1) and opened_at is not null`, [busy.map((j) => j.callbackId)]);
  const lateness = opened.map((row) => (row.opened_at as Date).getTime() - Date.parse(callBackAt));
  const early = lateness.filter((ms) => ms < 0).length;
  say(`busy callbacks reopened by their timers: ${opened.length}/${busy.length}, ${secs(percentile(lateness, 50))} after the chosen time (p50), ${secs(Math.max(0, ...lateness))} at most; the chosen time was ${secs(Date.parse(callBackAt) - readyAt)} after the restart`);
  check(checks, 'timers set before the restart fired after it, at the chosen time', opened.length === busy.length && early === 0 && Date.parse(callBackAt) > readyAt);

  const log = await readers.stop();
  // Reads sent while Temporal was down must be refused quickly: 503, never 500, never a hang.
  const outageReads = readsSent(log, downAt, upAt - S(settings.FAULTS_FAST_503_S), temporalRoutes);
  const slowest = Math.max(0, ...outageReads.map((r) => r.ms));
  const writes = recorder.routes(recorder.scenario);
  say(`sale queries sent during the outage: ${outageReads.length} (${byStatus(outageReads)}), slowest answer ${secs(slowest)}`);
  say(`database reads during the outage: ${byStatus(readsSent(log, downAt, upAt, ['GET /callbacks']))}`);
  check(checks, 'Temporal-backed reads during the outage answered 503', outageReads.length > 0 && outageReads.every((r) => r.status === 503), byStatus(outageReads));
  check(checks, `503s came within ${settings.FAULTS_FAST_503_S} s`, slowest <= S(settings.FAULTS_FAST_503_S), secs(slowest));
  const writes503 = ['POST /sales', 'POST /callbacks/:id/results'].map((route) => `${route} ${writes.get(route)?.slowestMs.get(503)?.toFixed(0) ?? '-'} ms`);
  say(`slowest 503 on writes: ${writes503.join(', ')}`);
  const back = firstSuccessAfter(log, readyAt, temporalRoutes);
  say(`first sale query answered 200 ${back === null ? 'never' : `${back.toFixed(1)} s`} after Temporal was ready`);
  check(checks, 'the API answered again without a restart', back !== null && apiProcess.starts === 1);
  check(checks, 'the worker process survived the restart', worker.alive && worker.starts === workerStarts);
  return { journeys: [...claimed, ...busy, ...fresh], recovery: `API ${back?.toFixed(1)} s after Temporal back` };
}

// 4. Repeated deliveries and results (the same attempt id) are applied once, and answered the same way.
async function repeatedRequests(checks: Check[], earlier: readonly Journey[]) {
  const journeys = Array.from({ length: settings.FAULTS_REPEAT_SALES }, (_, i) => aJourney('R', i));
  const deadline = Date.now() + S(settings.FAULTS_JOURNEY_LIMIT_S);
  const wrong: string[] = [];
  const expect = (ok: boolean, what: string) => ok || wrong.push(what);
  const statuses = (answers: Answer[]) => answers.map((a) => a.status).sort().join(',');
  const same = (a: any, b: any) => JSON.stringify({ ...a, applied: undefined }) === JSON.stringify({ ...b, applied: undefined });
  let sent = 0;

  await inPool(journeys, Math.max(4, Math.floor(settings.FAULTS_CONCURRENCY / 2)), async (journey) => {
    try {
      const deliveries = await Promise.all([1, 2, 3].map(() => api.deliver(journey.delivery)));
      const again = await api.deliver(journey.delivery);
      sent += 4;
      expect(statuses(deliveries) === '200,200,201', `${journey.saleId}: 3 deliveries at once answered ${statuses(deliveries)}`);
      expect(again.status === 200 && again.body.created === false, `${journey.saleId}: a 4th delivery answered ${again.status}`);
      await untilDue(api, journey, deadline);
      const claims = [await claim(api, journey, deadline), await claim(api, journey, deadline)];
      sent += 2;
      expect(claims.every((c) => c.status === 200 && c.body.claimedBy === journey.agentId), `${journey.saleId}: claims answered ${statuses(claims)}`);
      const attemptId = randomUUID();
      journey.attemptIds.push(attemptId);
      const body = { attemptId, outcome: 'survey_done', survey: surveyOf(journey.variant) };
      const results = await Promise.all([1, 2, 3].map(() => api.recordResult(journey.callbackId, journey.agentId, body)));
      const later = await api.recordResult(journey.callbackId, journey.agentId, body);
      sent += 4;
      const answers = [...results, later];
      const first = answers.find((a) => a.status === 201);
      // The attempt id is the update's id: a repeat sent while the first is being applied gets the first answer (201,
      // the same body); one sent once the attempt is recorded is answered from the records (200, applied: false).
      expect(
        results.filter((a) => a.status === 201).length >= 1 && results.every((a) => (a.status === 201) === (a.body.applied === true)),
        `${journey.saleId}: 3 results at once answered ${statuses(results)}`,
      );
      expect(later.status === 200 && later.body.applied === false, `${journey.saleId}: a 4th result answered ${later.status}`);
      expect(!!first && answers.every((a) => same(a.body, first.body)), `${journey.saleId}: the repeated results answered differently`);
      journey.outcome = first?.body;
      journey.done = true;
    } catch (err) {
      journey.failure = (err as Error).message;
    }
  });
  const redelivered = await Promise.all(sample(earlier, 20).map((journey) => api.deliver(journey.delivery)));
  sent += redelivered.length;
  expect(redelivered.every((a) => a.status === 200 && a.body.created === false), `earlier sales delivered again answered ${statuses(redelivered)}`);
  say(`${sent} repeated requests: ${journeys.length} sales delivered 4 times (3 at once), claimed twice, surveyed 4 times under one attempt id; ${redelivered.length} earlier sales delivered again`);
  check(checks, 'repeats applied once and answered alike (the first answer, or 200 applied: false once recorded)', wrong.length === 0, wrong.slice(0, 3).join('; '));
  return { journeys, recovery: '-' };
}

async function warmUp(): Promise<Journey[]> {
  recorder.scenario = 'warm-up';
  const journeys = Array.from({ length: 10 }, (_, i) => aJourney('A', i));
  await inPool(journeys, 10, (journey) => runJourney(api, journey, S(settings.FAULTS_JOURNEY_LIMIT_S)));
  const failed = journeys.find((j) => !j.done);
  if (failed) throw new Error(`warm-up journey failed: ${failed.failure}`);
  allJourneys.push(...journeys);
  return journeys;
}

function printSummary(): boolean {
  const names = reports.map((r) => r.name);
  const rows = reports.map((report) => {
    const total = recorder.total(report.name);
    const count = (match: (status: number) => boolean) => [...total.byStatus].filter(([s]) => match(s)).reduce((n, [, c]) => n + c, 0);
    return [
      report.name,
      String(total.requests),
      String(count((s) => s >= 200 && s < 300)),
      String(count((s) => s === 503)),
      String(count((s) => s >= 400 && s < 500)),
      String(count((s) => s >= 500 && s !== 503)),
      String(count((s) => s === 0)),
      String(report.lost),
      String(report.duplicates),
      report.recovery,
      `${report.seconds.toFixed(0)} s`,
      report.checks.every((c) => c.ok) ? 'PASS' : 'FAIL',
    ];
  });
  const header = ['scenario', 'requests', '2xx', '503', '4xx', '5xx≠503', 'no answer', 'lost', 'dup', 'recovery', 'time', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));

  const byCode = new Map<number, number>();
  let requests = 0;
  for (const name of names) {
    const total = recorder.total(name);
    requests += total.requests;
    for (const [status, n] of total.byStatus) byCode.set(status, (byCode.get(status) ?? 0) + n);
  }
  const codes = [...byCode].sort(([a], [b]) => a - b).map(([s, n]) => `${s || 'no answer'}: ${n}`).join(', ');
  console.log(`\nrequests sent: ${requests} (${codes})`);
  console.log(`5xx other than 503: ${recorder.serverErrors.length}; records lost: ${reports.reduce((n, r) => n + r.lost, 0)}; duplicate rows: ${reports.reduce((n, r) => n + r.duplicates, 0)}`);
  return reports.every((r) => r.checks.every((c) => c.ok));
}

console.log(`fault run: API :${settings.FAULTS_API_PORT}, Temporal ${settings.TEMPORAL_ADDRESS}, PostgreSQL ${new URL(settings.DATABASE_URL).host}, logs in ${settings.FAULTS_DIR}`);
worker.start();
apiProcess.start();
await worker.waitForOutput('worker polling task queue', S(60));
await apiAnswers(S(60));

const runs = (n: string) => settings.FAULTS_SCENARIOS.has(n);
if (runs('1')) await scenario(`1. worker kill -9 in a burst of ${settings.FAULTS_SALES}`, (checks) => workerKilledInBurst(checks));
// The later scenarios read and repeat earlier sales: the burst's, or a few of their own when it did not run.
const burst = allJourneys.length ? [...allJourneys] : await warmUp();
if (runs('2')) await scenario(`2. PostgreSQL down ${settings.FAULTS_DB_OUTAGE_S} s`, (checks) => databaseDown(checks, burst));
if (runs('3')) await scenario(`3. Temporal restarted (${settings.FAULTS_TEMPORAL_DOWN_S} s down)`, (checks) => temporalRestarted(checks, burst));
if (runs('4')) await scenario('4. repeated requests', (checks) => repeatedRequests(checks, burst));

// Across the whole run, once more: every journey's records, nothing twice.
recorder.scenario = 'final checks';
const finalLost = [...(await lostRecords(db, allJourneys)), ...(await invisibleResults(api, allJourneys))];
const finalDuplicates = await duplicateRows(db, allJourneys);
console.log(`\nall ${allJourneys.length} sales of the run: records lost ${finalLost.length}, duplicate rows ${finalDuplicates.length}; rows: ${JSON.stringify(await tableCounts(db))}`);
const passed = printSummary() && finalLost.length === 0 && finalDuplicates.length === 0;
const driverSeconds = (Date.now() - runStarted) / 1000;
console.log(`time: ${(settings.FAULTS_PROVISIONING_S + driverSeconds).toFixed(0)} s (provisioning ${settings.FAULTS_PROVISIONING_S} s, scenarios ${driverSeconds.toFixed(0)} s)`);
console.log(passed ? 'fault run PASSED' : 'fault run FAILED');

await Promise.all([apiProcess.kill('SIGTERM'), worker.kill('SIGTERM')]);
await db.end();
process.exit(passed ? 0 : 1);
