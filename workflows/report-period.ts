import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { CallResultActivities } from '../activities/call-result-activities.js';
import type { FollowUpSettingsActivities } from '../activities/follow-up-settings-activities.js';
import type { ReportActivities } from '../activities/report-activities.js';
import type { ReportStoreActivities } from '../activities/report-store-activities.js';
import { approvalDueAt, periodBefore, previousPeriods } from './domain/report-periods.js';
import { approveReportUpdate, reportStateQuery } from './messages.js';
import { reportWorkflowId, type ReportPeriodRef, type ReportRunInput, type ReportState } from './report-types.js';

const activities = proxyActivities<
  FollowUpSettingsActivities & ReportActivities & ReportStoreActivities & Pick<CallResultActivities, 'notify'>
>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** The after-sales manager is reminded this often until the report is approved. */
export const REMINDER_EVERY = '1 day';
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
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return period;
}

/**
 * One period's satisfaction report: computes the figures, stores them as a new version, asks the after-sales
 * manager to approve (reminding daily), escalates to the general manager when not approved by the due date, and
 * archives the approved report.
 */
export async function ReportPeriod(input: ReportRunInput & { period: ReportPeriodRef }): Promise<ReportState> {
  const { timeZone } = await activities.followUpSettings();
  const { period } = input;
  const state: ReportState = {
    reportId: null,
    period,
    version: null,
    status: 'computing',
    generatedAt: null,
    approvalDueAt: approvalDueAt(period, timeZone),
    reminders: 0,
    approvedBy: null,
    approvedAt: null,
  };
  setHandler(reportStateQuery, () => state);
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
      validator: ({ actor }) => {
        if (state.status !== 'awaiting_approval' && state.status !== 'escalated') {
          throw ApplicationFailure.create({ type: 'ReportNotAwaitingApproval', message: `report ${period.label} is ${state.status}`, nonRetryable: true });
        }
        const allowed = state.status === 'escalated' ? ['after_sales_manager', 'general_manager'] : ['after_sales_manager'];
        if (!allowed.includes(actor.role)) {
          throw ApplicationFailure.create({ type: 'WrongRole', message: `only the ${allowed.join(' or ')} may approve this report`, nonRetryable: true });
        }
      },
    },
  );

  const figures = await activities.computeReportFigures({
    start: period.start,
    end: period.end,
    timeZone,
    previousPeriods: previousPeriods(period),
  });
  state.generatedAt = nowIso();
  const stored = await activities.storeReport({ sourceKey: `${period.kind}-${period.label}:${state.generatedAt}`, period, figures, generatedAt: state.generatedAt });
  state.reportId = stored.reportId;
  state.version = stored.version;
  state.status = 'awaiting_approval';
  const approved = () => state.status === 'approved';
  await activities.notify({
    key: `report-review:${stored.reportId}`,
    recipient: 'after_sales_manager',
    kind: 'report_review',
    message: `The ${period.kind} satisfaction report ${period.label} (v${stored.version}) is ready for review, due ${state.approvalDueAt}`,
    at: nowIso(),
  });

  while (!approved() && Date.now() < Date.parse(state.approvalDueAt)) {
    const wait = Math.min(DAY_MS, Date.parse(state.approvalDueAt) - Date.now());
    if (await condition(approved, wait)) break;
    if (Date.now() >= Date.parse(state.approvalDueAt)) break;
    state.reminders += 1;
    await activities.notify({
      key: `report-reminder:${stored.reportId}:${state.reminders}`,
      recipient: 'after_sales_manager',
      kind: 'report_reminder',
      message: `Reminder: approve the ${period.kind} report ${period.label} by ${state.approvalDueAt}`,
      at: nowIso(),
    });
  }
  if (!approved()) {
    state.status = 'escalated';
    await activities.setReportStatus({ reportId: stored.reportId, status: 'escalated', at: nowIso() });
    await activities.notify({
      key: `report-escalation:${stored.reportId}`,
      recipient: 'general_manager',
      kind: 'report_not_approved',
      message: `The ${period.kind} satisfaction report ${period.label} was not approved by ${state.approvalDueAt}`,
      at: nowIso(),
    });
    await condition(approved);
  }
  await condition(allHandlersFinished);
  state.status = 'archived';
  await activities.setReportStatus({ reportId: stored.reportId, status: 'archived', at: nowIso() });
  return state;
}
