import { condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SaleActivities } from '../activities/sale-activities.js';
import { saleStateQuery } from './messages.js';
import type { SaleDelivery, SaleFollowUpState } from './sale-types.js';
import { FollowUpStageKey } from './search-attributes.js';

const { registerSale } = proxyActivities<SaleActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** One delivered sale's after-sales follow-up (回访计划), from delivery to warranty expiry. */
export async function SaleFollowUp(delivery: SaleDelivery): Promise<void> {
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
  };
  setHandler(saleStateQuery, () => state);

  const { registeredAt } = await registerSale({ delivery, workflowId: workflowInfo().workflowId });
  state.registeredAt = registeredAt;
  state.stage = 'following';
  upsertSearchAttributes([{ key: FollowUpStageKey, value: state.stage }]);

  // The callbacks (30 days, 3 months, warranty expiry) are scheduled from here on.
  await condition(() => false);
}
