import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import { createReportStoreActivities } from '../../activities/report-store-activities.js';
import { ormConfig } from '../../src/database/orm-config.js';
import { Report } from '../../src/reports/report.entity.js';
import { requireEnv } from '../support/env.js';
import { aFarMonth, sampleFigures } from '../support/report-figures.js';

describe('stored report versions', () => {
  let orm: MikroORM;
  let store: ReturnType<typeof createReportStoreActivities>;
  const key = () => `test-${randomUUID()}`;
  const load = (id: string) => orm.em.fork().findOneOrFail(Report, id);

  before(async () => {
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
    store = createReportStoreActivities({ orm });
  });
  after(async () => {
    await orm?.close();
  });

  it('numbers versions from 1 and lists the headline figures that changed', async () => {
    const period = aFarMonth();
    const at = '2026-11-23T01:00:00.000Z';
    const first = await store.storeReport({ sourceKey: key(), period, figures: sampleFigures(), generatedAt: at });
    assert.deepEqual(first, { reportId: `monthly-${period.label}-v1`, version: 1, differences: null });

    const same = await store.storeReport({ sourceKey: key(), period, figures: sampleFigures(), generatedAt: at });
    assert.deepEqual(same, { reportId: `monthly-${period.label}-v2`, version: 2, differences: [] });

    const changed = sampleFigures((f) => {
      f.satisfaction = { value: 91, target: 90, met: true };
      f.complaints.count = 0;
      f.surveys.recorded = 7;
      f.cases.resolutionRate = { value: null, target: null, met: null };
      f.dimensions.product = 10; // not a headline figure
    });
    const third = await store.storeReport({ sourceKey: key(), period, figures: changed, generatedAt: at });
    assert.equal(third.version, 3);
    assert.deepEqual(third.differences, [
      { figure: 'satisfaction', before: 88.5, after: 91 },
      { figure: 'cases.resolutionRate', before: 50, after: null },
      { figure: 'complaints.count', before: 1, after: 0 },
      { figure: 'surveys.recorded', before: 6, after: 7 },
    ]);
    const row = await load(third.reportId);
    assert.equal(row.previousVersion, 2);
    assert.equal(row.status, 'awaiting_approval');
    assert.equal(row.periodStart, period.start);
    assert.equal(row.figures.satisfaction.value, 91);
  });

  it('answers a retry with the same source key as the first time, storing nothing new', async () => {
    const period = aFarMonth();
    const input = { sourceKey: key(), period, figures: sampleFigures(), generatedAt: '2026-11-23T01:00:00.000Z' };
    const [a, b] = await Promise.all([store.storeReport(input), store.storeReport(input)]);
    assert.deepEqual(a, b);
    assert.deepEqual(await store.storeReport(input), a);
    assert.equal(await orm.em.fork().count(Report, { kind: 'monthly', label: period.label }), 1);
  });

  it('stores concurrent different runs as consecutive versions', async () => {
    const period = aFarMonth();
    const runs = await Promise.all(
      [1, 2, 3].map(() => store.storeReport({ sourceKey: key(), period, figures: sampleFigures(), generatedAt: '2026-11-23T01:00:00.000Z' })),
    );
    assert.deepEqual(runs.map((r) => r.version).sort(), [1, 2, 3]);
  });

  it('moves the status awaiting_approval → escalated → approved → archived, each move idempotent', async () => {
    const period = aFarMonth();
    const { reportId } = await store.storeReport({ sourceKey: key(), period, figures: sampleFigures(), generatedAt: '2026-11-23T01:00:00.000Z' });
    await store.setReportStatus({ reportId, status: 'escalated', at: '2026-12-05T09:30:00.000Z' });
    await store.setReportStatus({ reportId, status: 'escalated', at: '2026-12-05T09:30:00.000Z' });
    assert.equal((await load(reportId)).status, 'escalated');

    await store.setReportStatus({ reportId, status: 'approved', actorId: 'gm.wang', at: '2026-12-06T02:00:00.000Z' });
    await store.setReportStatus({ reportId, status: 'approved', actorId: 'someone.else', at: '2026-12-07T02:00:00.000Z' });
    let row = await load(reportId);
    assert.deepEqual([row.status, row.approvedBy, row.approvedAt?.toISOString()], ['approved', 'gm.wang', '2026-12-06T02:00:00.000Z']);

    await store.setReportStatus({ reportId, status: 'archived', at: '2027-01-01T00:00:00.000Z' });
    // A late retry of the approval changes nothing once archived.
    await store.setReportStatus({ reportId, status: 'approved', actorId: 'gm.wang', at: '2026-12-06T02:00:00.000Z' });
    row = await load(reportId);
    assert.deepEqual([row.status, row.archivedAt?.toISOString(), row.approvedBy], ['archived', '2027-01-01T00:00:00.000Z', 'gm.wang']);
  });

  it('keeps an approved version as it was when a new version is stored', async () => {
    const period = aFarMonth();
    const v1 = await store.storeReport({ sourceKey: key(), period, figures: sampleFigures(), generatedAt: '2026-11-23T01:00:00.000Z' });
    await store.setReportStatus({ reportId: v1.reportId, status: 'approved', actorId: 'mgr.li', at: '2026-12-02T02:00:00.000Z' });
    const changed = sampleFigures((f) => (f.surveys.recorded = 99));
    const v2 = await store.storeReport({ sourceKey: key(), period, figures: changed, generatedAt: '2026-12-10T01:00:00.000Z' });
    assert.deepEqual(v2.differences, [{ figure: 'surveys.recorded', before: 6, after: 99 }]);
    const old = await load(v1.reportId);
    assert.deepEqual([old.status, old.figures.surveys.recorded], ['approved', 6]);
    assert.equal((await load(v2.reportId)).status, 'awaiting_approval');
  });

  it('refuses impossible moves and unknown reports for good', async () => {
    const period = aFarMonth();
    const { reportId } = await store.storeReport({ sourceKey: key(), period, figures: sampleFigures(), generatedAt: '2026-11-23T01:00:00.000Z' });
    await assert.rejects(store.setReportStatus({ reportId, status: 'archived', at: '2026-12-01T00:00:00.000Z' }), /cannot move from awaiting_approval to archived/);
    await assert.rejects(store.setReportStatus({ reportId, status: 'approved', at: '2026-12-01T00:00:00.000Z' }), /actorId/);
    await assert.rejects(store.setReportStatus({ reportId: 'monthly-0000-00-v1', status: 'escalated', at: '2026-12-01T00:00:00.000Z' }), /not stored/);
  });
});
