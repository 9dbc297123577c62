import { asyncLocalStorage, log } from '@temporalio/activity';
import { createCallResultActivities } from './call-result-activities.js';
import { createCallbackActivities, type CallbackActivityDeps } from './callback-activities.js';
import { createCaseActivities } from './case-activities.js';
import { createFollowUpSettingsActivities } from './follow-up-settings-activities.js';
import { createNotificationActivities, type NotificationActivityDeps } from './notification-activities.js';
import { createReportActivities } from './report-activities.js';
import { createReportStoreActivities } from './report-store-activities.js';
import { createSaleActivities, type SaleActivityDeps } from './sale-activities.js';
import type { CallWindow } from '../workflows/domain/call-windows.js';

export type ActivityDeps = SaleActivityDeps &
  CallbackActivityDeps &
  Pick<NotificationActivityDeps, 'deliveries' | 'mailer' | 'mailFrom' | 'postChat' | 'logError'> & {
    companyTimeZone: string;
    callWindows: CallWindow[];
    appBaseUrl: string;
  };

/**
 * The activity's context logger, whose lines join the worker's log stream with the workflow and activity ids; the
 * console when an activity function is called outside an activity (a test calling it directly).
 */
const activityLog =
  (level: 'info' | 'error') =>
  (line: string): void => {
    if (asyncLocalStorage.getStore()) log[level](line);
    else if (level === 'error') console.error(line);
    else console.log(line);
  };

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSaleActivities(deps),
    ...createCallbackActivities(deps),
    ...createCallResultActivities({ orm: deps.orm, companyTimeZone: deps.companyTimeZone, deliveries: deps.deliveries, log: activityLog('info') }),
    ...createCaseActivities({ orm: deps.orm }),
    ...createReportActivities({ orm: deps.orm }),
    ...createReportStoreActivities({ orm: deps.orm }),
    ...createFollowUpSettingsActivities({ orm: deps.orm, timeZone: deps.companyTimeZone, callWindows: deps.callWindows }),
    ...createNotificationActivities({
      logError: activityLog('error'),
      ...deps,
      render: { appBaseUrl: deps.appBaseUrl, timeZone: deps.companyTimeZone },
    }),
  };
}
