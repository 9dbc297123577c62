import { ScheduleAlreadyRunning, type Client, type ScheduleOptionsAction, type ScheduleSpec } from '@temporalio/client';
import type { ReportKind } from '../../workflows/report-types.js';

interface ReportSchedule {
  scheduleId: string;
  spec: (timeZone: string) => ScheduleSpec;
  workflowType: 'ScheduledReport' | 'ReportRestatements';
  args: unknown[];
}

export const reportScheduleId = (kind: ReportKind): string => `report-${kind}`;
export const RESTATEMENT_SCHEDULE_ID = 'report-restatements';

/**
 * Monthly on the 1st, quarterly on the 1st of January, April, July and October, 01:00 company time; every night at
 * 02:00 the reports that surveys stored after them made stale are restated.
 */
const SCHEDULES: ReportSchedule[] = [
  {
    scheduleId: reportScheduleId('monthly'),
    spec: (timezone) => ({ calendars: [{ dayOfMonth: 1, hour: 1, comment: 'the month before' }], timezone }),
    workflowType: 'ScheduledReport',
    args: [{ kind: 'monthly' }],
  },
  {
    scheduleId: reportScheduleId('quarterly'),
    spec: (timezone) => ({
      calendars: [{ month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'], dayOfMonth: 1, hour: 1, comment: 'the quarter before' }],
      timezone,
    }),
    workflowType: 'ScheduledReport',
    args: [{ kind: 'quarterly' }],
  },
  {
    scheduleId: RESTATEMENT_SCHEDULE_ID,
    spec: (timezone) => ({ calendars: [{ hour: 2, comment: 'surveys stored after their report' }], timezone }),
    workflowType: 'ReportRestatements',
    args: [],
  },
];

/**
 * Creates the report schedules, or brings existing ones up to date: run at deploy time (and by the start
 * command) as often as you like, it never makes a second schedule.
 */
export async function applyReportSchedules(
  client: Client,
  { taskQueue, timeZone }: { taskQueue: string; timeZone: string },
): Promise<{ scheduleId: string; created: boolean }[]> {
  const applied = [];
  for (const schedule of SCHEDULES) {
    const { scheduleId } = schedule;
    const spec = schedule.spec(timeZone);
    const action: ScheduleOptionsAction = {
      type: 'startWorkflow',
      workflowType: schedule.workflowType,
      workflowId: `scheduled-${scheduleId}`,
      taskQueue,
      args: schedule.args,
    };
    try {
      await client.schedule.create({ scheduleId, spec, action, policies: { overlap: 'SKIP', catchupWindow: '7 days' } });
      applied.push({ scheduleId, created: true });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
      applied.push({ scheduleId, created: false });
    }
  }
  return applied;
}
