import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { aDelivery, aDissatisfiedSurvey } from '../support/fixtures.js';
import { freePort } from '../support/ports.js';
import { startServices, type Services } from '../support/e2e.js';
import { as, SALES_SYSTEM } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

const OPS_DIR = fileURLToPath(new URL('../../../ops/', import.meta.url));

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of the samples of `name` whose labels include `labels`. */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const matching = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.ok(matching.length > 0, `no sample ${name}${JSON.stringify(labels)}`);
  return matching.reduce((sum, s) => sum + s.value, 0);
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
}

/** An OTLP/HTTP (JSON) endpoint: what the API's and the worker's exporters send, kept for the test to read. */
async function otlpReceiver(): Promise<{ server: Server; url: string; spans: OtlpSpan[]; bodies: string[] }> {
  const spans: OtlpSpan[] = [];
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      if (req.url === '/v1/traces') {
        const request = JSON.parse(body) as {
          resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
        };
        for (const { resource, scopeSpans } of request.resourceSpans) {
          const service = resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const { spans: batch } of scopeSpans) for (const span of batch) spans.push({ ...span, service });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(await freePort(), '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}`, spans, bodies };
}

/** Debian's Prometheus on a port of its own, scraping this test's API and worker every second, with the alert rules. */
async function startPrometheus(services: Services): Promise<{ process: ChildProcess; base: string; dir: string; output: () => string }> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'aftercare-prometheus-'));
  const config = [
    'global: { scrape_interval: 1s, evaluation_interval: 1s }',
    `rule_files: ["${OPS_DIR}prometheus/alerts.yml"]`,
    'scrape_configs:',
    `  - { job_name: aftercare-api, static_configs: [{ targets: ["127.0.0.1:${services.env.API_METRICS_PORT}"] }] }`,
    `  - { job_name: aftercare-worker, static_configs: [{ targets: ["127.0.0.1:${services.env.WORKER_METRICS_PORT}"] }] }`,
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), config);
  const child = spawn(
    'prometheus',
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const base = `http://127.0.0.1:${port}`;
  await waitFor('Prometheus to be ready', async () => ((await fetch(`${base}/-/ready`).catch(() => null))?.ok ? true : undefined), 30_000);
  return { process: child, base, dir, output: () => output };
}

// The service as an operator runs it: the API and the worker with their metrics endpoints, health, JSON logs and
// traces to an OTLP endpoint, scraped by a real Prometheus loading the alert rules, through a sale's journey.
describe('operating Aftercare: metrics, Prometheus, alerts, health and traces', () => {
  let services: Services;
  let otlp: Awaited<ReturnType<typeof otlpReceiver>>;
  let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
  const agent = as('agent', `agent.${randomUUID().slice(0, 8)}`);
  const delivery = aDelivery({ deliveredOn: addDays(toCompanyTime(new Date(), 'Asia/Shanghai').date, -40) });
  const callbackId = `${delivery.saleId}-C1`;
  const secrets = [delivery.customer.name, delivery.buyer.name, delivery.buyer.phone, delivery.actualUser!.name, delivery.actualUser!.phone];

  const scrape = async (port: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    assert.equal(res.status, 200);
    return res.text();
  };
  const query = async (expr: string) => {
    const res = await fetch(`${prometheus.base}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { status: string; error?: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    assert.equal(body.status, 'success', `${expr}: ${body.error}`);
    return body.data.result;
  };

  before(async () => {
    otlp = await otlpReceiver();
    services = await startServices({
      alwaysOpen: true,
      env: {
        // Seconds, not the production defaults: the test dev server's long polls expire every 5 s (scripts/test.sh).
        WORKER_POLL_MAX_AGE_S: '10',
        BUSINESS_METRICS_INTERVAL_S: '1',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
    prometheus = await startPrometheus(services);
  });
  after(async () => {
    await services?.stop();
    if (prometheus) {
      prometheus.process.kill('SIGTERM');
      if (prometheus.process.exitCode === null) await once(prometheus.process, 'exit');
      await rm(prometheus.dir, { recursive: true, force: true });
    }
    otlp?.server.close();
  });

  it('runs a journey: a late delivery, its callback due and unclaimed, then claimed and answered dissatisfied', async () => {
    assert.equal((await services.post('/sales', delivery, SALES_SYSTEM)).status, 201);
    await waitFor('the late callback to open', async () => {
      const state = await services.getJson(`/sales/${delivery.saleId}`, SALES_SYSTEM);
      return state.callbacks?.[0]?.status === 'due' ? true : undefined;
    });
    // Read from PostgreSQL every second: the callback just opened is due and nobody has claimed it.
    await waitFor('the gauge to count the due callback', async () => {
      const samples = parseExposition(await scrape(services.env.API_METRICS_PORT!));
      return total(samples, 'aftercare_callbacks_due_unclaimed', { age: 'under_1h' }) >= 1 ? true : undefined;
    });
    assert.equal((await services.post(`/callbacks/${callbackId}/claim`, {}, agent)).status, 200);
    const survey = aDissatisfiedSurvey();
    const done = await services.post(`/callbacks/${callbackId}/results`, { attemptId: randomUUID(), outcome: 'survey_done', survey }, agent);
    assert.equal(done.status, 201);
    assert.equal((await services.get('/sales/S-never-delivered', SALES_SYSTEM)).status, 404);
    await waitFor('the feedback case to be registered', async () => {
      const { rows } = await services.db.query('select 1 from feedback_case where sale_id = $1', [delivery.saleId]);
      return rows.length ? true : undefined;
    });
  });

  it("the API's /metrics has request, Temporal client, process and business series, labelled by route template", async () => {
    // The gauges are read every second: the case registered a moment ago is counted by the next read.
    const text = await waitFor('the gauge to count the registered case', async () => {
      const exposition = await scrape(services.env.API_METRICS_PORT!);
      return total(parseExposition(exposition), 'aftercare_feedback_cases_open', { stage: 'registered' }) >= 1 ? exposition : undefined;
    });
    const samples = parseExposition(text);
    const requests = (labels: Record<string, string>) => total(samples, 'aftercare_http_request_duration_seconds_count', labels);
    assert.ok(requests({ method: 'POST', route: '/sales', status_code: '201' }) >= 1);
    assert.ok(requests({ method: 'GET', route: '/sales/:saleId', status_code: '200' }) >= 1);
    assert.ok(requests({ method: 'GET', route: '/sales/:saleId', status_code: '404' }) >= 1);
    assert.ok(requests({ method: 'POST', route: '/callbacks/:callbackId/claim', status_code: '200' }) >= 1);
    assert.ok(requests({ method: 'POST', route: '/callbacks/:callbackId/results', status_code: '201' }) >= 1);
    const seconds = total(samples, 'aftercare_http_request_duration_seconds_sum', { route: '/callbacks/:callbackId/results' });
    assert.ok(seconds > 0 && seconds < 60, `results took ${seconds} s in all`);
    const temporal = (grpc_method: string) => total(samples, 'aftercare_temporal_client_request_duration_seconds_count', { grpc_method, grpc_code: 'OK' });
    for (const method of ['StartWorkflowExecution', 'QueryWorkflow', 'UpdateWorkflowExecution', 'DescribeTaskQueue']) {
      assert.ok(temporal(method) >= 1, `no successful ${method}`);
    }
    assert.ok(total(samples, 'process_resident_memory_bytes') > 10 * 1024 * 1024);
    for (const stage of ['registered', 'assigned', 'in_progress', 'verifying', 'revisiting']) {
      assert.ok(total(samples, 'aftercare_feedback_cases_overdue', { stage }) >= 0);
    }
    assert.ok(total(samples, 'aftercare_callbacks_not_opened') >= 0);
    assert.ok(total(samples, 'aftercare_callbacks_opened_late') >= 0);
    assert.ok(total(samples, 'aftercare_reports_approval_overdue') >= 0);
    for (const channel of ['inbox', 'email', 'chat']) {
      assert.ok(total(samples, 'aftercare_notifications_undelivered', { channel, status: 'retrying' }) >= 0);
      assert.ok(total(samples, 'aftercare_notifications_failed', { channel }) >= 0);
    }
    assert.equal(total(samples, 'aftercare_task_queue_pollers', { task_queue: services.taskQueue, task_type: 'workflow' }), 1);
    assert.equal(total(samples, 'aftercare_task_queue_pollers', { task_queue: services.taskQueue, task_type: 'activity' }), 1);
    const refreshed = total(samples, 'aftercare_business_metrics_refreshed_timestamp_seconds', { source: 'database' });
    assert.ok(Math.abs(Date.now() / 1000 - refreshed) < 30, `gauges read ${Date.now() / 1000 - refreshed} s ago`);
    // No ids or personal data in labels.
    for (const value of [delivery.saleId, callbackId, ...secrets]) assert.ok(!text.includes(value), `the API's metrics hold ${value}`);
  });

  it("the worker's /metrics has the Temporal SDK's workflow-task, cache, slot and local-activity series", async () => {
    const text = await scrape(services.env.WORKER_METRICS_PORT!);
    const samples = parseExposition(text);
    const queue = { task_queue: services.taskQueue };
    assert.ok(total(samples, 'temporal_workflow_task_schedule_to_start_latency_seconds_count', queue) >= 3);
    assert.ok(total(samples, 'temporal_workflow_task_execution_latency_seconds_count', { ...queue, workflow_type: 'SaleFollowUp' }) >= 3);
    const executing = total(samples, 'temporal_workflow_task_execution_latency_seconds_sum', { ...queue, workflow_type: 'SaleFollowUp' });
    assert.ok(executing > 0 && executing < 60, `workflow tasks took ${executing} s in all`);
    assert.ok(total(samples, 'temporal_sticky_cache_size', queue) >= 1);
    assert.ok(total(samples, 'temporal_worker_task_slots_available', { ...queue, worker_type: 'WorkflowWorker' }) >= 1);
    assert.ok(total(samples, 'temporal_local_activity_execution_latency_seconds_count', { ...queue, activity_type: 'registerSale' }) >= 1);
    assert.ok(total(samples, 'temporal_num_pollers', { ...queue, poller_type: 'workflow_task' }) >= 1);
    for (const value of [delivery.saleId, callbackId, ...secrets]) assert.ok(!text.includes(value), `the worker's metrics hold ${value}`);
  });

  it('the worker answers its liveness and readiness probes', async () => {
    for (const probe of ['livez', 'readyz']) {
      const res = await fetch(`http://127.0.0.1:${services.env.WORKER_HEALTH_PORT}/${probe}`);
      const body = (await res.json()) as { status: string; checks: Record<string, { ok: boolean; detail?: string }> };
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.status, 'ok');
      if (probe === 'readyz') assert.deepEqual(Object.keys(body.checks).sort(), ['database', 'polling', 'progressing', 'running', 'taskQueue']);
    }
  });

  it('a real Prometheus scrapes both and answers queries over them, the dashboard\'s among them', async () => {
    const series = await waitFor('Prometheus to hold the worker\'s workflow-task series', async () => {
      const result = await query(`temporal_workflow_task_execution_latency_seconds_count{job="aftercare-worker",task_queue="${services.taskQueue}"}`);
      return result.length ? result : undefined;
    }, 30_000);
    assert.ok(series.some((s) => s.metric.workflow_type === 'SaleFollowUp' && Number(s.value[1]) >= 3));
    const requests = await waitFor('Prometheus to hold the API\'s request series', async () => {
      const result = await query('aftercare_http_request_duration_seconds_count{job="aftercare-api",route="/sales",method="POST"}');
      return result.length ? result : undefined;
    });
    assert.ok(Number(requests[0]!.value[1]) >= 1);
    const dashboard = JSON.parse(await readFile(`${OPS_DIR}grafana/dashboards/aftercare.json`, 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
    const expressions = dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr.replaceAll('$__rate_interval', '1m'));
    assert.ok(expressions.length > 20);
    // Every panel's query is valid PromQL; those over series this journey made have data.
    for (const expr of expressions) await query(expr);
    assert.ok((await query('max by (age) (aftercare_callbacks_due_unclaimed)')).length === 5);
    const rules = (await (await fetch(`${prometheus.base}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string; health: string }[] }[] } };
    const loaded = rules.data.groups.flatMap((group) => group.rules);
    assert.ok(loaded.length >= 10 && loaded.every((rule) => rule.health !== 'err'), JSON.stringify(loaded));
  });

  it('one trace runs from POST /sales through the workflow to its activities and their SQL, and holds no personal data', async () => {
    const trace = await waitFor('the spans of POST /sales', async () => {
      const root = otlp.spans.find((span) => span.name === 'POST /sales' && span.service === 'aftercare-api');
      if (!root) throw new Error(`no POST /sales span among ${[...new Set(otlp.spans.map((span) => span.name))].join(', ')}`);
      const spans = otlp.spans.filter((span) => span.traceId === root.traceId);
      const names = new Set(spans.map((span) => span.name));
      // RunWorkflow:SaleFollowUp ends (and is exported) with the follow-up, months later; what it scheduled is here.
      const wanted = ['StartWorkflow:SaleFollowUp', 'StartActivity:registerSale', 'RunActivity:registerSale', 'RunActivity:openCallback'];
      const missing = wanted.filter((name) => !names.has(name));
      if (missing.length || !spans.some((span) => span.name.startsWith('pg.query'))) throw new Error(`the trace has ${[...names].join(', ')}`);
      return spans;
    }, 30_000);
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const parentName = (name: string) => byId.get(trace.find((span) => span.name === name)!.parentSpanId ?? '')?.name;
    assert.equal(parentName('StartWorkflow:SaleFollowUp'), 'POST /sales');
    assert.equal(parentName('RunActivity:registerSale'), 'StartActivity:registerSale');
    const activity = trace.find((span) => span.name === 'RunActivity:registerSale')!;
    assert.equal(activity.service, 'aftercare-worker');
    assert.ok(trace.some((span) => span.name.startsWith('pg.query') && span.parentSpanId === activity.spanId), 'no SQL under the activity');
    // A call result is traced through its update too.
    await waitFor('the spans of the call result', async () => {
      const root = otlp.spans.find((span) => span.name === 'POST /callbacks/:callbackId/results');
      const names = root ? otlp.spans.filter((span) => span.traceId === root.traceId).map((span) => span.name) : [];
      return names.some((n) => n.startsWith('StartWorkflowUpdate:')) && names.some((n) => n.startsWith('RunActivity:')) ? true : undefined;
    }, 30_000);
    const exported = otlp.bodies.join('\n');
    for (const secret of secrets) {
      const at = exported.indexOf(secret);
      assert.ok(at < 0, `a span holds ${secret}: …${exported.slice(Math.max(0, at - 1500), at + 200)}…`);
    }
  });

  it('stopping the worker turns /health to 503 and the no-worker alert\'s expression true in Prometheus', async () => {
    assert.equal((await fetch(`${services.base}/health`)).status, 200);
    const rules = (await (await fetch(`${prometheus.base}/api/v1/rules?type=alert`)).json()) as { data: { groups: { rules: { name: string; query: string }[] }[] } };
    const noWorker = rules.data.groups.flatMap((group) => group.rules).find((rule) => rule.name === 'AftercareNoWorkerPolling');
    assert.ok(noWorker, 'the alert rule is not loaded');
    assert.deepEqual(await query(noWorker.query), []);

    await services.stopWorker();
    const health = await waitFor('/health to answer 503', async () => {
      const res = await fetch(`${services.base}/health`);
      return res.status === 503 ? ((await res.json()) as { workers: { polling: boolean; workflowPollers: number } }) : undefined;
    }, 30_000);
    assert.deepEqual([health.workers.polling, health.workers.workflowPollers], [false, 0]);
    const firing = await waitFor('the alert expression to be true', async () => {
      const result = await query(noWorker.query);
      return result.length ? result : undefined;
    }, 30_000);
    assert.equal(firing[0]!.metric.task_queue, services.taskQueue);
    const down = await waitFor('the worker scrape target to be down', async () => {
      const result = await query('up{job="aftercare-worker"} == 0');
      return result.length ? result : undefined;
    }, 30_000);
    assert.equal(down.length, 1);
    // Pending until its `for` has passed.
    const alerts = await waitFor('the alert to be pending', async () => {
      const result = await query('ALERTS{alertname="AftercareNoWorkerPolling"}');
      return result.length ? result : undefined;
    }, 30_000);
    assert.equal(alerts[0]!.metric.alertstate, 'pending');
  });
});
