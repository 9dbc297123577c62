import { createCallResultActivities } from './call-result-activities.js';
import { createCallbackActivities, type CallbackActivityDeps } from './callback-activities.js';
import { createFollowUpSettingsActivities, type FollowUpSettings } from './follow-up-settings-activities.js';
import { createSaleActivities, type SaleActivityDeps } from './sale-activities.js';

export type ActivityDeps = SaleActivityDeps & CallbackActivityDeps & { companyTimeZone: string; followUpSettings: FollowUpSettings };

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSaleActivities(deps),
    ...createCallbackActivities(deps),
    ...createCallResultActivities({ orm: deps.orm, companyTimeZone: deps.companyTimeZone }),
    ...createFollowUpSettingsActivities(deps.followUpSettings),
  };
}
