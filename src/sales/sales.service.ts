import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { ConflictError, NotFoundError } from '../common/errors.js';
import { TemporalService } from '../temporal/temporal.service.js';
import { cancelSaleSignal, saleStateQuery } from '../../workflows/messages.js';
import { saleWorkflowId, type SaleDelivery, type SaleFollowUpState } from '../../workflows/sale-types.js';
import { CustomerIdKey, FollowUpStageKey, SaleIdKey } from '../../workflows/search-attributes.js';
import type { SaleFollowUp } from '../../workflows/sale-follow-up.js';
import type { SaleCancellationRequestDto } from './dto/sale-cancellation.dto.js';
import type { SaleDeliveryDto } from './dto/sale-delivery.dto.js';

export const DEFAULT_WARRANTY_MONTHS = 12;

export interface DeliveryOutcome {
  saleId: string;
  workflowId: string;
  created: boolean;
}

@Injectable()
export class SalesService {
  constructor(private readonly temporal: TemporalService) {}

  /** Starts the sale's follow-up; a repeated delivery of the same sale starts nothing new. */
  async deliver(dto: SaleDeliveryDto): Promise<DeliveryOutcome> {
    const delivery: SaleDelivery = { ...dto, warrantyMonths: dto.warrantyMonths ?? DEFAULT_WARRANTY_MONTHS };
    const workflowId = saleWorkflowId(delivery.saleId);
    try {
      await this.temporal.client.workflow.start<typeof SaleFollowUp>('SaleFollowUp', {
        workflowId,
        taskQueue: this.temporal.taskQueue,
        args: [delivery],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
        typedSearchAttributes: [
          { key: SaleIdKey, value: delivery.saleId },
          { key: CustomerIdKey, value: delivery.customer.id },
          { key: FollowUpStageKey, value: 'registering' },
        ],
        memo: { productModel: delivery.product.model, customerCategory: delivery.customer.category },
      });
      return { saleId: delivery.saleId, workflowId, created: true };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        return { saleId: delivery.saleId, workflowId, created: false };
      }
      throw err;
    }
  }

  /**
   * A return or refund ends the follow-up. Repeating it changes nothing: the first cancellation counts,
   * and one that arrives after the follow-up ended that way is answered as done.
   */
  async cancel(saleId: string, request: SaleCancellationRequestDto): Promise<{ alreadyCancelled: boolean }> {
    const handle = this.temporal.client.workflow.getHandle(saleWorkflowId(saleId));
    try {
      await handle.signal(cancelSaleSignal, { reason: request.reason, ...(request.note ? { note: request.note } : {}) });
      return { alreadyCancelled: false };
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    const final = await this.getState(saleId);
    if (final.stage !== 'cancelled') throw new ConflictError(`the follow-up of sale ${saleId} has already ended (${final.stage})`);
    return { alreadyCancelled: true };
  }

  async getState(saleId: string): Promise<SaleFollowUpState> {
    try {
      return await this.temporal.client.workflow.getHandle(saleWorkflowId(saleId)).query(saleStateQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundError(`sale ${saleId} is not known`);
      throw err;
    }
  }
}
