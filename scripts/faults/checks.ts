import pg from 'pg';
import type { ApiClient } from './api-client.js';
import type { Journey } from './journeys.js';

/** A record the driver expects and did not find, named for the report. */
export interface Loss {
  saleId: string;
  what: string;
}

/** One natural key that holds more rows than it should. */
export interface Duplicate {
  table: string;
  key: string;
  rows: number;
}

const surveyAttempt = (journey: Journey) => journey.attemptIds.at(-1)!;

/**
 * The records every finished journey must have left in PostgreSQL: sale, customer, three callbacks (the first
 * completed), one call attempt per attempt id sent, the survey, and the case, lead and notifications its variant brings.
 */
export async function lostRecords(db: pg.Pool, journeys: readonly Journey[]): Promise<Loss[]> {
  const losses: Loss[] = [];
  const saleIds = journeys.map((j) => j.saleId);
  const ids = async (sql: string, values: unknown[]) => new Set((await db.query(sql, values)).rows.map((r) => String(r.id)));

  const sales = await ids(`select id from sale where id = any($1)`, [saleIds]);
  const customers = await ids(`select id from customer where id = any($1)`, [journeys.map((j) => `C-${j.saleId}`)]);
  const callbackCounts = new Map(
    (await db.query(`select sale_id as id, count(*)::int as n from callback where sale_id = any($1) group by sale_id`, [saleIds])).rows.map((r) => [r.id, r.n]),
  );
  const completed = await ids(`select id from callback where id = any($1) and status = 'completed'`, [journeys.map((j) => j.callbackId)]);
  const attempts = await ids(`select id from call_attempt where id = any($1)`, [journeys.flatMap((j) => j.attemptIds)]);
  const surveys = await ids(`select attempt_id as id from survey_record where attempt_id = any($1)`, [journeys.map(surveyAttempt)]);
  const cases = await ids(`select source_attempt_id as id from feedback_case where source_attempt_id = any($1)`, [journeys.map(surveyAttempt)]);
  const leads = await ids(`select id from lead where id = any($1)`, [journeys.map((j) => `lead-${j.callbackId}`)]);
  const notifications = await ids(`select key as id from notification where key = any($1)`, [
    journeys.flatMap((j) => [`lead:${j.callbackId}`, `external-complaint:${surveyAttempt(j)}`]),
  ]);

  for (const j of journeys) {
    const expect = (present: boolean, what: string) => present || losses.push({ saleId: j.saleId, what });
    expect(sales.has(j.saleId), 'sale row');
    expect(customers.has(`C-${j.saleId}`), 'customer row');
    expect(callbackCounts.get(j.saleId) === 3, `3 callback rows (found ${callbackCounts.get(j.saleId) ?? 0})`);
    expect(completed.has(j.callbackId), `${j.callbackId} completed`);
    for (const attemptId of j.attemptIds) expect(attempts.has(attemptId), `call attempt ${attemptId}`);
    expect(surveys.has(surveyAttempt(j)), 'survey record');
    if (j.variant === 'dissatisfied' || j.variant === 'complaint') expect(cases.has(surveyAttempt(j)), 'feedback case');
    if (j.variant === 'repurchase') {
      expect(leads.has(`lead-${j.callbackId}`), 'lead');
      expect(notifications.has(`lead:${j.callbackId}`), 'lead notification');
    }
    if (j.variant === 'complaint') expect(notifications.has(`external-complaint:${surveyAttempt(j)}`), 'general manager notification');
  }
  return losses;
}

/** What the API shows of each sale: the survey and every attempt the driver sent, the first callback completed. */
export async function invisibleResults(api: ApiClient, journeys: readonly Journey[]): Promise<Loss[]> {
  const losses: Loss[] = [];
  for (const j of journeys) {
    const answer = await api.sale(j.saleId);
    if (answer.status !== 200) {
      losses.push({ saleId: j.saleId, what: `GET /sales/${j.saleId} answered ${answer.status || answer.failure}` });
      continue;
    }
    const state = answer.body as { callbacks: { status: string }[]; attempts: { attemptId: string }[]; surveys: { attemptId: string }[] };
    const attempts = new Set(state.attempts.map((a) => a.attemptId));
    if (state.callbacks[0]?.status !== 'completed') losses.push({ saleId: j.saleId, what: `first callback ${state.callbacks[0]?.status}, not completed` });
    for (const attemptId of j.attemptIds) if (!attempts.has(attemptId)) losses.push({ saleId: j.saleId, what: `attempt ${attemptId} not shown` });
    if (state.attempts.length !== j.attemptIds.length) losses.push({ saleId: j.saleId, what: `${state.attempts.length} attempts shown, ${j.attemptIds.length} sent` });
    if (state.surveys.length !== 1 || state.surveys[0].attemptId !== surveyAttempt(j)) {
      losses.push({ saleId: j.saleId, what: `${state.surveys.length} surveys shown, 1 expected` });
    }
  }
  return losses;
}

// Natural keys: each query lists the keys that hold more than one row.
const NATURAL_KEYS: { table: string; key: string; sql: string }[] = [
  { table: 'sale', key: 'order_no', sql: `select order_no as key, count(*)::int as rows from sale group by order_no having count(*) > 1` },
  { table: 'callback', key: 'sale_id, kind', sql: `select sale_id || ' ' || kind as key, count(*)::int as rows from callback group by sale_id, kind having count(*) > 1` },
  {
    table: 'survey_record',
    key: 'callback_id',
    sql: `select callback_id as key, count(*)::int as rows from survey_record group by callback_id having count(*) > 1`,
  },
  {
    table: 'feedback_case',
    key: 'callback_id',
    sql: `select callback_id as key, count(*)::int as rows from feedback_case group by callback_id having count(*) > 1`,
  },
  {
    table: 'case_event',
    key: 'case_no, type, cycle (registered)',
    sql: `select case_no || ' ' || cycle as key, count(*)::int as rows from case_event where type = 'registered' group by case_no, cycle having count(*) > 1`,
  },
  { table: 'lead', key: 'sale_id, product_interest', sql: `select sale_id as key, count(*)::int as rows from lead group by sale_id, product_interest having count(*) > 1` },
  {
    table: 'notification',
    key: 'kind, recipient, sale, callback, case, message',
    sql: `select kind || ' ' || coalesce(callback_id, case_no, sale_id, '') as key, count(*)::int as rows from notification
          group by kind, recipient, recipient_id, sale_id, callback_id, case_no, message having count(*) > 1`,
  },
];

/** Rows that exist more than once for one natural key, and call attempts beyond the ones the driver sent. */
export async function duplicateRows(db: pg.Pool, journeys: readonly Journey[]): Promise<Duplicate[]> {
  const duplicates: Duplicate[] = [];
  for (const { table, key, sql } of NATURAL_KEYS) {
    for (const row of (await db.query(sql)).rows) duplicates.push({ table, key: `${key} = ${row.key}`, rows: row.rows });
  }
  // An attempt applied twice under one attempt id cannot exist (primary key); applied again under another would.
  const sent = new Map(journeys.map((j) => [j.callbackId, j.attemptIds.length]));
  const { rows } = await db.query(`select callback_id, count(*)::int as n from call_attempt where callback_id = any($1) group by callback_id`, [[...sent.keys()]]);
  for (const row of rows) {
    if (row.n > sent.get(row.callback_id)!) duplicates.push({ table: 'call_attempt', key: `callback_id = ${row.callback_id}`, rows: row.n });
  }
  return duplicates;
}

/** Rows per table, for the report. */
export async function tableCounts(db: pg.Pool): Promise<Record<string, number>> {
  const tables = ['sale', 'callback', 'call_attempt', 'survey_record', 'feedback_case', 'lead', 'notification', 'case_event'];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = (await db.query(`select count(*)::int as n from "${table}"`)).rows[0].n;
  return counts;
}
