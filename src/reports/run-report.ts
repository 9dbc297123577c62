import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { toCompanyTime } from '../../workflows/domain/company-time.js';
import { periodStarting } from '../../workflows/domain/report-periods.js';
import { REPORT_KINDS, reportWorkflowId, type ReportKind, type ReportPeriodRef } from '../../workflows/report-types.js';

const MONTH_LABEL = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_LABEL = /^(\d{4})-Q([1-4])$/;

/** A kind or label that names no period that has begun. */
export class ReportLabelError extends Error {}

/** The period a label names (2026-11, 2026-Q4); an error saying what is wrong for one that names none, or one to come. */
export function periodOfLabel(kind: string, label: string, today: string): ReportPeriodRef {
  if (!REPORT_KINDS.includes(kind as ReportKind)) throw new ReportLabelError(`the kind must be ${REPORT_KINDS.join(' or ')}, not ${kind}`);
  const match = (kind === 'monthly' ? MONTH_LABEL : QUARTER_LABEL).exec(label);
  if (!match) throw new ReportLabelError(`a ${kind} label is ${kind === 'monthly' ? 'YYYY-MM, e.g. 2026-11' : 'YYYY-Qn, e.g. 2026-Q4'}, not ${label}`);
  const month = kind === 'monthly' ? Number(match[2]) : (Number(match[2]) - 1) * 3 + 1;
  const period = periodStarting(kind as ReportKind, `${match[1]}-${String(month).padStart(2, '0')}-01`);
  if (period.start > today) throw new ReportLabelError(`${kind} ${label} has not begun yet`);
  return period;
}

/**
 * Runs the report of one period now, as `report-<kind>-<label>`: what the schedule runs on the 1st for the period
 * before, for any period that has begun (a period still running is reported as far as it has gone, and restated
 * nightly as surveys arrive). A period already reported starts nothing new.
 */
export async function runReport(
  client: Client,
  { kind, label, taskQueue, timeZone, now = new Date() }: { kind: string; label: string; taskQueue: string; timeZone: string; now?: Date },
): Promise<{ workflowId: string; period: ReportPeriodRef; started: boolean }> {
  const period = periodOfLabel(kind, label, toCompanyTime(now, timeZone).date);
  const workflowId = reportWorkflowId(period);
  try {
    await client.workflow.start('ReportPeriod', {
      workflowId,
      taskQueue,
      args: [{ kind: period.kind, period }],
      // As the schedule: an archived report is redone only by a restatement, never by a second run.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
    return { workflowId, period, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, period, started: false };
    throw err;
  }
}
