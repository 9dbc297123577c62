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

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSaleActivities(deps),
    ...createCallbackActivities(deps),
    ...createCallResultActivities({ orm: deps.orm, companyTimeZone: deps.companyTimeZone, deliveries: deps.deliveries }),
    ...createCaseActivities({ orm: deps.orm }),
    ...createReportActivities({ orm: deps.orm }),
    ...createReportStoreActivities({ orm: deps.orm }),
    ...createFollowUpSettingsActivities({ orm: deps.orm, timeZone: deps.companyTimeZone, callWindows: deps.callWindows }),
    ...createNotificationActivities({
      ...deps,
      render: { appBaseUrl: deps.appBaseUrl, timeZone: deps.companyTimeZone },
    }),
  };
}
