import { randomInt } from 'node:crypto';
import type { ReportFigures } from '../../src/reports/report-figures.js';
import type { ReportPeriodRef } from '../../workflows/report-types.js';

const figure = (value: number | null, target: number | null) => ({
  value,
  target,
  met: value === null || target === null ? null : value >= target,
});

/** A complete set of report figures with plausible values; `change` adjusts any of them. */
export function sampleFigures(change: (f: ReportFigures) => void = () => undefined): ReportFigures {
  const f: ReportFigures = {
    period: { start: '2091-01-01', end: '2091-02-01', timeZone: 'Asia/Shanghai' },
    dataAsOf: '2091-02-01T00:30:00.000Z',
    callbacks: { due: 10, reached: 8, surveysCompleted: 6 },
    callbackSuccessRate: figure(80, 50),
    surveyRate: figure(75, 60),
    questionnaires: { sent: 2, returned: 1 },
    questionnaireReturnRate: figure(50, 70),
    surveys: { recorded: 6, rated: 5 },
    satisfaction: figure(88.5, 90),
    dimensions: { product: 90, attitude: 85, speed: null, service: 88 },
    breakdowns: {
      customerCategory: [{ key: 'medical', surveys: 4, meanScore: 91 }, { key: 'industrial, "heavy"', surveys: 2, meanScore: 84 }],
      keyAccount: [{ key: 'true', surveys: 3, meanScore: 92 }],
      region: [{ key: null, surveys: 1, meanScore: null }],
      industry: [],
      productModel: [{ key: 'XR-200', surveys: 6, meanScore: 88.5 }],
    },
    trend: [
      { label: 'T-1', start: '2090-11-01', end: '2090-12-01', surveys: 3, satisfaction: 92 },
      { label: 'T-2', start: '2090-12-01', end: '2091-01-01', surveys: 0, satisfaction: null },
    ],
    cases: {
      received: 2,
      byClassification: [],
      byPriority: [],
      byDepartment: [],
      topProblems: [],
      resolved: 1,
      resolutionRate: figure(50, null),
      onTimeByStage: [],
      escalations: 0,
      revisits: 1,
      satisfiedRevisits: 1,
      revisitSatisfactionRate: figure(100, null),
    },
    complaints: { count: 1, deliveries: 20, per100Deliveries: 5 },
    opinions: [],
  };
  change(f);
  return f;
}

/** A monthly period of a random far-future year, so that runs and other tests never share a report. */
export function aFarMonth(): ReportPeriodRef {
  const year = randomInt(3000, 9999);
  const month = randomInt(1, 12);
  const pad = (n: number) => String(n).padStart(2, '0');
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
  return { kind: 'monthly', label: `${year}-${pad(month)}`, start: `${year}-${pad(month)}-01`, end: next };
}

/** Runs SQL with `?` placeholders: MikroORM's connection, or a pg pool through `withQuestionMarks`. */
export type Sql = (query: string, params?: unknown[]) => Promise<unknown>;

/** A pg pool as an `Sql`: `?` placeholders become $1, $2, … */
export const withQuestionMarks =
  (pool: { query: (text: string, values?: unknown[]) => Promise<unknown> }): Sql =>
  (query, params = []) => {
    let n = 0;
    return pool.query(query.replace(/\?/g, () => `$${++n}`), params);
  };

/**
 * A completed callback due on the 15th of `period` for a new sale (ids start with `prefix`), and its phone survey,
 * scored `score`, recorded at `surveyedAt` and stored now: what an agent's result leaves in the database.
 */
export async function insertSurveyedCallback(sql: Sql, prefix: string, period: ReportPeriodRef, surveyedAt: string, score: number): Promise<void> {
  const now = new Date().toISOString();
  const [customer, sale, callback, attempt] = ['C', 'S', 'CB', 'A'].map((p) => `${prefix}-${p}`) as [string, string, string, string];
  const dueAt = new Date(`${period.start.slice(0, 8)}15T12:00:00+08:00`).toISOString();
  await sql(
    `insert into customer (id, name, category, key_account, region, industry, buyer, actual_user, created_at, updated_at)
     values (?, 'Customer', 'medical', false, 'East', null, '{"name":"Buyer","phone":"+86 138 0000 0000"}'::jsonb, null, ?, ?)`,
    [customer, now, now],
  );
  await sql(
    `insert into sale (id, order_no, customer_id, product_model, quantity, delivered_on, warranty_months, sales_owner, workflow_id, status, registered_at)
     values (?, ?, ?, 'XR-200', 1, ?::date, 12, 'li.lei', ?, 'active', ?)`,
    [sale, `${sale}-PO`, customer, period.start, `sale-${sale}`, now],
  );
  await sql(
    `insert into callback (id, sale_id, kind, status, nominal_date, due_at, late, customer_id, customer_category, attempts, created_at, updated_at)
     values (?, ?, 'first_30_days', 'completed', ?::date, ?, false, ?, 'medical', 1, ?, ?)`,
    [callback, sale, dueAt.slice(0, 10), dueAt, customer, now, now],
  );
  await sql(
    `insert into call_attempt (id, callback_id, agent_id, outcome, recorded_at, created_at) values (?, ?, 'agent.x', 'survey_done', ?, ?)`,
    [attempt, callback, surveyedAt, now],
  );
  await sql(
    `insert into survey_record (attempt_id, callback_id, sale_id, customer_id, agent_id, method, score, classification,
       says_dissatisfied, complained_to_management, serious_opinion, problems, answers, customer_category, key_account,
       product_model, recorded_at, created_at)
     values (?, ?, ?, ?, 'agent.x', 'phone', ?, 'satisfied', false, false, false, '[]'::jsonb, '{}'::jsonb, 'medical', false, 'XR-200', ?, ?)`,
    [attempt, callback, sale, customer, score, surveyedAt, new Date().toISOString()],
  );
}

/** Removes what `insertSurveyedCallback` wrote for ids starting with `prefix`. */
export async function removeSurveyedCallbacks(sql: Sql, prefix: string): Promise<void> {
  await sql('delete from survey_record where sale_id like ?', [`${prefix}%`]);
  await sql('delete from call_attempt where callback_id like ?', [`${prefix}%`]);
  await sql('delete from callback where sale_id like ?', [`${prefix}%`]);
  await sql('delete from sale where id like ?', [`${prefix}%`]);
  await sql('delete from customer where id like ?', [`${prefix}%`]);
}
