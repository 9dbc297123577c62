import type { MikroORM } from '@mikro-orm/postgresql';
import { Customer } from '../src/customers/customer.entity.js';
import { Sale } from '../src/sales/sale.entity.js';
import type { SaleDelivery } from '../workflows/sale-types.js';

export interface SaleActivityDeps {
  orm: MikroORM;
}

export function createSaleActivities({ orm }: SaleActivityDeps) {
  return {
    /** Writes the customer and sale records; a retry after a partial run changes nothing twice. */
    async registerSale(input: { delivery: SaleDelivery; workflowId: string }): Promise<{ registeredAt: string }> {
      const { delivery, workflowId } = input;
      const em = orm.em.fork();
      return em.transactional(async (tx) => {
        const customer = await tx.upsert(
          new Customer({
            id: delivery.customer.id,
            name: delivery.customer.name,
            category: delivery.customer.category,
            keyAccount: delivery.customer.keyAccount,
            region: delivery.customer.region,
            industry: delivery.customer.industry,
            buyer: delivery.buyer,
            actualUser: delivery.actualUser,
          }),
          undefined,
          { onConflictExcludeFields: ['createdAt'] },
        );
        const sale = await tx.upsert(
          new Sale({
            id: delivery.saleId,
            orderNo: delivery.orderNo,
            customer,
            productModel: delivery.product.model,
            quantity: delivery.product.quantity,
            deliveredOn: delivery.deliveredOn,
            warrantyMonths: delivery.warrantyMonths,
            salesOwner: delivery.salesOwner,
            workflowId,
          }),
          undefined,
          // A repeated registration must not undo what the follow-up recorded since.
          { onConflictExcludeFields: ['registeredAt', 'status', 'cancelledAt', 'cancellationReason', 'cancellationNote'] },
        );
        return { registeredAt: sale.registeredAt.toISOString() };
      });
    },
  };
}

export type SaleActivities = ReturnType<typeof createSaleActivities>;
