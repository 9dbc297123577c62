import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import { createReportActivities } from '../../activities/report-activities.js';
import { ormConfig } from '../../src/database/orm-config.js';
import type { ReportFigures, ReportPeriod } from '../../src/reports/report-figures.js';
import { requireEnv } from '../support/env.js';

/*
 * The fixture is written by direct inserts (every figure depends on exact statuses, instants and scores that the
 * activities would derive from the clock), in a random month of 2087–2090 that holds no data of any kind in it, the
 * six months before or the month after, so reruns and other tests sharing the database never collide.
 * Company time is Asia/Shanghai (UTC+8, no DST): local 12:00 is 04:00Z.
 */

const TZ = 'Asia/Shanghai';
const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (y: number, m: number): string => {
  const d = new Date(Date.UTC(y, m - 1, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-01`;
};
/** A company-time date and hh:mm as an ISO instant (UTC+8). */
const local = (date: string, hhmm = '12:00'): string => new Date(`${date}T${hhmm}:00+08:00`).toISOString();
const day = (monthFirst: string, d: number): string => `${monthFirst.slice(0, 8)}${pad(d)}`;
const dayBefore = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

describe('report figures on PostgreSQL', () => {
  let orm: MikroORM;
  let figures: ReportFigures;
  let start: string;
  let end: string;
  let prev: string;
  let previousPeriods: ReportPeriod[];
  const run = randomUUID().slice(0, 8);
  const id = (what: string) => `RPT-${run}-${what}`;

  const sql = (query: string, params: unknown[] = []) => orm.em.fork().getConnection().execute(query, params);

  /** Removes this fixture's rows (`pattern` RPT-<run>-%), or those every earlier run left behind (RPT-%). */
  async function removeFixtures(pattern: string): Promise<void> {
    const cases = 'select case_no from feedback_case where sale_id like ?';
    await sql(`delete from case_event where case_no in (${cases})`, [pattern]);
    await sql(`delete from corrective_action where case_no in (${cases})`, [pattern]);
    await sql('delete from feedback_case where sale_id like ?', [pattern]);
    await sql('delete from survey_record where sale_id like ?', [pattern]);
    await sql('delete from call_attempt where callback_id in (select id from callback where sale_id like ?)', [pattern]);
    await sql('delete from callback where sale_id like ?', [pattern]);
    await sql('delete from sale where id like ?', [pattern]);
    await sql('delete from customer where id like ?', [pattern]);
  }

  async function monthIsFree(y: number, m: number): Promise<boolean> {
    const lo = monthStart(y, m - 6);
    const hi = monthStart(y, m + 2);
    const [row] = (await sql(
      `with b as (select (?::date)::timestamp at time zone 'UTC' - interval '1 day' as lo,
                         (?::date)::timestamp at time zone 'UTC' + interval '1 day' as hi)
       select (select count(*) from callback c, b where c.due_at >= b.lo and c.due_at < b.hi)
            + (select count(*) from call_attempt a, b where a.recorded_at >= b.lo and a.recorded_at < b.hi)
            + (select count(*) from survey_record s, b where s.recorded_at >= b.lo and s.recorded_at < b.hi)
            + (select count(*) from feedback_case f, b where f.received_at >= b.lo and f.received_at < b.hi)
            + (select count(*) from sale where delivered_on >= ?::date - 1 and delivered_on < ?::date + 1) as n`,
      [lo, hi, lo, hi],
    )) as { n: string }[];
    return Number(row!.n) === 0;
  }

  async function customerAndSale(n: number, c: { category: string; key: boolean; region: string; industry: string | null }, deliveredOn: string, model: string) {
    const now = new Date().toISOString();
    await sql(
      `insert into customer (id, name, category, key_account, region, industry, buyer, actual_user, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?::jsonb, null, ?, ?)`,
      [id(`C${n}`), `Customer ${n}`, c.category, c.key, c.region, c.industry, JSON.stringify({ name: 'Buyer', phone: '+86 138 0000 0000' }), now, now],
    );
    await sql(
      `insert into sale (id, order_no, customer_id, product_model, quantity, delivered_on, warranty_months, sales_owner, workflow_id, status, registered_at)
       values (?, ?, ?, ?, 1, ?::date, 12, 'li.lei', ?, 'active', ?)`,
      [id(`S${n}`), id(`PO${n}`), id(`C${n}`), model, deliveredOn, `sale-${id(`S${n}`)}`, now],
    );
  }

  async function callback(n: number, sale: number, category: string, status: string, dueAt: string) {
    const now = new Date().toISOString();
    await sql(
      `insert into callback (id, sale_id, kind, status, nominal_date, due_at, late, customer_id, customer_category, attempts, created_at, updated_at)
       values (?, ?, 'first_30_days', ?, ?::date, ?, false, ?, ?, 0, ?, ?)`,
      [id(`CB${n}`), id(`S${sale}`), status, dueAt.slice(0, 10), dueAt, id(`C${sale}`), category, now, now],
    );
  }

  let attemptNo = 0;
  async function attempt(cb: number, outcome: string, at: string): Promise<string> {
    const attemptId = id(`A${++attemptNo}`);
    await sql(
      `insert into call_attempt (id, callback_id, agent_id, outcome, recorded_at, created_at) values (?, ?, 'agent.x', ?, ?, ?)`,
      [attemptId, id(`CB${cb}`), outcome, at, new Date().toISOString()],
    );
    return attemptId;
  }

  type Scores = [number | null, number | null, number | null, number | null, number | null];
  async function survey(
    cb: number, sale: number, at: string, scores: Scores, s: {
      method?: string; classification: string; problems: string[]; opinions?: string;
      category: string; key: boolean; region: string; industry: string | null; model: string;
    },
  ) {
    const attemptId = await attempt(cb, 'survey_done', at);
    await sql(
      `insert into survey_record (attempt_id, callback_id, sale_id, customer_id, agent_id, method, score, product_score,
         attitude_score, speed_score, service_score, classification, says_dissatisfied, complained_to_management,
         serious_opinion, opinions, problems, answers, customer_category, key_account, customer_region,
         customer_industry, product_model, recorded_at, created_at)
       values (?, ?, ?, ?, 'agent.x', ?, ?, ?, ?, ?, ?, ?, false, false, false, ?, ?::jsonb, '{}'::jsonb, ?, ?, ?, ?, ?, ?, ?)`,
      [attemptId, id(`CB${cb}`), id(`S${sale}`), id(`C${sale}`), s.method ?? 'phone', ...scores, s.classification,
        s.opinions ?? null, JSON.stringify(s.problems), s.category, s.key, s.region, s.industry, s.model, at, new Date().toISOString()],
    );
  }

  async function feedbackCase(k: number, cb: number, sale: number, c: { classification: string; priority: string; department: string | null; stage: string; resolution: string | null; receivedAt: string }, events: [string, Record<string, unknown>?][]) {
    const now = new Date().toISOString();
    await sql(
      `insert into feedback_case (case_no, source_attempt_id, sale_id, callback_id, customer_id, order_no, product_model, channel,
         classification, priority, customer_words, received_at, stage, department, resolution, closed_at, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, 'XR-200', 'PHONE', ?, ?, 'words', ?, ?, ?, ?, ?, ?, ?)`,
      [id(`K${k}`), id(`KA${k}`), id(`S${sale}`), id(`CB${cb}`), id(`C${sale}`), id(`PO${sale}`), c.classification, c.priority,
        c.receivedAt, c.stage, c.department, c.resolution, c.stage === 'closed' ? c.receivedAt : null, now, now],
    );
    let i = 0;
    for (const [type, details] of events) {
      i += 1;
      const at = new Date(Date.parse(c.receivedAt) + i * 3_600_000).toISOString();
      await sql(
        `insert into case_event (event_id, case_no, type, at, cycle, details, created_at) values (?, ?, ?, ?, 1, ?::jsonb, ?)`,
        [`${id(`K${k}`)}-E${i}`, id(`K${k}`), type, at, details === undefined ? null : JSON.stringify(details), now],
      );
    }
  }

  before(async () => {
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
    // The database outlives test runs: a run that died before its clean-up must not take a month away for good.
    await removeFixtures('RPT-%');
    let year = 0;
    let month = 0;
    for (let tries = 0; tries < 30 && month === 0; tries += 1) {
      const y = randomInt(2087, 2091);
      const m = randomInt(1, 13);
      if (await monthIsFree(y, m)) [year, month] = [y, m];
    }
    assert.notEqual(month, 0, 'no free month in 2087–2090 for the report fixture');
    start = monthStart(year, month);
    end = monthStart(year, month + 1);
    prev = monthStart(year, month - 1);
    previousPeriods = [6, 5, 4, 3, 2, 1].map((k) => ({ start: monthStart(year, month - k), end: monthStart(year, month - k + 1), label: monthStart(year, month - k).slice(0, 7) }));

    const med = { category: 'medical', region: 'east', industry: 'healthcare' };
    const hh = { category: 'household', region: 'north', industry: 'retail' };
    // Ten sales: S1–S8 delivered in the period; S9 on the first day after it, S10 on the day before it.
    await customerAndSale(1, { ...med, key: true }, day(start, 1), 'XR-200');
    await customerAndSale(2, { ...med, key: false }, day(start, 2), 'XR-200');
    await customerAndSale(3, { ...hh, key: false }, day(start, 3), 'XR-300');
    await customerAndSale(4, { ...hh, key: false }, day(start, 4), 'XR-300');
    await customerAndSale(5, { category: 'distributor', key: false, region: 'south', industry: null }, day(start, 5), 'XR-200');
    await customerAndSale(6, { category: 'military', key: true, region: 'west', industry: 'defense' }, day(start, 6), 'XR-300');
    await customerAndSale(7, { ...med, key: false }, day(start, 7), 'XR-200');
    await customerAndSale(8, { ...med, key: false }, day(start, 8), 'XR-200');
    await customerAndSale(9, { ...med, key: false }, end, 'XR-200');
    await customerAndSale(10, { ...med, key: false }, dayBefore(start), 'XR-200');

    // Callbacks due in the period (CB1–CB12), and two due in the previous month (CB13, CB14).
    await callback(1, 1, 'medical', 'completed', local(day(start, 1), '02:00'));
    await callback(2, 2, 'medical', 'completed', local(day(start, 10)));
    await callback(3, 3, 'household', 'completed', local(day(start, 10)));
    await callback(4, 4, 'household', 'completed', local(day(start, 11)));
    await callback(5, 5, 'distributor', 'completed', local(day(start, 11)));
    await callback(6, 6, 'military', 'completed', local(day(start, 12)));
    await callback(7, 7, 'medical', 'questionnaire', local(day(start, 12)));
    await callback(8, 8, 'medical', 'refused', local(day(start, 13)));
    await callback(9, 1, 'medical', 'unreachable', local(day(start, 13)));
    await callback(10, 2, 'medical', 'scheduled', local(day(start, 14)));
    await callback(11, 3, 'household', 'cancelled', local(day(start, 14)));
    await callback(12, 4, 'household', 'due', local(day(start, 15)));
    await callback(13, 9, 'medical', 'completed', local(day(prev, 10)));
    await callback(14, 10, 'medical', 'completed', local(day(prev, 11)));

    const m = { ...med, model: 'XR-200' };
    const h = { ...hh, model: 'XR-300' };
    // CB1's survey at local 00:30 on the first day (16:30Z the day before): in the period in company time.
    await survey(1, 1, local(day(start, 1), '00:30'), [95, 90, 100, 90, 100], { ...m, key: true, classification: 'satisfied', problems: [] });
    await survey(2, 2, local(day(start, 10)), [85, 80, 90, 80, 90], { ...m, key: false, classification: 'opinion', opinions: 'more training please', problems: ['training', 'manual unclear'] });
    await survey(3, 3, local(day(start, 10), '15:00'), [70, 60, 80, 70, 70], { ...h, key: false, classification: 'complaint', problems: ['noise', 'training'] });
    await survey(4, 4, local(day(start, 11)), [100, 100, 100, 100, 100], { ...h, key: false, classification: 'satisfied', problems: ['noise'] });
    // Unrated: counts as a survey, left out of every mean.
    await survey(5, 5, local(day(start, 11), '15:00'), [null, null, null, null, null], { category: 'distributor', key: false, region: 'south', industry: null, model: 'XR-200', classification: 'opinion', opinions: 'deliver faster', problems: ['slow delivery'] });
    await attempt(6, 'questionnaire_sent', local(day(start, 12), '09:00'));
    await survey(6, 6, local(day(start, 20)), [90, 90, null, 90, 90], { category: 'military', key: true, region: 'west', industry: 'defense', model: 'XR-300', method: 'questionnaire', classification: 'satisfied', problems: ['manual unclear', 'noise'] });
    await attempt(7, 'questionnaire_sent', local(day(start, 12), '10:00'));
    await attempt(8, 'refused', local(day(start, 13)));
    await attempt(9, 'no_answer', local(day(start, 13)));
    await attempt(9, 'no_answer', local(day(start, 14)));
    await attempt(12, 'no_answer', local(day(start, 15)));
    // Previous month: two surveys; the second at local 23:59 of its last day (15:59Z) stays in that month.
    await survey(13, 9, local(day(prev, 10)), [80, 80, 80, 80, 80], { ...m, key: false, classification: 'complaint', problems: ['alpha issue'] });
    await survey(14, 10, local(dayBefore(start), '23:59'), [60, 60, 60, 60, 60], { ...m, key: false, classification: 'opinion', opinions: 'not this month', problems: ['alpha issue'] });

    // Three cases received in the period, one in the previous month (left out).
    await feedbackCase(1, 3, 3, { classification: 'complaint', priority: 'high', department: 'rnd', stage: 'closed', resolution: 'resolved', receivedAt: local(day(start, 10), '16:00') },
      [['registered'], ['assigned'], ['analysed'], ['done_reported'], ['verified'], ['revisited', { satisfied: true }], ['closed']]);
    await feedbackCase(2, 2, 2, { classification: 'dissatisfied', priority: 'medium', department: 'after_sales', stage: 'in_progress', resolution: null, receivedAt: local(day(start, 10), '13:00') },
      [['registered'], ['assigned'], ['escalated', { stage: 'assigned' }], ['analysed'], ['done_reported'], ['verified'], ['revisited', { satisfied: false }], ['reprocessed'], ['assigned'], ['analysed']]);
    await feedbackCase(3, 5, 5, { classification: 'complaint', priority: 'low', department: null, stage: 'registered', resolution: null, receivedAt: local(day(start, 11), '16:00') },
      [['registered'], ['escalated', { stage: 'registered' }]]);
    await feedbackCase(4, 13, 9, { classification: 'complaint', priority: 'high', department: 'rnd', stage: 'closed', resolution: 'resolved', receivedAt: local(day(prev, 10), '13:00') },
      [['registered'], ['escalated', { stage: 'registered' }], ['revisited', { satisfied: true }], ['closed']]);

    figures = await createReportActivities({ orm }).computeReportFigures({ start, end, timeZone: TZ, previousPeriods });
  });

  after(async () => {
    if (orm) await removeFixtures(`RPT-${run}-%`);
    await orm?.close();
  });

  it('computes the callback success, survey and questionnaire return rates against their targets', () => {
    // due: CB1–CB9 and CB12 (CB10 scheduled, CB11 cancelled) = 10; reached: CB1–CB8 = 8 (CB9, CB12 only no_answer)
    assert.deepEqual(figures.callbacks, { due: 10, reached: 8, surveysCompleted: 6 });
    // 8 reached of 10 due = 80.00% ≥ 50%
    assert.deepEqual(figures.callbackSuccessRate, { value: 80, target: 50, met: true });
    // 6 surveyed (CB1–CB6) of 8 reached = 75.00% ≥ 60%
    assert.deepEqual(figures.surveyRate, { value: 75, target: 60, met: true });
    // questionnaires sent to CB6 and CB7, returned by CB6: 1 of 2 = 50.00% < 70%
    assert.deepEqual(figures.questionnaires, { sent: 2, returned: 1 });
    assert.deepEqual(figures.questionnaireReturnRate, { value: 50, target: 70, met: false });
  });

  it('means the rated surveys only, overall and per dimension', () => {
    // 6 surveys recorded in the period (CB1 at local 00:30 of day 1 included), 5 rated (CB5 unrated)
    assert.deepEqual(figures.surveys, { recorded: 6, rated: 5 });
    // (95 + 85 + 70 + 100 + 90) / 5 = 88.00 < 90 (with the unrated one as 0 it would be 73.33)
    assert.deepEqual(figures.satisfaction, { value: 88, target: 90, met: false });
    // product (90+80+60+100+90)/5 = 84; attitude (100+90+80+100)/4 = 92.5; speed (90+80+70+100+90)/5 = 86;
    // service (100+90+70+100+90)/5 = 90
    assert.deepEqual(figures.dimensions, { product: 84, attitude: 92.5, speed: 86, service: 90 });
  });

  it('breaks the surveys down by segment', () => {
    assert.deepEqual(figures.breakdowns.customerCategory, [
      { key: 'distributor', surveys: 1, meanScore: null }, // CB5 unrated
      { key: 'household', surveys: 2, meanScore: 85 }, // (70 + 100) / 2
      { key: 'medical', surveys: 2, meanScore: 90 }, // (95 + 85) / 2
      { key: 'military', surveys: 1, meanScore: 90 },
    ]);
    assert.deepEqual(figures.breakdowns.keyAccount, [
      { key: 'false', surveys: 4, meanScore: 85 }, // (85 + 70 + 100) / 3
      { key: 'true', surveys: 2, meanScore: 92.5 }, // (95 + 90) / 2
    ]);
    assert.deepEqual(figures.breakdowns.region, [
      { key: 'east', surveys: 2, meanScore: 90 },
      { key: 'north', surveys: 2, meanScore: 85 },
      { key: 'south', surveys: 1, meanScore: null },
      { key: 'west', surveys: 1, meanScore: 90 },
    ]);
    assert.deepEqual(figures.breakdowns.industry, [
      { key: 'defense', surveys: 1, meanScore: 90 },
      { key: 'healthcare', surveys: 2, meanScore: 90 },
      { key: 'retail', surveys: 2, meanScore: 85 },
      { key: null, surveys: 1, meanScore: null },
    ]);
    assert.deepEqual(figures.breakdowns.productModel, [
      { key: 'XR-200', surveys: 3, meanScore: 90 }, // (95 + 85) / 2, CB5 unrated
      { key: 'XR-300', surveys: 3, meanScore: 86.67 }, // (70 + 100 + 90) / 3 = 86.666…
    ]);
  });

  it('gives the trend of the six previous months', () => {
    assert.deepEqual(
      figures.trend,
      previousPeriods.map((p, i) =>
        i === 5
          ? { ...p, surveys: 2, satisfaction: 70 } // (80 + 60) / 2
          : { ...p, surveys: 0, satisfaction: null },
      ),
    );
  });

  it('counts the feedback cases received in the period', () => {
    const c = figures.cases;
    assert.equal(c.received, 3); // K1–K3; K4 was received the month before
    assert.deepEqual(c.byClassification, [{ key: 'complaint', count: 2 }, { key: 'dissatisfied', count: 1 }]);
    assert.deepEqual(c.byPriority, [{ key: 'high', count: 1 }, { key: 'low', count: 1 }, { key: 'medium', count: 1 }]);
    assert.deepEqual(c.byDepartment, [{ key: 'after_sales', count: 1 }, { key: 'rnd', count: 1 }, { key: null, count: 1 }]);
    // noise ×3 (CB3, CB4, CB6); manual unclear ×2 and training ×2, alphabetical; slow delivery ×1 and the previous
    // month's alpha issue ×2 are out
    assert.deepEqual(c.topProblems, [{ problem: 'noise', count: 3 }, { problem: 'manual unclear', count: 2 }, { problem: 'training', count: 2 }]);
    // 1 resolved (K1) of 3 = 33.33%, no target
    assert.equal(c.resolved, 1);
    assert.deepEqual(c.resolutionRate, { value: 33.33, target: null, met: null });
    assert.deepEqual(c.onTimeByStage, [
      { stage: 'registered', entered: 4, missed: 1, rate: 75 }, // K1, K2 ×2 (reprocessed), K3; K3 missed: 3/4
      { stage: 'assigned', entered: 3, missed: 1, rate: 66.67 }, // K1, K2 ×2; K2 missed once: 2/3
      { stage: 'in_progress', entered: 3, missed: 0, rate: 100 }, // analysed K1, K2 ×2
      { stage: 'verifying', entered: 2, missed: 0, rate: 100 }, // done_reported K1, K2
      { stage: 'revisiting', entered: 2, missed: 0, rate: 100 }, // verified K1, K2
    ]);
    assert.equal(c.escalations, 2); // K2 (assigned), K3 (registered)
    // re-visits: K1 satisfied, K2 not: 1 of 2 = 50%
    assert.equal(c.revisits, 2);
    assert.equal(c.satisfiedRevisits, 1);
    assert.deepEqual(c.revisitSatisfactionRate, { value: 50, target: null, met: null });
  });

  it('counts complaints per 100 deliveries and lists the opinions without names', () => {
    // 1 complaint (CB3) per 8 deliveries (S1–S8; S9 the day after, S10 the day before) = 12.50 per 100
    assert.deepEqual(figures.complaints, { count: 1, deliveries: 8, per100Deliveries: 12.5 });
    assert.deepEqual(figures.opinions, [
      { callbackId: id('CB2'), customerId: id('C2'), opinions: 'more training please' },
      { callbackId: id('CB5'), customerId: id('C5'), opinions: 'deliver faster' },
    ]);
  });
});
