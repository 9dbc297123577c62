import {
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { CallbackActivities } from '../activities/callback-activities.js';
import type { FollowUpSettingsActivities } from '../activities/follow-up-settings-activities.js';
import type { SaleActivities } from '../activities/sale-activities.js';
import { callbackId, FINAL_CALLBACK_STATUSES, type CallbackPlanEntry } from './callback-types.js';
import { planCallbacks, recheckDueAt } from './domain/due-times.js';
import { cancelSaleSignal, saleStateQuery } from './messages.js';
import type { SaleDelivery, SaleFollowUpState } from './sale-types.js';
import { FollowUpStageKey, LateKey, NextDueAtKey } from './search-attributes.js';

const { registerSale, followUpSettings, scheduleCallbacks, openCallback, cancelSaleFollowUp } = proxyActivities<
  SaleActivities & FollowUpSettingsActivities & CallbackActivities
>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const nowIso = (): string => new Date(Date.now()).toISOString();

/** One delivered sale's after-sales follow-up (回访计划), from delivery to warranty expiry. */
export async function SaleFollowUp(delivery: SaleDelivery): Promise<SaleFollowUpState> {
  const state: SaleFollowUpState = {
    saleId: delivery.saleId,
    orderNo: delivery.orderNo,
    customerId: delivery.customer.id,
    customerCategory: delivery.customer.category,
    productModel: delivery.product.model,
    deliveredOn: delivery.deliveredOn,
    warrantyMonths: delivery.warrantyMonths,
    stage: 'registering',
    registeredAt: null,
    callbacks: [],
    cancellation: null,
  };
  setHandler(saleStateQuery, () => state);
  setHandler(cancelSaleSignal, ({ reason, note }) => {
    state.cancellation ??= { reason, ...(note ? { note } : {}), cancelledAt: nowIso() };
  });
  const cancelled = (): boolean => state.cancellation !== null;

  const { registeredAt } = await registerSale({ delivery, workflowId: workflowInfo().workflowId });
  state.registeredAt = registeredAt;
  state.stage = 'following';
  upsertSearchAttributes([{ key: FollowUpStageKey, value: state.stage }]);

  const { timeZone, calendar } = await followUpSettings();
  state.callbacks = planCallbacks({
    deliveredOn: delivery.deliveredOn,
    warrantyMonths: delivery.warrantyMonths,
    timeZone,
    calendar,
    now: nowIso(),
  }).map((planned) => ({ ...planned, callbackId: callbackId(delivery.saleId, planned.kind), status: 'scheduled' }));
  await scheduleCallbacks({
    saleId: delivery.saleId,
    customerId: delivery.customer.id,
    customerCategory: delivery.customer.category,
    callbacks: state.callbacks,
  });
  showProgress(state);

  // Callbacks are independent of each other: the 3-month callback is due whatever became of the first.
  const followUps = state.callbacks.map((callback) => followCallback(callback, timeZone, cancelled, state));
  await condition(() => cancelled() || state.callbacks.every((c) => FINAL_CALLBACK_STATUSES.includes(c.status)));

  if (state.cancellation) {
    await cancelSaleFollowUp({ saleId: delivery.saleId, ...state.cancellation });
    for (const callback of state.callbacks) {
      if (!FINAL_CALLBACK_STATUSES.includes(callback.status)) callback.status = 'cancelled';
    }
    state.stage = 'cancelled';
  } else {
    await Promise.all(followUps);
    state.stage = 'completed';
  }
  showProgress(state);
  return state;
}

/** Sleeps until the callback is due, checks the due time against today's calendar, then opens it for agents. */
async function followCallback(
  callback: CallbackPlanEntry,
  timeZone: string,
  cancelled: () => boolean,
  state: SaleFollowUpState,
): Promise<void> {
  for (;;) {
    const wait = Date.parse(callback.dueAt) - Date.now();
    if (wait > 0 && (await condition(cancelled, wait))) return;
    if (cancelled()) return;
    // The due time may have been planned before this year's holidays were published.
    const { calendar } = await followUpSettings();
    const dueAt = recheckDueAt(calendar, nowIso(), timeZone);
    if (Date.parse(dueAt) <= Date.now()) break;
    callback.dueAt = dueAt;
    showProgress(state);
  }
  await openCallback({ callbackId: callback.callbackId, dueAt: callback.dueAt, late: callback.late, openedAt: nowIso() });
  if (cancelled()) return;
  callback.status = 'due';
  showProgress(state);
}

/** What operators filter by in the Temporal UI. */
function showProgress(state: SaleFollowUpState): void {
  const next = state.callbacks
    .filter((c) => !FINAL_CALLBACK_STATUSES.includes(c.status))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  const updates: SearchAttributeUpdatePair[] = [
    { key: FollowUpStageKey, value: state.stage },
    { key: NextDueAtKey, value: next ? new Date(next.dueAt) : null },
    { key: LateKey, value: state.callbacks.some((c) => c.late) },
  ];
  upsertSearchAttributes(updates);
}
