import { ScheduleAlreadyRunning, type Client, type ScheduleOptionsAction, type ScheduleSpec } from '@temporalio/client';
import type { ReportKind } from '../../workflows/report-types.js';

/** Monthly on the 1st, quarterly on the 1st of January, April, July and October, 01:00 company time. */
const SPECS: Record<ReportKind, (timeZone: string) => ScheduleSpec> = {
  monthly: (timezone) => ({ calendars: [{ dayOfMonth: 1, hour: 1, comment: 'the month before' }], timezone }),
  quarterly: (timezone) => ({
    calendars: [{ month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'], dayOfMonth: 1, hour: 1, comment: 'the quarter before' }],
    timezone,
  }),
};

export const reportScheduleId = (kind: ReportKind): string => `report-${kind}`;

/**
 * Creates the report schedules, or brings existing ones up to date: run at deploy time (and by the start
 * command) as often as you like, it never makes a second schedule.
 */
export async function applyReportSchedules(
  client: Client,
  { taskQueue, timeZone }: { taskQueue: string; timeZone: string },
): Promise<{ kind: ReportKind; scheduleId: string; created: boolean }[]> {
  const applied = [];
  for (const kind of Object.keys(SPECS) as ReportKind[]) {
    const scheduleId = reportScheduleId(kind);
    const spec = SPECS[kind](timeZone);
    const action: ScheduleOptionsAction = {
      type: 'startWorkflow',
      workflowType: 'ScheduledReport',
      workflowId: `scheduled-report-${kind}`,
      taskQueue,
      args: [{ kind }],
    };
    try {
      await client.schedule.create({ scheduleId, spec, action, policies: { overlap: 'SKIP', catchupWindow: '7 days' } });
      applied.push({ kind, scheduleId, created: true });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
      applied.push({ kind, scheduleId, created: false });
    }
  }
  return applied;
}
