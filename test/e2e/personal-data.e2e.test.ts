import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { ENCRYPTED_ENCODING } from '../../src/temporal/payload-codec.js';
import { addDays, toCompanyTime } from '../../workflows/domain/company-time.js';
import { requireEnv } from '../support/env.js';
import { aDelivery, aDissatisfiedSurvey, uniqueId } from '../support/fixtures.js';
import { addPerson, signIn } from '../support/people.js';
import { startServices, type Services } from '../support/e2e.js';
import { as, SALES_SYSTEM } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

const { workflowservice } = proto.temporal.api;

type RawPayload = { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null };
interface Found {
  path: string;
  payload: RawPayload;
}

/** Every payload in a raw gRPC answer, with where it sits. */
function payloadsIn(value: unknown, path = '', found: Found[] = []): Found[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return found;
  const record = value as Record<string, unknown>;
  if (record.metadata && typeof record.metadata === 'object' && 'data' in record) found.push({ path, payload: record as RawPayload });
  for (const [key, child] of Object.entries(record)) payloadsIn(child, `${path}.${key}`, found);
  return found;
}

const encoding = (payload: RawPayload) => Buffer.from(payload.metadata?.encoding ?? []).toString();
const asJson = (payload: RawPayload) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(payload.data ?? []).toString('base64'),
});

// What the Temporal server stores of a sale followed up through the real API, worker and dev server, read raw.
describe('personal data in Temporal', () => {
  let services: Services;
  let connection: Connection;
  const agent = `agent.${randomUUID().slice(0, 8)}`;
  const unique = () => String(Math.floor(1000 + Math.random() * 9000));
  const delivery = aDelivery({
    deliveredOn: addDays(toCompanyTime(new Date(), 'Asia/Shanghai').date, -40),
    buyer: { name: `王芳${unique()}`, phone: `+86 138 ${unique()} ${unique()}`, title: '采购主管' },
    actualUser: { name: `李强${unique()}`, phone: `+86 139 ${unique()} ${unique()}`, email: `li.${unique()}@example.cn` },
  });
  const actualUser = { name: `赵敏${unique()}`, phone: `+86 137 ${unique()} ${unique()}`, title: '设备科' };
  const callbackId = `${delivery.saleId}-C1`;
  const secrets = [
    delivery.customer.name,
    delivery.buyer.name,
    delivery.buyer.phone,
    delivery.actualUser!.name,
    delivery.actualUser!.phone,
    delivery.actualUser!.email!,
    actualUser.name,
    actualUser.phone,
  ];
  const workflowIds: string[] = [`sale-${delivery.saleId}`];

  before(async () => {
    // At debug, the most the processes ever log: the SDK's activity and core lines, every request.
    services = await startServices({ alwaysOpen: true, env: { LOG_LEVEL: 'debug' } });
    connection = await Connection.connect({ address: requireEnv('E2E_TEMPORAL_ADDRESS') });
  });
  after(async () => {
    await connection?.close();
    await services?.stop();
  });

  /**
   * The histories of every run (a follow-up continues as new between callbacks) and the description exactly as the
   * server holds them: a connection with no codec.
   */
  async function raw(workflowId: string) {
    const responses: proto.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse[] = [];
    let runId: string | undefined = '';
    while (runId !== undefined) {
      let nextPageToken: Uint8Array | undefined;
      do {
        const page = await connection.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId, runId }, nextPageToken });
        responses.push(page);
        nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
      } while (nextPageToken);
      const started = responses.findLast((r) => r.history?.events?.[0]?.workflowExecutionStartedEventAttributes)?.history?.events?.[0];
      runId = started?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    }
    const description = await connection.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
    const bytes = Buffer.concat([
      ...responses.map((r) => workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode(r).finish()),
      workflowservice.v1.DescribeWorkflowExecutionResponse.encode(description).finish(),
    ]);
    return { bytes, payloads: [...payloadsIn(responses), ...payloadsIn(description)] };
  }

  it('runs a sale: delivery, wrong person, then a dissatisfied survey that opens a feedback case', async () => {
    assert.equal((await services.post('/sales', delivery, SALES_SYSTEM)).status, 201);
    await waitFor('the late callback to open', async () => {
      const state = await services.getJson(`/sales/${delivery.saleId}`, SALES_SYSTEM);
      return state.callbacks?.[0]?.status === 'due' ? true : undefined;
    });
    assert.equal((await services.post(`/callbacks/${callbackId}/claim`, {}, as('agent', agent))).status, 200);
    const wrong = await services.post(`/callbacks/${callbackId}/results`, { attemptId: randomUUID(), outcome: 'wrong_person', actualUser }, as('agent', agent));
    assert.equal(wrong.status, 201);
    const survey = aDissatisfiedSurvey();
    const done = await services.post(`/callbacks/${callbackId}/results`, { attemptId: randomUUID(), outcome: 'survey_done', survey }, as('agent', agent));
    assert.equal(done.status, 201);
    const { survey: recorded } = (await done.json()) as { survey: { feedbackCaseNo: string } };
    assert.ok(recorded.feedbackCaseNo);
    workflowIds.push(`feedback-${recorded.feedbackCaseNo}`);
    await waitFor('the feedback case workflow', async () => {
      const { rows } = await services.db.query('select stage from feedback_case where case_no = $1', [recorded.feedbackCaseNo]);
      return rows.length ? true : undefined;
    });
  });

  it('the server holds no name, phone or email of the customer anywhere in the histories, memo or search attributes', async () => {
    for (const workflowId of workflowIds) {
      const { bytes, payloads } = await raw(workflowId);
      // The search is real: what is meant to show, the sale id in the workflow id and search attributes, is found.
      assert.ok(bytes.includes(Buffer.from(delivery.saleId)), `${workflowId}: the sale id is not in the raw history`);
      for (const secret of secrets) {
        assert.ok(!bytes.includes(Buffer.from(secret)), `${workflowId}: the raw history or description holds ${secret}`);
      }
      assert.ok(payloads.length > 10, `${workflowId}: only ${payloads.length} payloads found`);
      for (const { path, payload } of payloads) {
        // Search attributes stay readable for the server to index; they carry ids and stages only.
        if (path.includes('.searchAttributes.')) continue;
        // Written by the SDK's core outside the data converter: a patch marker's id and flag, and a local activity
        // marker's bookkeeping (its seq, type and times); the local activity's result is checked like any payload.
        if (/\.markerRecordedEventAttributes\.details\.(patch-data|data)\./.test(path)) continue;
        // The trace context the workflow's tracing interceptor passes to its children and activities: ids only.
        if (path.endsWith('.header.fields._tracer-data')) {
          const context = JSON.parse(Buffer.from(payload.data ?? []).toString('utf8')) as Record<string, string>;
          assert.deepEqual(Object.keys(context).filter((key) => key !== 'traceparent' && key !== 'tracestate'), [], `${workflowId}: ${path}`);
          continue;
        }
        assert.equal(encoding(payload), ENCRYPTED_ENCODING, `${workflowId}: payload at ${path} is not encrypted`);
      }
      assert.ok(payloads.some(({ path }) => path.includes('.memo.')) || workflowId.startsWith('feedback-'), `${workflowId}: no memo found`);
    }
  });

  it('the logs at debug level are JSON lines with request, workflow and run ids, and hold no name, phone or email', () => {
    const lines = services.logs().split('\n').filter((line) => line.trim() !== '');
    const entries = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        assert.fail(`not a JSON log line: ${line.slice(0, 300)}`);
      }
    });
    assert.ok(entries.length > 100, `only ${entries.length} lines at debug`);
    assert.ok(entries.every((entry) => typeof entry.level === 'string' && typeof entry.time === 'string' && typeof entry.msg === 'string'));
    assert.ok(entries.some((entry) => entry.route === '/sales' && typeof entry.requestId === 'string' && entry.service === 'aftercare-api'));
    const saleWorkflow = `sale-${delivery.saleId}`;
    const ofSale = entries.filter((entry) => entry.workflowId === saleWorkflow && typeof entry.runId === 'string');
    assert.ok(ofSale.some((entry) => entry.sdkComponent === 'core'), "no Rust core line of the sale's workflow");
    assert.ok(ofSale.some((entry) => entry.activityType === 'registerSale'), "no activity line of the sale's workflow");
    const text = lines.join('\n');
    for (const secret of secrets) assert.ok(!text.includes(secret), `the logs hold ${secret}`);
  });

  it('the codec endpoint decodes those payloads back for an operator in the Temporal UI, and for nobody else', async () => {
    const { payloads } = await raw(workflowIds[0]!);
    const encrypted = payloads.filter(({ payload }) => encoding(payload) === ENCRYPTED_ENCODING).map(({ payload }) => asJson(payload));
    const decode = (body: unknown, headers: Record<string, string>) =>
      fetch(`${services.base}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers }, body: JSON.stringify(body) });
    assert.equal((await decode({ payloads: encrypted.slice(0, 1) }, {})).status, 401);
    assert.equal((await services.post('/codec/decode', { payloads: encrypted.slice(0, 1) }, SALES_SYSTEM)).status, 403);
    // What the UI does: the operator signed in (GET /codec/sign-in posts to /auth/login), and the UI's fetch
    // includes the session cookie.
    const operator = uniqueId('ops');
    await addPerson(services.base, { id: operator, roles: ['operator'] }, 'operator password');
    const { cookie, setCookie } = await signIn(services.base, operator, 'operator password');
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    assert.match(setCookie, /Path=\//i);
    let decoded = '';
    for (let i = 0; i < encrypted.length; i += 20) {
      const res = await decode({ payloads: encrypted.slice(i, i + 20) }, { cookie, origin: 'http://127.0.0.1:8233' });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8233');
      const body = (await res.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
      for (const payload of body.payloads) {
        assert.notEqual(Buffer.from(payload.metadata.encoding!, 'base64').toString(), ENCRYPTED_ENCODING);
        decoded += Buffer.from(payload.data, 'base64').toString('utf8');
      }
    }
    for (const secret of secrets) assert.ok(decoded.includes(secret), `the decoded payloads lack ${secret}`);
    assert.ok(decoded.includes(delivery.product.model));
  });
});
