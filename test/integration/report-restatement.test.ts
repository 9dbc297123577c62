import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import { createReportActivities } from '../../activities/report-activities.js';
import { createReportStoreActivities } from '../../activities/report-store-activities.js';
import { ormConfig } from '../../src/database/orm-config.js';
import { Report } from '../../src/reports/report.entity.js';
import type { ReportPeriodRef } from '../../workflows/report-types.js';
import { requireEnv } from '../support/env.js';
import { aFarMonth, insertSurveyedCallback, removeSurveyedCallbacks } from '../support/report-figures.js';

const TZ = 'Asia/Shanghai';

/*
 * A survey stored after its period's report was read makes that report stale: the nightly restatement finds it and
 * a new version shows what changed. Rows are written directly, in a random far-future month, and removed after.
 */
describe('restating a report when surveys arrive after it', () => {
  let orm: MikroORM;
  let reports: ReturnType<typeof createReportActivities>;
  let store: ReturnType<typeof createReportStoreActivities>;
  const run = `RST-${randomUUID().slice(0, 8)}`;
  const sql = (query: string, params: unknown[] = []) => orm.em.fork().getConnection().execute(query, params);

  before(async () => {
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
    reports = createReportActivities({ orm });
    store = createReportStoreActivities({ orm });
  });
  after(async () => {
    if (orm) {
      await removeSurveyedCallbacks(sql, run);
      await orm.close();
    }
  });

  const surveyedCallback = (n: string, period: ReportPeriodRef, surveyedAt: string, score: number) =>
    insertSurveyedCallback(sql, `${run}-${n}`, period, surveyedAt, score);

  const produce = async (period: ReportPeriodRef) => {
    const figures = await reports.computeReportFigures({ start: period.start, end: period.end, timeZone: TZ });
    return store.storeReport({ sourceKey: `${run}-${randomUUID()}`, period, figures, generatedAt: new Date().toISOString() });
  };
  const lateFor = async (period: ReportPeriodRef) =>
    (await store.reportsWithLateSurveys({ timeZone: TZ })).filter((r) => r.period.kind === period.kind && r.period.label === period.label);

  it('finds a report whose callbacks were surveyed after it was produced, and the new version shows the difference', async () => {
    const period = aFarMonth();
    await surveyedCallback('1', period, new Date(`${period.start.slice(0, 8)}16T10:00:00+08:00`).toISOString(), 90);
    const v1 = await produce(period);
    assert.deepEqual(await lateFor(period), [], 'every survey was read by v1');
    await store.setReportStatus({ reportId: v1.reportId, status: 'approved', actorId: 'mgr.chen', at: new Date().toISOString() });

    // Surveyed today (recorded outside the period) about a callback that fell due in the period.
    await surveyedCallback('2', period, new Date().toISOString(), 70);
    assert.deepEqual(await lateFor(period), [{ period, version: 1, status: 'approved', lateSurveys: 1 }]);

    const v2 = await produce(period);
    assert.equal(v2.version, 2);
    // The late survey counts for its callback's period, not for the period's satisfaction (recorded outside it).
    assert.deepEqual(v2.differences, [
      { figure: 'callbacks.due', before: 1, after: 2 },
      { figure: 'callbacks.reached', before: 1, after: 2 },
      { figure: 'callbacks.surveysCompleted', before: 1, after: 2 },
    ]);
    const [before, after] = [await orm.em.fork().findOneOrFail(Report, v1.reportId), await orm.em.fork().findOneOrFail(Report, v2.reportId)];
    assert.deepEqual([before.status, before.figures.callbacks], ['approved', { due: 1, reached: 1, surveysCompleted: 1 }]);
    assert.deepEqual(after.figures.callbacks, { due: 2, reached: 2, surveysCompleted: 2 });
    assert.equal(after.previousVersion, 1);
    assert.deepEqual(await lateFor(period), [], 'v2 read the late survey');
  });

  it('lists the headline differences when a late survey was recorded within the period', async () => {
    const period = aFarMonth();
    await surveyedCallback('3', period, new Date(`${period.start.slice(0, 8)}16T10:00:00+08:00`).toISOString(), 90);
    const v1 = await produce(period);
    // Recorded (by its workflow) inside the period, but stored only after v1 read the figures.
    await surveyedCallback('4', period, new Date(`${period.start.slice(0, 8)}20T10:00:00+08:00`).toISOString(), 70);
    assert.equal((await lateFor(period))[0]?.lateSurveys, 1);
    const v2 = await produce(period);
    assert.deepEqual(v2.differences, [
      { figure: 'satisfaction', before: 90, after: 80 },
      { figure: 'surveys.recorded', before: 1, after: 2 },
      { figure: 'callbacks.due', before: 1, after: 2 },
      { figure: 'callbacks.reached', before: 1, after: 2 },
      { figure: 'callbacks.surveysCompleted', before: 1, after: 2 },
    ]);
    assert.equal((await orm.em.fork().findOneOrFail(Report, v1.reportId)).status, 'superseded', 'nobody had approved v1');
    await assert.rejects(
      store.setReportStatus({ reportId: v1.reportId, status: 'approved', actorId: 'mgr.chen', at: new Date().toISOString() }),
      /superseded/,
    );
  });
});
