import type { MikroORM } from '@mikro-orm/postgresql';
import { insertIgnoringConflict } from '../src/database/insert-ignoring-conflict.js';
import { Customer } from '../src/customers/customer.entity.js';
import { Sale } from '../src/sales/sale.entity.js';
import type { SaleDelivery } from '../workflows/sale-types.js';

export interface SaleActivityDeps {
  orm: MikroORM;
}

export function createSaleActivities({ orm }: SaleActivityDeps) {
  return {
    /**
     * Writes the customer and sale records. A retry after a partial run changes nothing twice, and a sale already
     * recorded is left as it is: a correction made since is never undone.
     */
    async registerSale(input: { delivery: SaleDelivery; workflowId: string }): Promise<{ registeredAt: string }> {
      const { delivery, workflowId } = input;
      const em = orm.em.fork();
      return em.transactional(async (tx) => {
        const recorded = await tx.findOne(Sale, delivery.saleId, { fields: ['registeredAt'], disableIdentityMap: true });
        if (recorded) return { registeredAt: recorded.registeredAt.toISOString() };
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
        const sale = new Sale({
          id: delivery.saleId,
          orderNo: delivery.orderNo,
          customer,
          productModel: delivery.product.model,
          quantity: delivery.product.quantity,
          deliveredOn: delivery.deliveredOn,
          warrantyMonths: delivery.warrantyMonths,
          salesOwner: delivery.salesOwner,
          workflowId,
          delivery,
        });
        // Two runs at once: the first insert counts, the other reads its registration time.
        if (!(await insertIgnoringConflict(tx, Sale, sale, 'id'))) {
          const first = await tx.findOneOrFail(Sale, delivery.saleId, { fields: ['registeredAt'], disableIdentityMap: true });
          return { registeredAt: first.registeredAt.toISOString() };
        }
        return { registeredAt: sale.registeredAt.toISOString() };
      });
    },
  };
}

export type SaleActivities = ReturnType<typeof createSaleActivities>;
