import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import type { CallResultActivities } from '../activities/call-result-activities.js';
import type { FollowUpSettingsActivities } from '../activities/follow-up-settings-activities.js';
import type { ReportActivities } from '../activities/report-activities.js';
import type { ReportStoreActivities } from '../activities/report-store-activities.js';
import { addBusinessDays } from './domain/business-calendar.js';
import { approvalDueAt, periodBefore, previousPeriods } from './domain/report-periods.js';
import { CASE_ROLE_NAMES, type CaseRole } from './feedback-types.js';
import { approveReportUpdate, reportStateQuery, restateReportSignal } from './messages.js';
import { reportWorkflowId, type ApprovalRequest, type ReportPeriodRef, type ReportRunInput, type ReportState } from './report-types.js';

const activities = proxyActivities<
  FollowUpSettingsActivities & ReportActivities & ReportStoreActivities & Pick<CallResultActivities, 'notify'>
>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** The after-sales manager is reminded this often until the report is approved. */
export const REMINDER_EVERY = '1 day';
/** A restatement of an approved report is due this many business days after it is produced (17:30). */
export const RESTATEMENT_APPROVAL_BUSINESS_DAYS = 3;
const DAY_MS = 24 * 3600_000;

const nowIso = (): string => new Date(Date.now()).toISOString();

/**
 * Started by a Temporal Schedule (monthly on the 1st, quarterly on the 1st of the quarter): reports on the period
 * before, as the child `report-<kind>-<label>`. A second trigger for the same period starts nothing new.
 */
export async function ScheduledReport({ kind }: { kind: ReportRunInput['kind'] }): Promise<ReportPeriodRef> {
  const { timeZone } = await activities.followUpSettings();
  const period = periodBefore(kind, nowIso(), timeZone);
  try {
    await startChild(ReportPeriod, {
      workflowId: reportWorkflowId(period),
      args: [{ kind, period }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A second trigger never redoes an archived report: restatements do that, when surveys arrive late.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return period;
}

/**
 * Started daily by a Temporal Schedule: every period whose latest report was read before some of its surveys were
 * stored gets a new version. A report still awaiting approval is told to restate itself; an approved one gets a new
 * run of `report-<kind>-<label>`, which stores the next version and asks for approval again.
 */
export async function ReportRestatements(): Promise<ReportPeriodRef[]> {
  const { timeZone } = await activities.followUpSettings();
  const late = await activities.reportsWithLateSurveys({ timeZone });
  for (const { period, status } of late) {
    const workflowId = reportWorkflowId(period);
    if (status === 'awaiting_approval' || status === 'escalated') {
      try {
        await getExternalWorkflowHandle(workflowId).signal(restateReportSignal);
        continue;
      } catch (err) {
        // Its run ended without approval (e.g. terminated by an operator): a new run restates it below.
        log.warn('report to restate is not running', { workflowId, error: String(err) });
      }
    }
    try {
      await startChild(ReportPeriod, {
        workflowId,
        args: [{ kind: period.kind, period, restatement: true }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      await getExternalWorkflowHandle(workflowId).signal(restateReportSignal);
    }
  }
  return late.map((l) => l.period);
}

/**
 * One period's satisfaction report: computes the figures, stores them as a new version, asks the after-sales
 * manager to approve (reminding daily), escalates to the general manager when not approved by the due date, and
 * archives the approved report. Told to restate (surveys stored after the figures were read), it stores a new
 * version, which replaces the unapproved one.
 */
export async function ReportPeriod(input: ReportRunInput & { period: ReportPeriodRef }): Promise<ReportState> {
  const { timeZone, calendar } = await activities.followUpSettings();
  const { period } = input;
  const state: ReportState = {
    reportId: null,
    period,
    version: null,
    status: 'computing',
    generatedAt: null,
    approvalDueAt: input.restatement
      ? addBusinessDays(calendar, nowIso(), RESTATEMENT_APPROVAL_BUSINESS_DAYS, { timeZone }).dueAt
      : approvalDueAt(period, timeZone),
    reminders: 0,
    restatements: 0,
    approvedBy: null,
    approvedAt: null,
  };
  let restateAsked = false;
  setHandler(reportStateQuery, () => state);
  setHandler(restateReportSignal, () => {
    restateAsked = true;
  });
  setHandler(
    approveReportUpdate,
    async ({ actor }) => {
      state.status = 'approved';
      state.approvedBy = actor.id;
      state.approvedAt = nowIso();
      await activities.setReportStatus({ reportId: state.reportId!, status: 'approved', actorId: actor.id, at: state.approvedAt });
      return state;
    },
    {
      validator: ({ actor }: ApprovalRequest) => {
        if (state.status !== 'awaiting_approval' && state.status !== 'escalated') {
          throw ApplicationFailure.create({ type: 'ReportNotAwaitingApproval', message: `report ${period.label} is ${state.status}`, nonRetryable: true });
        }
        const allowed: CaseRole[] = state.status === 'escalated' ? ['after_sales_manager', 'general_manager'] : ['after_sales_manager'];
        if (!allowed.includes(actor.role)) {
          const who = allowed.map((role) => CASE_ROLE_NAMES[role]).join(' or ');
          throw ApplicationFailure.create({ type: 'WrongRole', message: `only the ${who} may approve this report`, nonRetryable: true });
        }
      },
    },
  );

  /** Computes and stores the next version, and tells the after-sales manager (and the GM once escalated). */
  const produce = async (): Promise<void> => {
    restateAsked = false;
    const escalated = state.status === 'escalated';
    // No approval while the next version is being computed: it would approve the version being replaced.
    state.status = 'computing';
    const figures = await activities.computeReportFigures({
      start: period.start,
      end: period.end,
      timeZone,
      previousPeriods: previousPeriods(period),
    });
    state.generatedAt = nowIso();
    const stored = await activities.storeReport({ sourceKey: `${period.kind}-${period.label}:${state.generatedAt}`, period, figures, generatedAt: state.generatedAt });
    const restated = state.reportId !== null || input.restatement === true;
    state.reportId = stored.reportId;
    state.version = stored.version;
    state.status = 'awaiting_approval';
    if (escalated) {
      state.status = 'escalated';
      await activities.setReportStatus({ reportId: stored.reportId, status: 'escalated', at: nowIso() });
    }
    const changes = (stored.differences ?? []).map((d) => `${d.figure} ${d.before ?? '–'} → ${d.after ?? '–'}`).join(', ');
    const ready = restated
      ? `The ${period.kind} satisfaction report ${period.label} was restated as v${stored.version} because surveys arrived after it was produced (${changes || 'no headline figure changed'})`
      : `The ${period.kind} satisfaction report ${period.label} (v${stored.version}) is ready for review`;
    await activities.notify({
      key: `report-review:${stored.reportId}`,
      recipient: escalated ? 'general_manager' : 'after_sales_manager',
      kind: restated ? 'report_restated' : 'report_review',
      message: `${ready}, due ${state.approvalDueAt}`,
      at: nowIso(),
      reportId: stored.reportId,
      dueAt: state.approvalDueAt,
    });
  };

  await produce();
  const approved = () => state.status === 'approved';
  const settled = () => approved() || restateAsked;
  const restateIfAsked = async (): Promise<void> => {
    if (!restateAsked || approved()) return;
    state.restatements += 1;
    await produce();
  };

  while (!approved() && Date.now() < Date.parse(state.approvalDueAt)) {
    const wait = Math.min(DAY_MS, Date.parse(state.approvalDueAt) - Date.now());
    if (await condition(settled, wait)) {
      await restateIfAsked();
      continue;
    }
    if (Date.now() >= Date.parse(state.approvalDueAt)) break;
    state.reminders += 1;
    await activities.notify({
      key: `report-reminder:${state.reportId}:${state.reminders}`,
      recipient: 'after_sales_manager',
      kind: 'report_reminder',
      message: `Reminder: approve the ${period.kind} report ${period.label} by ${state.approvalDueAt}`,
      at: nowIso(),
      reportId: state.reportId!,
      dueAt: state.approvalDueAt,
    });
  }
  if (!approved()) {
    state.status = 'escalated';
    await activities.setReportStatus({ reportId: state.reportId!, status: 'escalated', at: nowIso() });
    await activities.notify({
      key: `report-escalation:${state.reportId}`,
      recipient: 'general_manager',
      kind: 'report_not_approved',
      message: `The ${period.kind} satisfaction report ${period.label} was not approved by ${state.approvalDueAt}`,
      at: nowIso(),
      reportId: state.reportId!,
      dueAt: state.approvalDueAt,
    });
    while (!approved()) {
      await condition(settled);
      await restateIfAsked();
    }
  }
  await condition(allHandlersFinished);
  state.status = 'archived';
  await activities.setReportStatus({ reportId: state.reportId!, status: 'archived', at: nowIso() });
  return state;
}
