import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { applyReportSchedules, RESTATEMENT_SCHEDULE_ID } from '../../src/reports/report-schedules.js';
import { periodBefore } from '../../workflows/domain/report-periods.js';
import { requireEnv } from '../support/env.js';
import { insertSurveyedCallback, removeSurveyedCallbacks, withQuestionMarks } from '../support/report-figures.js';
import { e2eDataConverter, startServices, type Services } from '../support/e2e.js';
import { DEPARTMENT_OWNER, MANAGER } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

const TIME_ZONE = 'Asia/Shanghai';

// Temporal Schedules run on the dev server (the time-skipping server does not implement them).
describe('monthly and quarterly reports on a schedule, over HTTP', () => {
  let services: Services;
  let connection: Connection;
  let client: Client;
  const lateSurveys = `RST-E2E-${randomUUID().slice(0, 8)}`;

  before(async () => {
    services = await startServices();
    connection = await Connection.connect({ address: requireEnv('E2E_TEMPORAL_ADDRESS') });
    client = new Client({ connection, dataConverter: e2eDataConverter });
  });
  after(async () => {
    for (const id of ['report-monthly', 'report-quarterly', RESTATEMENT_SCHEDULE_ID]) await client?.schedule.getHandle(id).delete().catch(() => undefined);
    if (services) await removeSurveyedCallbacks(withQuestionMarks(services.db), lateSurveys);
    await connection?.close();
    await services?.stop();
  });

  it('the schedule command run twice makes one schedule of each kind, and one for restatements', async () => {
    const first = await applyReportSchedules(client, { taskQueue: services.taskQueue, timeZone: TIME_ZONE });
    const second = await applyReportSchedules(client, { taskQueue: services.taskQueue, timeZone: TIME_ZONE });
    assert.deepEqual(first.map((s) => s.created), [true, true, true]);
    assert.deepEqual(second.map((s) => s.created), [false, false, false]);
    const ids: string[] = [];
    for await (const schedule of client.schedule.list()) ids.push(schedule.scheduleId);
    assert.deepEqual(ids.filter((id) => id.startsWith('report-')).sort(), ['report-monthly', 'report-quarterly', 'report-restatements']);
    const monthly = await client.schedule.getHandle('report-monthly').describe();
    assert.equal(monthly.spec.timezone, TIME_ZONE);
  });

  it('a run of the monthly schedule reports on the month before: JSON, CSV and chart, then approval archives it', async () => {
    const period = periodBefore('monthly', new Date(), TIME_ZONE);
    // The database outlives the in-memory dev server: an earlier run may have stored versions of this period.
    const earlier = await services.get(`/reports/monthly/${period.label}`, MANAGER);
    const earlierVersion = earlier.ok ? ((await earlier.json()) as { version: number }).version : 0;
    await client.schedule.getHandle('report-monthly').trigger();
    const report = await waitFor(
      'the stored report',
      async () => {
        const res = await services.get(`/reports/monthly/${period.label}`, MANAGER);
        const body = res.ok ? ((await res.json()) as { version: number; status: string; figures: { satisfaction: { target: number } } }) : undefined;
        return body && body.version > earlierVersion ? body : undefined;
      },
      30_000,
    );
    assert.equal(report.version, earlierVersion + 1);
    assert.equal(report.figures.satisfaction.target, 90);
    assert.ok(['awaiting_approval', 'escalated'].includes(report.status), report.status);

    const csv = await services.get(`/reports/monthly/${period.label}/csv`, DEPARTMENT_OWNER);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    assert.match(await csv.text(), /satisfaction/);
    const svg = await services.get(`/reports/monthly/${period.label}/trend.svg`, MANAGER);
    assert.match(svg.headers.get('content-type') ?? '', /image\/svg\+xml/);
    assert.match(await svg.text(), /<svg/);

    assert.equal((await services.post(`/reports/monthly/${period.label}/approval`, {}, DEPARTMENT_OWNER)).status, 403);
    assert.equal((await services.post(`/reports/monthly/${period.label}/approval`, { note: 'checked' }, MANAGER)).status, 200);
    await waitFor('the report to be archived', async () => {
      const current = await services.getJson<{ status: string }>(`/reports/monthly/${period.label}`, MANAGER);
      return current.status === 'archived' ? true : undefined;
    });
    assert.equal((await services.post(`/reports/monthly/${period.label}/approval`, {}, MANAGER)).status, 409);
  });

  it('a survey stored after the approved report makes the nightly run restate it as a new version, showing what changed', async () => {
    const period = periodBefore('monthly', new Date(), TIME_ZONE);
    const approved = (await services.getJson(`/reports/monthly/${period.label}`, MANAGER)) as { version: number; status: string };
    assert.equal(approved.status, 'archived');
    // An agent reached last month's callback only today: its survey counts for last month's callbacks.
    await insertSurveyedCallback(withQuestionMarks(services.db), lateSurveys, period, new Date().toISOString(), 85);
    await client.schedule.getHandle(RESTATEMENT_SCHEDULE_ID).trigger();
    const restated = await waitFor(
      'the restated version',
      async () => {
        const res = await services.get(`/reports/monthly/${period.label}`, MANAGER);
        const body = (await res.json()) as { version: number; status: string; previousVersion: number; differences: { figure: string; before: number; after: number }[] };
        return body.version > approved.version ? body : undefined;
      },
      30_000,
    );
    assert.deepEqual([restated.version, restated.previousVersion, restated.status], [approved.version + 1, approved.version, 'awaiting_approval']);
    const due = restated.differences.find((d) => d.figure === 'callbacks.due');
    assert.equal(due && due.after - due.before, 1, JSON.stringify(restated.differences));
    const old = (await services.getJson(`/reports/monthly/${period.label}?version=${approved.version}`, MANAGER)) as { status: string };
    assert.equal(old.status, 'archived', 'the approved version is kept as it was');
    const csv = await (await services.get(`/reports/monthly/${period.label}/csv`, MANAGER)).text();
    assert.match(csv, new RegExp(`\\r\\nv${approved.version},callbacks\\.due,${due!.before},${due!.after}\\r\\n`));
  });
});
