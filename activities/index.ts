import { createCallbackActivities, type CallbackActivityDeps } from './callback-activities.js';
import { createFollowUpSettingsActivities } from './follow-up-settings-activities.js';
import { createSaleActivities, type SaleActivityDeps } from './sale-activities.js';

export type ActivityDeps = SaleActivityDeps & CallbackActivityDeps & { companyTimeZone: string };

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSaleActivities(deps),
    ...createCallbackActivities(deps),
    ...createFollowUpSettingsActivities({ timeZone: deps.companyTimeZone }),
  };
}
