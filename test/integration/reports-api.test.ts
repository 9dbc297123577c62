import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createReportStoreActivities } from '../../activities/report-store-activities.js';
import { ormConfig } from '../../src/database/orm-config.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { requireEnv } from '../support/env.js';
import { bearer, MANAGER } from '../support/tokens.js';
import { aFarMonth, sampleFigures } from '../support/report-figures.js';
import type { ReportPeriodRef } from '../../workflows/report-types.js';

describe('GET /reports, the stored and on-demand satisfaction reports', () => {
  let app: NestExpressApplication;
  let orm: MikroORM;
  let base: string;
  let period: ReportPeriodRef;
  const get = (path: string) => fetch(`${base}${path}`, { headers: bearer(MANAGER) });

  before(async () => {
    ({ app, base } = await startApiWithoutTemporal());
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
    const store = createReportStoreActivities({ orm });
    period = aFarMonth();
    const generatedAt = '2026-11-23T01:00:00.000Z';
    await store.storeReport({ sourceKey: `test-${randomUUID()}`, period, figures: sampleFigures(), generatedAt });
    const changed = sampleFigures((f) => (f.satisfaction = { value: 93, target: 90, met: true }));
    await store.storeReport({ sourceKey: `test-${randomUUID()}`, period, figures: changed, generatedAt });
  });
  after(async () => {
    await app?.close();
    await orm?.close();
  });

  it('shows the latest version with its figures, status and differences', async () => {
    const res = await get(`/reports/monthly/${period.label}`);
    const body: any = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.reportId, `monthly-${period.label}-v2`);
    assert.deepEqual([body.version, body.status, body.previousVersion], [2, 'awaiting_approval', 1]);
    assert.deepEqual(body.differences, [{ figure: 'satisfaction', before: 88.5, after: 93 }]);
    assert.equal(body.figures.satisfaction.value, 93);
    assert.deepEqual([body.periodStart, body.periodEnd], [period.start, period.end]);
  });

  it('shows an older version with ?version=, and 404 for unknown ones', async () => {
    const old: any = await (await get(`/reports/monthly/${period.label}?version=1`)).json();
    assert.deepEqual([old.version, old.differences, old.figures.satisfaction.value], [1, null, 88.5]);
    assert.equal((await get(`/reports/monthly/${period.label}?version=9`)).status, 404);
    assert.equal((await get(`/reports/monthly/0001-01`)).status, 404);
    assert.equal((await get(`/reports/weekly/${period.label}`)).status, 404);
    assert.equal((await get(`/reports/monthly/${period.label}?version=zero`)).status, 400);
  });

  it('downloads the CSV as an attachment named after the version', async () => {
    const res = await get(`/reports/monthly/${period.label}/csv`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.equal(res.headers.get('content-disposition'), `attachment; filename=report-monthly-${period.label}-v2.csv`);
    const lines = (await res.text()).split('\r\n');
    assert.equal(lines[0], 'figure,value,target,met');
    assert.ok(lines.includes('satisfaction,93,90,true'));
    assert.ok(lines.includes('callbackSuccessRate,80,50,true'));
    assert.ok(lines.includes('section,key,surveys,meanScore'));
    assert.ok(lines.includes('customerCategory,medical,4,91'));
    const v1 = await get(`/reports/monthly/${period.label}/csv?version=1`);
    assert.equal(v1.headers.get('content-disposition'), `attachment; filename=report-monthly-${period.label}-v1.csv`);
    assert.equal((await get(`/reports/monthly/0001-01/csv`)).status, 404);
  });

  it('draws the satisfaction trend as SVG with the period labels', async () => {
    const res = await get(`/reports/monthly/${period.label}/trend.svg`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^image\/svg\+xml/);
    const svg = await res.text();
    assert.ok(svg.includes('<svg'));
    for (const label of ['T-1', 'T-2', period.label]) assert.match(svg, new RegExp(`<text[^>]*>${label}</text>`), label);
    assert.equal((await get(`/reports/monthly/0001-01/trend.svg`)).status, 404);
  });

  it('computes the figures of any range on demand, without storing them', async () => {
    const res = await get(`/reports?start=2091-03-01&end=2091-03-15`);
    const body: any = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual([body.start, body.end, body.figures.period.timeZone], ['2091-03-01', '2091-03-15', 'Asia/Shanghai']);
    assert.deepEqual(body.figures.trend, []);
    assert.equal(typeof body.figures.callbacks.due, 'number');
    assert.equal((await get(`/reports?start=2091-01-01&end=2092-01-02`)).status, 200);
  });

  it('answers 400 naming the field for a bad, inverted, half or too long range', async () => {
    const cases: [string, string][] = [
      ['start=2091-13-01&end=2091-12-01', 'start'],
      ['start=2091-02-30&end=2091-03-10', 'start'],
      ['start=yesterday&end=2091-03-10', 'start'],
      ['start=2091-03-10&end=2091-03-10', 'end'],
      ['start=2091-03-10&end=2091-03-01', 'end'],
      ['start=2091-01-01&end=2092-01-03', 'end'],
      ['start=2091-03-01', 'end'],
    ];
    for (const [query, field] of cases) {
      const res = await get(`/reports?${query}`);
      const body: any = await res.json();
      assert.equal(res.status, 400, query);
      assert.ok(body.fields.some((f: { field: string }) => f.field === field), `${query}: ${JSON.stringify(body)}`);
    }
  });

  it('lists the stored reports of a kind, newest first, paged', async () => {
    const res = await get(`/reports?kind=monthly&pageSize=200`);
    const body: any = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual([body.page, body.pageSize], [1, 200]);
    assert.ok(body.total >= 2);
    assert.ok(body.items.every((r: { kind: string; figures?: unknown }) => r.kind === 'monthly' && r.figures === undefined));
    const starts = body.items.map((r: { periodStart: string }) => r.periodStart);
    assert.deepEqual(starts, [...starts].sort().reverse());
    assert.equal((await get(`/reports?kind=weekly`)).status, 400);
  });
});
