import type { EntityManager } from '@mikro-orm/postgresql';
import { CALLBACK_STATUSES } from '../../workflows/callback-types.js';

/**
 * The figures of the monthly / quarterly satisfaction report (DOMAIN §5), computed by SQL in PostgreSQL.
 *
 * Period: [start, end) of company-time dates. The boundaries are converted IN SQL, as
 * `(date::timestamp at time zone timeZone)`, i.e. the instant of local midnight in the company's time zone
 * (Asia/Shanghai), and compared with the timestamptz columns. `sale.delivered_on` is already a local date and is
 * compared as a date.
 *
 * Rates are percentages rounded to 2 decimals (null when the denominator is 0); means are rounded to 2 decimals.
 *
 * Definitions:
 * - callbacks due: callbacks whose due_at falls in the period and that were opened (status not 'scheduled' or
 *   'cancelled').
 * - callbacks reached: of those due, the ones with status 'completed' or with at least one call_attempt (at any time)
 *   whose outcome means someone answered: survey_done, wrong_person, refused, busy, questionnaire_sent.
 * - callback success rate = reached / due, target ≥ 50%.
 * - surveys completed: of the reached callbacks, the ones with at least one survey_record (any method, any time).
 *   survey rate = completed / reached, target ≥ 60%.
 * - questionnaires sent: distinct callbacks with a 'questionnaire_sent' attempt recorded in the period; returned: of
 *   those, the ones with a survey_record of method 'questionnaire' (at any time). Target ≥ 70%.
 * - satisfaction: mean score of the survey_records recorded in the period with a score (unrated ones are left out);
 *   target ≥ 90. Dimension means likewise ignore nulls. Breakdowns and trend use the same rule (count = all surveys
 *   recorded, mean = of the rated ones).
 * - feedback cases: the cases received (received_at) in the period; every case figure (resolution, on-time,
 *   escalations, re-visits) is about those cases, whatever the time of their events.
 *   resolution rate = cases closed with resolution 'resolved' / cases received.
 *   on-time rate per stage: the schema holds no per-stage deadline history, so per stage
 *   (entries - escalated) / entries, where entries are the stage-entering case_events
 *   (registered & reprocessed → registered, assigned → assigned, analysed & verification_failed → in_progress,
 *   done_reported → verifying, verified → revisiting) and escalated the 'escalated' events with details->>'stage' of
 *   that stage. A stage still running and not yet missed counts as on time.
 *   escalations = count of 'escalated' events; re-visit satisfaction = 'revisited' with details->>'satisfied' =
 *   'true' / all 'revisited'.
 * - top problems: the 3 most frequent elements of survey_record.problems of the surveys recorded in the period
 *   (ties alphabetical).
 * - complaints: surveys recorded in the period classified 'complaint'; per 100 deliveries = 100 × complaints / sales
 *   whose delivered_on falls in the period (cancelled sales included).
 * - opinions: surveys recorded in the period classified 'opinion', without names or phones.
 */

export interface Figure {
  value: number | null;
  target: number | null;
  met: boolean | null;
}

export interface ReportPeriod {
  start: string;
  end: string;
  label: string;
}

export interface ReportFiguresInput {
  /** First company-time date of the period, YYYY-MM-DD. */
  start: string;
  /** The day after the last, YYYY-MM-DD. */
  end: string;
  timeZone: string;
  /** The trend's periods, computed by the caller (e.g. the six months before a monthly report). */
  previousPeriods?: ReportPeriod[];
}

export interface SegmentFigure {
  key: string | null;
  surveys: number;
  meanScore: number | null;
}

export interface TrendPoint {
  label: string;
  start: string;
  end: string;
  surveys: number;
  satisfaction: number | null;
}

export interface CountBy {
  key: string | null;
  count: number;
}

export interface ReportFigures {
  period: { start: string; end: string; timeZone: string };
  /** When the figures were read (ISO 8601): every query saw the database as of this moment. */
  dataAsOf: string;
  callbacks: { due: number; reached: number; surveysCompleted: number };
  callbackSuccessRate: Figure;
  surveyRate: Figure;
  questionnaires: { sent: number; returned: number };
  questionnaireReturnRate: Figure;
  surveys: { recorded: number; rated: number };
  satisfaction: Figure;
  dimensions: { product: number | null; attitude: number | null; speed: number | null; service: number | null };
  breakdowns: {
    customerCategory: SegmentFigure[];
    keyAccount: SegmentFigure[];
    region: SegmentFigure[];
    industry: SegmentFigure[];
    productModel: SegmentFigure[];
  };
  trend: TrendPoint[];
  cases: {
    received: number;
    byClassification: CountBy[];
    byPriority: CountBy[];
    byDepartment: CountBy[];
    topProblems: { problem: string; count: number }[];
    resolved: number;
    resolutionRate: Figure;
    onTimeByStage: { stage: string; entered: number; missed: number; rate: number | null }[];
    escalations: number;
    revisits: number;
    satisfiedRevisits: number;
    revisitSatisfactionRate: Figure;
  };
  complaints: { count: number; deliveries: number; per100Deliveries: number | null };
  opinions: { callbackId: string; customerId: string; opinions: string | null }[];
}

export const TARGETS = { callbackSuccessRate: 50, surveyRate: 60, questionnaireReturnRate: 70, satisfaction: 90 } as const;

// Callbacks that were opened: listed, so that the (status, due_at) index serves the period's range.
const OPENED_STATUSES = CALLBACK_STATUSES.filter((status) => status !== 'scheduled' && status !== 'cancelled')
  .map((status) => `'${status}'`)
  .join(', ');

const SEGMENT_COLUMNS = ['customer_category', 'key_account::text', 'customer_region', 'customer_industry', 'product_model'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function figure(value: unknown, target: number | null): Figure {
  const v = num(value);
  return { value: v, target, met: v === null || target === null ? null : v >= target };
}

/** A rate in percent, 2 decimals, computed in PostgreSQL. */
const rate = (a: string, b: string) => `round(100.0 * (${a}) / nullif(${b}, 0), 2)`;

export async function computeReportFigures(em: EntityManager, input: ReportFiguresInput): Promise<ReportFigures> {
  const { start, end, timeZone } = input;
  const previousPeriods = input.previousPeriods ?? [];
  for (const d of [start, end, ...previousPeriods.flatMap((p) => [p.start, p.end])]) {
    if (typeof d !== 'string' || !DATE.test(d)) throw new Error(`report dates must be YYYY-MM-DD, got ${String(d)}`);
  }
  if (!(start < end)) throw new Error(`report period must end after it starts: ${start} .. ${end}`);
  // One snapshot for every query, so the figures agree with each other and with dataAsOf. Without JIT: the correlated
  // subqueries' estimates make PostgreSQL compile every query to machine code, which took longer than running it.
  return em.transactional(
    async (tx) => {
      await tx.execute('set local jit = off');
      const [asOf] = await tx.execute<{ at: Date }[]>('select transaction_timestamp() as at');
      const dataAsOf = new Date(asOf.at).toISOString();
      return figuresIn((sql, params) => tx.execute(sql, params), { start, end, timeZone, previousPeriods }, dataAsOf);
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}

type Run = <T>(sql: string, params: unknown[]) => Promise<T[]>;

async function figuresIn(
  execute: (sql: string, params: unknown[]) => Promise<unknown>,
  { start, end, timeZone, previousPeriods }: Required<ReportFiguresInput>,
  dataAsOf: string,
): Promise<ReportFigures> {
  const run: Run = <T>(sql: string, params: unknown[]) => execute(sql, params) as Promise<T[]>;
  // The period's bounds as instants, converted in SQL: ? = start, ? = end, ? = time zone.
  const bounds = `select (?::date)::timestamp at time zone ? as lo, (?::date)::timestamp at time zone ? as hi`;
  const bp = [start, timeZone, end, timeZone];

  const [cb] = await run<{ due: string; reached: string; completed: string }>(
    `with b as (${bounds}),
     due as (
       select c.id, c.status from callback c, b
       where c.due_at >= b.lo and c.due_at < b.hi and c.status in (${OPENED_STATUSES})),
     reached as (
       select d.id from due d
       where d.status = 'completed' or exists (
         select 1 from call_attempt a where a.callback_id = d.id
           and a.outcome in ('survey_done', 'wrong_person', 'refused', 'busy', 'questionnaire_sent')))
     select (select count(*) from due) as due,
            (select count(*) from reached) as reached,
            (select count(*) from reached r where exists (select 1 from survey_record s where s.callback_id = r.id)) as completed`,
    bp,
  );
  const due = Number(cb.due);
  const reached = Number(cb.reached);
  const completed = Number(cb.completed);
  const [cbRates] = await run<{ success: string | null; survey: string | null }>(
    `select ${rate('?::int', '?::int')} as success, ${rate('?::int', '?::int')} as survey`,
    [reached, due, completed, reached],
  );

  const [q] = await run<{ sent: string; returned: string; rate: string | null }>(
    `with b as (${bounds}),
     sent as (
       select distinct a.callback_id from call_attempt a, b
       where a.outcome = 'questionnaire_sent' and a.recorded_at >= b.lo and a.recorded_at < b.hi),
     returned as (
       select s.callback_id from sent s
       where exists (select 1 from survey_record r where r.callback_id = s.callback_id and r.method = 'questionnaire'))
     select (select count(*) from sent) as sent, (select count(*) from returned) as returned,
            ${rate('(select count(*) from returned)', '(select count(*) from sent)')} as rate`,
    bp,
  );

  const inPeriod = `survey_record s, b where s.recorded_at >= b.lo and s.recorded_at < b.hi`;
  const [sat] = await run<Record<string, string | null>>(
    `with b as (${bounds})
     select count(*) as recorded, count(s.score) as rated, round(avg(s.score), 2) as mean,
            round(avg(s.product_score), 2) as product, round(avg(s.attitude_score), 2) as attitude,
            round(avg(s.speed_score), 2) as speed, round(avg(s.service_score), 2) as service
     from ${inPeriod}`,
    bp,
  );

  // Every breakdown in one pass over the period's surveys: the grouping set that produced a row names its segment.
  const groupedBy = (i: number) => SEGMENT_COLUMNS.map((_, j) => (j === i ? '0' : '1')).join('');
  const bits = `grouping(${SEGMENT_COLUMNS.map((col) => `s.${col.replace('::text', '')}`).join(', ')})::bit(${SEGMENT_COLUMNS.length})::text`;
  const segments = await run<{ ord: number; key: string | null; surveys: string; mean: string | null }>(
    `with b as (${bounds})
     select * from (
       select case ${bits} ${SEGMENT_COLUMNS.map((_, i) => `when '${groupedBy(i)}' then ${i}`).join(' ')} end as ord,
              case ${bits} ${SEGMENT_COLUMNS.map((col, i) => `when '${groupedBy(i)}' then s.${col}`).join(' ')} end as key,
              count(*) as surveys, round(avg(s.score), 2) as mean
       from ${inPeriod}
       group by grouping sets (${SEGMENT_COLUMNS.map((col) => `(s.${col.replace('::text', '')})`).join(', ')})) x
     order by ord, key nulls last`,
    bp,
  );
  const segment = (dim: string): SegmentFigure[] =>
    segments
      .filter((s) => SEGMENT_COLUMNS[Number(s.ord)] === dim)
      .map((s) => ({ key: s.key, surveys: Number(s.surveys), meanScore: num(s.mean) }));

  let trend: TrendPoint[] = [];
  if (previousPeriods.length > 0) {
    const values = previousPeriods.map(() => `(?::int, ?::text, ?::date, ?::date)`).join(', ');
    const rows = await run<{ label: string; start: string; end: string; surveys: string; mean: string | null }>(
      `with p(ord, label, d0, d1) as (values ${values})
       select p.ord, p.label, to_char(p.d0, 'YYYY-MM-DD') as start, to_char(p.d1, 'YYYY-MM-DD') as "end",
              count(s.attempt_id) as surveys, round(avg(s.score), 2) as mean
       from p left join survey_record s
         on s.recorded_at >= p.d0::timestamp at time zone ? and s.recorded_at < p.d1::timestamp at time zone ?
       group by p.ord, p.label, p.d0, p.d1 order by p.ord`,
      [...previousPeriods.flatMap((p, i) => [i, p.label, p.start, p.end]), timeZone, timeZone],
    );
    trend = rows.map((r) => ({ label: r.label, start: r.start, end: r.end, surveys: Number(r.surveys), satisfaction: num(r.mean) }));
  }

  const casesCte = `with b as (${bounds}),
     fc as (select f.* from feedback_case f, b where f.received_at >= b.lo and f.received_at < b.hi)`;
  const caseCounts = await run<{ dim: string; key: string | null; count: string }>(
    `${casesCte}
     select * from (
       select 1 as ord, 'classification' as dim, classification as key, count(*) as count from fc group by classification
       union all select 2, 'priority', priority, count(*) from fc group by priority
       union all select 3, 'department', department, count(*) from fc group by department) x
     order by ord, key nulls last`,
    bp,
  );
  const countBy = (dim: string): CountBy[] =>
    caseCounts.filter((c) => c.dim === dim).map((c) => ({ key: c.key, count: Number(c.count) }));

  const [cs] = await run<Record<string, string | null>>(
    `${casesCte},
     ev as (select e.* from case_event e join fc on fc.case_no = e.case_no)
     select (select count(*) from fc) as received,
            (select count(*) from fc where stage = 'closed' and resolution = 'resolved') as resolved,
            ${rate(`(select count(*) from fc where stage = 'closed' and resolution = 'resolved')`, '(select count(*) from fc)')} as resolution_rate,
            (select count(*) from ev where type = 'escalated') as escalations,
            (select count(*) from ev where type = 'revisited') as revisits,
            (select count(*) from ev where type = 'revisited' and details->>'satisfied' = 'true') as satisfied,
            ${rate(`(select count(*) from ev where type = 'revisited' and details->>'satisfied' = 'true')`, `(select count(*) from ev where type = 'revisited')`)} as revisit_rate`,
    bp,
  );

  const onTime = await run<{ stage: string; entered: string; missed: string; rate: string | null }>(
    `${casesCte},
     ev as (select e.* from case_event e join fc on fc.case_no = e.case_no),
     stages(ord, stage) as (values (1, 'registered'), (2, 'assigned'), (3, 'in_progress'), (4, 'verifying'), (5, 'revisiting')),
     entered as (
       select case type when 'registered' then 'registered' when 'reprocessed' then 'registered'
                        when 'assigned' then 'assigned' when 'analysed' then 'in_progress'
                        when 'verification_failed' then 'in_progress' when 'done_reported' then 'verifying'
                        when 'verified' then 'revisiting' end as stage
       from ev),
     counts as (
       select st.ord, st.stage,
              (select count(*) from entered en where en.stage = st.stage) as entered,
              (select count(*) from ev where ev.type = 'escalated' and ev.details->>'stage' = st.stage) as missed
       from stages st)
     select stage, entered, missed, ${rate('entered - missed', 'entered')} as rate from counts order by ord`,
    bp,
  );

  const topProblems = await run<{ problem: string; count: string }>(
    `with b as (${bounds})
     select p.problem, count(*) as count
     from ${inPeriod.replace(' where ', ', jsonb_array_elements_text(s.problems) as p(problem) where ')}
     group by p.problem order by count(*) desc, p.problem limit 3`,
    bp,
  );

  const [cp] = await run<{ complaints: string; deliveries: string; per100: string | null }>(
    `with b as (${bounds}),
     c as (select count(*) as n from ${inPeriod} and s.classification = 'complaint'),
     d as (select count(*) as n from sale where delivered_on >= ?::date and delivered_on < ?::date)
     select c.n as complaints, d.n as deliveries, ${rate('c.n', 'd.n')} as per100 from c, d`,
    [...bp, start, end],
  );

  const opinions = await run<{ callback_id: string; customer_id: string; opinions: string | null }>(
    `with b as (${bounds})
     select s.callback_id, s.customer_id, s.opinions from ${inPeriod} and s.classification = 'opinion'
     order by s.recorded_at, s.attempt_id`,
    bp,
  );

  return {
    period: { start, end, timeZone },
    dataAsOf,
    callbacks: { due, reached, surveysCompleted: completed },
    callbackSuccessRate: figure(cbRates.success, TARGETS.callbackSuccessRate),
    surveyRate: figure(cbRates.survey, TARGETS.surveyRate),
    questionnaires: { sent: Number(q.sent), returned: Number(q.returned) },
    questionnaireReturnRate: figure(q.rate, TARGETS.questionnaireReturnRate),
    surveys: { recorded: Number(sat.recorded), rated: Number(sat.rated) },
    satisfaction: figure(sat.mean, TARGETS.satisfaction),
    dimensions: { product: num(sat.product), attitude: num(sat.attitude), speed: num(sat.speed), service: num(sat.service) },
    breakdowns: {
      customerCategory: segment('customer_category'),
      keyAccount: segment('key_account::text'),
      region: segment('customer_region'),
      industry: segment('customer_industry'),
      productModel: segment('product_model'),
    },
    trend,
    cases: {
      received: Number(cs.received),
      byClassification: countBy('classification'),
      byPriority: countBy('priority'),
      byDepartment: countBy('department'),
      topProblems: topProblems.map((p) => ({ problem: p.problem, count: Number(p.count) })),
      resolved: Number(cs.resolved),
      resolutionRate: figure(cs.resolution_rate, null),
      onTimeByStage: onTime.map((o) => ({ stage: o.stage, entered: Number(o.entered), missed: Number(o.missed), rate: num(o.rate) })),
      escalations: Number(cs.escalations),
      revisits: Number(cs.revisits),
      satisfiedRevisits: Number(cs.satisfied),
      revisitSatisfactionRate: figure(cs.revisit_rate, null),
    },
    complaints: { count: Number(cp.complaints), deliveries: Number(cp.deliveries), per100Deliveries: num(cp.per100) },
    opinions: opinions.map((o) => ({ callbackId: o.callback_id, customerId: o.customer_id, opinions: o.opinions })),
  };
}
