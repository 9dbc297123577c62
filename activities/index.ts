import { createSaleActivities, type SaleActivityDeps } from './sale-activities.js';

export type ActivityDeps = SaleActivityDeps;

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return { ...createSaleActivities(deps) };
}
