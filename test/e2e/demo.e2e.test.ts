import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { toCompanyTime } from '../../workflows/domain/company-time.js';
import { demoSales } from '../../scripts/demo/data.js';
import { startServices, type Services } from '../support/e2e.js';
import { ADMINISTRATOR, MANAGER, as } from '../support/tokens.js';

const DEMO = fileURLToPath(new URL('../../scripts/demo.js', import.meta.url));
const REPORT_RUN = fileURLToPath(new URL('../../src/reports/run-report-command.js', import.meta.url));
const LOAD_DIRECTORY = fileURLToPath(new URL('../../src/directory/load-directory.js', import.meta.url));
const DEMO_DIRECTORY = fileURLToPath(new URL('../../../scripts/demo-directory.json', import.meta.url));

// npm run demo against the real API and worker: everything it writes goes through the API.
describe('npm run demo fills the database through the API, and adds nothing when run again', () => {
  let services: Services;
  const prefix = `D${randomUUID().replace(/-/g, '').slice(0, 7)}`;
  const today = toCompanyTime(new Date(), 'Asia/Shanghai').date;
  const plans = demoSales(prefix, today);
  let firstRun: string;
  let secondRun: string;

  const run = async (script: string, args: string[] = []): Promise<{ code: number | null; output: string }> => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, ...services.env, DEMO_API_URL: services.base, DEMO_ID_PREFIX: prefix, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const [code] = await once(child, 'exit');
    return { code: code as number | null, output };
  };
  const runDemo = () => run(DEMO);
  const count = async (sql: string): Promise<number> => Number((await services.db.query(sql, [`${prefix}-%`])).rows[0].n);
  /** What the demo wrote, counted in PostgreSQL. */
  const written = async () => ({
    sales: await count('select count(*) as n from sale where id like $1'),
    open: await count(`select count(*) as n from callback where id like $1 and status in ('due', 'claimed')`),
    attempts: await count('select count(*) as n from call_attempt a join callback c on c.id = a.callback_id where c.id like $1'),
    surveys: await count('select count(*) as n from survey_record where sale_id like $1'),
    cases: await count('select count(*) as n from feedback_case where sale_id like $1'),
    leads: await count('select count(*) as n from lead where sale_id like $1'),
    contactReads: await count('select count(*) as n from contact_access where sale_id like $1'),
  });
  let afterFirst: Awaited<ReturnType<typeof written>>;

  before(async () => {
    services = await startServices({ alwaysOpen: true });
    // What npm start does in development: the demo acts as these people, and a case is assigned to owner.liu of R&D.
    const loaded = await run(LOAD_DIRECTORY, [DEMO_DIRECTORY]);
    assert.equal(loaded.code, 0, loaded.output);
  });
  after(async () => {
    await services?.stop();
  });

  it('runs to the end', async () => {
    const { code, output } = await runDemo();
    firstRun = output;
    assert.equal(code, 0, output);
    assert.match(output, new RegExp(`${plans.length} new, 0 delivered before`));
    afterFirst = await written();
  });

  it('delivers every sale, leaves calls in the queue (one of them a late import of two callbacks) and claims two for A-1001', async () => {
    assert.equal(afterFirst.sales, plans.length);
    const calls = await services.getJson<{ items: { saleId: string; claimedBy: string[]; callbacks: unknown[] }[] }>('/calls?pageSize=200', as('agent', 'A-1001'));
    const ours = calls.items.filter((c) => c.saleId.startsWith(`${prefix}-`));
    const queued = plans.filter((p) => p.plan === 'queue' && p.daysAgo >= 35).map((p) => p.delivery.saleId);
    assert.deepEqual(ours.filter((c) => c.claimedBy.length === 0).map((c) => c.saleId).sort(), queued.sort());
    assert.ok(ours.some((c) => c.claimedBy.length === 0 && c.callbacks.length >= 2), 'a late import waits as one call');
    assert.deepEqual(ours.filter((c) => c.claimedBy.length > 0).map((c) => c.claimedBy), [['A-1001'], ['A-1001']]);
  });

  it('records surveys of every class, with their cases and leads, and the contact reads', async () => {
    const { rows } = await services.db.query('select classification, count(*)::int as n from survey_record where sale_id like $1 group by 1', [`${prefix}-%`]);
    const classes = Object.fromEntries(rows.map((r) => [r.classification, r.n]));
    for (const kind of ['satisfied', 'opinion', 'dissatisfied', 'grievance', 'complaint']) assert.ok(classes[kind] > 0, `${kind}: ${JSON.stringify(classes)}`);
    assert.ok(afterFirst.cases >= 5 && afterFirst.leads >= 3, JSON.stringify(afterFirst));
    const log = await services.getJson<{ total: number; items: { personId: string }[] }>(`/contact-access-log?person=A-1002&pageSize=200`, ADMINISTRATOR);
    assert.ok(log.total > 0);
    assert.doesNotMatch(firstRun, /\+86|0000 \d{4}/, 'the demo prints no phone numbers');
  });

  it('takes cases through their stages: one waits for its re-visit, one is closed', async () => {
    const { rows } = await services.db.query('select stage, count(*)::int as n from feedback_case where sale_id like $1 group by 1', [`${prefix}-%`]);
    const stages = Object.fromEntries(rows.map((r) => [r.stage, r.n]));
    assert.deepEqual([stages.revisiting, stages.closed, stages.in_progress, stages.assigned], [1, 1, 2, 1], JSON.stringify(stages));
    assert.ok(stages.registered > 0);
  });

  it("runs this month's report, whose figures count the demo's surveys", async () => {
    const report = await services.getJson<{ status: string; figures: { surveys: { recorded: number } } }>(`/reports/monthly/${today.slice(0, 7)}`, MANAGER);
    assert.ok(['awaiting_approval', 'escalated'].includes(report.status), report.status);
    assert.ok(report.figures.surveys.recorded >= afterFirst.surveys, `${report.figures.surveys.recorded} < ${afterFirst.surveys}`);
  });

  it('npm run report:run runs a past month now, once, and refuses a label that names no period', async () => {
    // A month of long ago: last month is the schedule's, which the reports test triggers on the same server.
    const previous = `${1990 + Math.floor(Math.random() * 20)}-${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}`;
    const first = await run(REPORT_RUN, ['--kind', 'monthly', '--label', previous]);
    assert.equal(first.code, 0, first.output);
    assert.match(first.output, new RegExp(`report-monthly-${previous} (started|was run before)`));
    const again = await run(REPORT_RUN, ['--kind', 'monthly', '--label', previous]);
    assert.match(again.output, new RegExp(`report-monthly-${previous} was run before: nothing new started`));
    const bad = await run(REPORT_RUN, ['--kind', 'monthly', '--label', 'last-month']);
    assert.equal(bad.code, 2);
    assert.match(bad.output, /a monthly label is YYYY-MM/);
  });

  it('adds nothing when run again', async () => {
    const { code, output } = await runDemo();
    secondRun = output;
    assert.equal(code, 0, output);
    assert.match(secondRun, new RegExp(`0 new, ${plans.length} delivered before`));
    assert.match(secondRun, /0 calls claimed, 0 results recorded/);
    assert.deepEqual(await written(), afterFirst);
  });
});
