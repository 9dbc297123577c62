import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../src/database/orm-config.js';
import { computeReportFigures, type ReportFigures } from '../../src/reports/report-figures.js';
import { addCalendarMonths, atCompanyTime } from '../../workflows/domain/company-time.js';
import { periodBefore, previousPeriods } from '../../workflows/domain/report-periods.js';
import { log, type BenchContext } from '../context.js';
import { fmtMs, percentile } from '../stats.js';

/**
 * Survey records written straight into the bench database with generate_series, spread evenly over [lo, hi), with
 * the rows they reference: customers, sales, completed callbacks and their attempts; a tenth as many unreachable
 * callbacks; one survey in 20 by questionnaire; 7 % complaints, dissatisfied or grievances, each with a feedback case
 * and its events; 10 % opinions; one survey in 50 unrated.
 * $1 records, $2 lo, $3 hi, $4 customers (filled in by seed()).
 */
const SEED = [
  `insert into customer (id, name, category, key_account, region, industry, buyer, actual_user, created_at, updated_at)
   select 'RPT-C' || g, 'customer ' || g, (array['medical','household','military','distributor'])[1 + g % 4], g % 5 = 0,
          (array['华东','华北','华南','西南','东北'])[1 + g % 5], (array['healthcare','education','government','industry'])[1 + g % 4],
          '{"name": "-", "phone": "+86 000 0000 0000"}', null, now(), now()
   from generate_series(0, $4::int - 1) g`,
  `insert into sale (id, order_no, customer_id, product_model, quantity, delivered_on, warranty_months, sales_owner, workflow_id, status, registered_at)
   select 'RPT-S' || s, 'PO-RPT-S' || s, 'RPT-C' || (s % $4::int), (array['XR-200','XR-300','CT-9','US-5'])[1 + s % 4], 1,
          ($2::timestamptz + ($3::timestamptz - $2::timestamptz) * (3.0 * s / $1::int) - interval '30 days')::date, 12,
          'owner.' || (s % 20), 'sale-RPT-S' || s, 'following', $2::timestamptz
   from generate_series(0, ($1::int - 1) / 3) s`,
  `insert into sale (id, order_no, customer_id, product_model, quantity, delivered_on, warranty_months, sales_owner, workflow_id, status, registered_at)
   select 'RPT-U' || u, 'PO-RPT-U' || u, 'RPT-C' || (u % $4::int), 'XR-200', 1,
          ($2::timestamptz + ($3::timestamptz - $2::timestamptz) * (10.0 * u / $1::int) - interval '30 days')::date, 12,
          'owner.' || (u % 20), 'sale-RPT-U' || u, 'following', $2::timestamptz
   from generate_series(0, $1::int / 10 - 1) u`,
  `insert into callback (id, sale_id, kind, status, nominal_date, due_at, late, customer_id, customer_category, claimed_by, claimed_at,
                         opened_at, closed_at, attempts, created_at, updated_at)
   select 'RPT-S' || (i / 3) || '-C' || (i % 3 + 1), 'RPT-S' || (i / 3),
          (array['first_30_days','second_3_months','warranty_expiry'])[1 + i % 3], 'completed', t::date, t - interval '1 hour', false,
          'RPT-C' || ((i / 3) % $4::int), (array['medical','household','military','distributor'])[1 + ((i / 3) % $4::int) % 4],
          'agent.' || (i % 20), t - interval '30 minutes', t - interval '1 hour', t, 1, t, t
   from (select i, $2::timestamptz + ($3::timestamptz - $2::timestamptz) * ((i + 0.5) / $1::int) as t
         from generate_series(0, $1::int - 1) i) x`,
  `insert into callback (id, sale_id, kind, status, nominal_date, due_at, late, customer_id, customer_category, claimed_by, claimed_at,
                         opened_at, closed_at, attempts, created_at, updated_at)
   select 'RPT-U' || u || '-C1', 'RPT-U' || u, 'first_30_days', 'unreachable', t::date, t, false,
          'RPT-C' || (u % $4::int), (array['medical','household','military','distributor'])[1 + (u % $4::int) % 4],
          'agent.' || (u % 20), t, t, t + interval '2 days', 3, t, t
   from (select u, $2::timestamptz + ($3::timestamptz - $2::timestamptz) * ((u + 0.5) / ($1::int / 10)) as t
         from generate_series(0, $1::int / 10 - 1) u) x`,
  `insert into call_attempt (id, callback_id, agent_id, outcome, reason, next_try_at, recorded_at, created_at)
   select 'RPT-U' || u || '-N' || k, 'RPT-U' || u || '-C1', 'agent.' || (u % 20), 'no_answer', null, null,
          t + k * interval '4 hours', t + k * interval '4 hours'
   from (select u, $2::timestamptz + ($3::timestamptz - $2::timestamptz) * ((u + 0.5) / ($1::int / 10)) as t
         from generate_series(0, $1::int / 10 - 1) u) x, generate_series(0, 2) k`,
  `insert into call_attempt (id, callback_id, agent_id, outcome, reason, next_try_at, recorded_at, created_at)
   select 'RPT-A' || i, 'RPT-S' || (i / 3) || '-C' || (i % 3 + 1), 'agent.' || (i % 20), 'survey_done', null, null, t, t
   from (select i, $2::timestamptz + ($3::timestamptz - $2::timestamptz) * ((i + 0.5) / $1::int) as t
         from generate_series(0, $1::int - 1) i) x`,
  `insert into call_attempt (id, callback_id, agent_id, outcome, reason, next_try_at, recorded_at, created_at)
   select 'RPT-Q' || i, 'RPT-S' || (i / 3) || '-C' || (i % 3 + 1), 'agent.' || (i % 20), 'questionnaire_sent', null, null,
          t - interval '3 days', t - interval '3 days'
   from (select i, $2::timestamptz + ($3::timestamptz - $2::timestamptz) * ((i + 0.5) / $1::int) as t
         from generate_series(0, $1::int - 1, 20) i) x`,
  `insert into survey_record (attempt_id, callback_id, sale_id, customer_id, agent_id, method, score, product_score, attitude_score,
                              speed_score, service_score, classification, says_dissatisfied, complained_to, complained_to_management,
                              serious_opinion, opinions, problems, repurchase_intent, answers, customer_category, key_account,
                              customer_region, customer_industry, product_model, recorded_at, created_at)
   select 'RPT-A' || i, 'RPT-S' || (i / 3) || '-C' || (i % 3 + 1), 'RPT-S' || (i / 3), 'RPT-C' || c, 'agent.' || (i % 20),
          case when i % 20 = 0 then 'questionnaire' else 'phone' end,
          score, least(100, score + i % 7), least(100, score + i % 5), greatest(0, score - i % 9), score,
          cls, cls in ('complaint', 'dissatisfied'), case when cls = 'complaint' and i % 2 = 0 then 'manufacturer' end,
          cls = 'complaint', cls = 'grievance', case when cls in ('opinion', 'grievance') then 'opinion ' || i end,
          case when cls = 'satisfied' then '[]'::jsonb
               else jsonb_build_array((array['noise','late delivery','training','spare parts','manual'])[1 + i % 5],
                                      (array['noise','late delivery','training','spare parts','manual'])[1 + (i / 5) % 5]) end,
          case when i % 50 = 0 then 'XR-300' end, '{}'::jsonb,
          (array['medical','household','military','distributor'])[1 + c % 4], c % 5 = 0,
          (array['华东','华北','华南','西南','东北'])[1 + c % 5], (array['healthcare','education','government','industry'])[1 + c % 4],
          (array['XR-200','XR-300','CT-9','US-5'])[1 + (i / 3) % 4], t, t
   from (select i, t, c, cls,
                case when i % 50 = 49 then null
                     else case cls when 'complaint' then 30 + i % 30 when 'dissatisfied' then 50 + i % 20
                                   when 'grievance' then 72 + i % 10 when 'opinion' then 82 + i % 12 else 88 + i % 13 end end as score
         from (select i, $2::timestamptz + ($3::timestamptz - $2::timestamptz) * ((i + 0.5) / $1::int) as t, (i / 3) % $4::int as c,
                      case when i % 100 < 2 then 'complaint' when i % 100 < 5 then 'dissatisfied' when i % 100 < 7 then 'grievance'
                           when i % 100 < 17 then 'opinion' else 'satisfied' end as cls
               from generate_series(0, $1::int - 1) i) x) y`,
  `insert into feedback_case (case_no, source_attempt_id, sale_id, callback_id, customer_id, order_no, product_model, channel,
                              classification, priority, customer_words, score, received_at, stage, cycle, department, owner_id,
                              nature, scope, missed_deadlines, resolution, closed_at, source_agent_id, created_at, updated_at)
   select 'RPT-' || s.attempt_id, s.attempt_id, s.sale_id, s.callback_id, s.customer_id, 'PO-' || s.sale_id, s.product_model,
          case s.method when 'questionnaire' then 'QUESTIONNAIRE' else 'PHONE' end, s.classification,
          case when s.classification = 'grievance' then 'medium' else 'high' end, 'words', s.score, s.recorded_at,
          case when s.recorded_at < $3::timestamptz - interval '20 days' then 'closed' else 'in_progress' end, 1,
          (array['after_sales','rnd','logistics','sales'])[1 + length(s.attempt_id) % 4], 'owner.1', 'product_quality', 'single',
          case when right(s.attempt_id, 1) = '0' then 1 else 0 end,
          case when s.recorded_at < $3::timestamptz - interval '20 days' and right(s.attempt_id, 1) < '8' then 'resolved' end,
          case when s.recorded_at < $3::timestamptz - interval '20 days' then s.recorded_at + interval '9 days' end,
          s.agent_id, s.recorded_at, s.recorded_at
   from survey_record s where s.attempt_id like 'RPT-A%' and s.classification in ('complaint', 'dissatisfied', 'grievance')`,
  `insert into case_event (event_id, case_no, type, at, cycle, actor_id, actor_role, details, created_at)
   select f.case_no || '-' || e.type, f.case_no, e.type, f.received_at + e.days * interval '1 day', 1, 'owner.1', e.role,
          case e.type when 'revisited' then jsonb_build_object('satisfied', f.resolution is not null)
                      when 'escalated' then '{"stage": "assigned"}'::jsonb end,
          f.received_at + e.days * interval '1 day'
   from feedback_case f,
        (values ('registered', 0, 'agent'), ('assigned', 1, 'after_sales_manager'), ('analysed', 2, 'department_owner'),
                ('done_reported', 5, 'department_owner'), ('verified', 6, 'after_sales_manager'), ('revisited', 8, 'agent'),
                ('escalated', 3, null)) e(type, days, role)
   where f.case_no like 'RPT-%' and (e.type <> 'escalated' or f.missed_deadlines > 0)
     and (f.stage = 'closed' or e.type in ('registered', 'assigned', 'escalated'))`,
];

async function seed(ctx: BenchContext, records: number, lo: Date, hi: Date): Promise<number> {
  const started = Date.now();
  // Numbers and instants this module computed, written into the statements as literals.
  const values: Record<string, string> = { 1: String(records), 2: `'${lo.toISOString()}'`, 3: `'${hi.toISOString()}'`, 4: String(Math.max(1, Math.floor(records / 20))) };
  for (const sql of SEED) {
    await ctx.db.query(sql.replace(/\$([1-4])/g, (_, n: string) => values[n]));
  }
  await ctx.db.query('analyze');
  return Date.now() - started;
}

async function timed<T>(runs: number, run: () => Promise<T>): Promise<{ first: number; median: number; value: T }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    value = await run();
    times.push(performance.now() - started);
  }
  return { first: times[0], median: percentile(times, 50), value };
}

/**
 * Part 5: the monthly report (what the ReportPeriod workflow's activity computes, with its six-month trend) and the
 * on-demand figures of the whole seeded year through GET /reports, over the seeded survey records.
 */
export async function reportsPhase(ctx: BenchContext): Promise<void> {
  const { cfg } = ctx;
  const period = periodBefore('monthly', new Date(), cfg.timeZone);
  const from = addCalendarMonths(period.start, -(cfg.reportMonths - 1));
  const lo = atCompanyTime(from, 0, cfg.timeZone);
  const hi = atCompanyTime(period.end, 0, cfg.timeZone);
  log(`reports: seeding ${cfg.surveyRecords} survey records over ${from} .. ${period.end}`);
  const seedMs = await seed(ctx, cfg.surveyRecords, lo, hi);
  const { rows } = await ctx.db.query<{ n: string }>(`select count(*) as n from survey_record`);
  const total = Number(rows[0].n);
  log(`reports: ${total} survey records in the database (seeded in ${fmtMs(seedMs)})`);

  const orm = await MikroORM.init(ormConfig(cfg.databaseUrl, { pool: { min: 0, max: 2 } }));
  let monthly: { first: number; median: number; value: ReportFigures };
  try {
    monthly = await timed(cfg.reportRuns, () =>
      computeReportFigures(orm.em.fork(), { start: period.start, end: period.end, timeZone: cfg.timeZone, previousPeriods: previousPeriods(period) }),
    );
  } finally {
    await orm.close();
  }
  const year = await timed(cfg.reportRuns, async () => {
    const res = await ctx.api.reportFigures<{ figures: ReportFigures }>(from, period.end);
    if (res.status !== 200) throw new Error(`GET /reports answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    return res.body.figures;
  });
  ctx.services.check();
  const inMonth = monthly.value.surveys.recorded;
  ctx.rows.push(
    {
      section: '5 Reports',
      measure: `monthly report ${period.label} with 6-month trend (${inMonth} surveys in the month, ${total} stored)`,
      value: `${fmtMs(monthly.median)} (first ${fmtMs(monthly.first)})`,
      target: '<= 3 s',
      met: monthly.median <= 3000,
    },
    {
      section: '',
      measure: `GET /reports ${from}..${period.end}, every record in one range (${year.value.surveys.recorded} surveys)`,
      value: `${fmtMs(year.median)} (first ${fmtMs(year.first)})`,
      target: 'none; for scale',
    },
  );
  ctx.figures.reports = { total, seedMs, period, monthly: { first: monthly.first, median: monthly.median, surveys: inMonth }, year: { from, end: period.end, first: year.first, median: year.median, surveys: year.value.surveys.recorded } };
  log(`reports: monthly ${fmtMs(monthly.median)}, year ${fmtMs(year.median)}`);
}
