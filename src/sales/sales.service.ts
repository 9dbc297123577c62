import { setTimeout as delay } from 'node:timers/promises';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ConflictError, NotFoundError } from '../common/errors.js';
import { fieldsBadRequest } from '../common/validation.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { TemporalService } from '../temporal/temporal.service.js';
import { cancelSaleSignal, correctSaleUpdate, saleStateQuery } from '../../workflows/messages.js';
import { saleWorkflowId, type SaleDelivery, type SaleFollowUpState } from '../../workflows/sale-types.js';
import { CustomerIdKey, FollowUpStageKey, SaleIdKey } from '../../workflows/search-attributes.js';
import type { SaleFollowUp } from '../../workflows/sale-follow-up.js';
import type { SaleCancellationRequestDto } from './dto/sale-cancellation.dto.js';
import type { SaleCorrectionDto, SaleDeliveryDto } from './dto/sale-delivery.dto.js';
import { deliveredOnProblems, deliveryDifferences, recordedDelivery, type DeliveredOnPolicy } from './delivery-checks.js';
import { archivedSaleState } from './sale-archive.js';
import { recordSaleCorrection, type SalePatch } from './sale-corrections.js';
import { Sale } from './sale.entity.js';

export const DEFAULT_WARRANTY_MONTHS = 12;
/** How long a repeated delivery waits for the record of a follow-up that is just starting, to compare with it. */
const RECORD_WAIT_MS = 3000;

export interface DeliveryOutcome {
  saleId: string;
  workflowId: string;
  created: boolean;
  /** Not created: the sale's follow-up started moments ago and its record is still being written. */
  starting?: boolean;
}

/** Where an answer about one sale comes from: its running workflow, or the records once Temporal has forgotten it. */
export type SaleStateAnswer = SaleFollowUpState & { source: 'workflow' | 'archive' };

/** The delivery with its defaults and without fields the client left out, as it is compared and recorded. */
function asDelivery(dto: SaleDeliveryDto): SaleDelivery {
  const plain = JSON.parse(JSON.stringify(dto)) as SaleDelivery;
  return { ...plain, warrantyMonths: dto.warrantyMonths ?? DEFAULT_WARRANTY_MONTHS };
}

@Injectable()
export class SalesService {
  private readonly deliveredOnPolicy: DeliveredOnPolicy;

  constructor(
    private readonly temporal: TemporalService,
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.deliveredOnPolicy = {
      timeZone: config.COMPANY_TIME_ZONE,
      futureDays: config.DELIVERED_ON_FUTURE_DAYS,
      horizonYears: config.DELIVERED_ON_HORIZON_YEARS,
    };
  }

  /** 400 when the delivery date is not plausible today. */
  checkDeliveredOn(deliveredOn: string): void {
    const problems = deliveredOnProblems(deliveredOn, this.deliveredOnPolicy);
    if (problems.length > 0) throw fieldsBadRequest([{ field: 'deliveredOn', problems }]);
  }

  /**
   * Starts the sale's follow-up. A sale already recorded starts nothing, whatever Temporal still remembers: the same
   * delivery again is answered as done, one with other content is refused (409) naming the fields, for PATCH.
   */
  async deliver(dto: SaleDeliveryDto): Promise<DeliveryOutcome> {
    const delivery = asDelivery(dto);
    this.checkDeliveredOn(delivery.deliveredOn);
    const workflowId = saleWorkflowId(delivery.saleId);
    const recorded = await this.recordedSale(delivery.saleId);
    if (recorded) return this.alreadyDelivered(recorded, delivery);
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
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    // Started by a delivery a moment ago (two at once): its first workflow task writes the record to compare with.
    for (const started = Date.now(); Date.now() - started < RECORD_WAIT_MS; await delay(50)) {
      const record = await this.recordedSale(delivery.saleId);
      if (record) return this.alreadyDelivered(record, delivery);
    }
    return { saleId: delivery.saleId, workflowId, created: false, starting: true };
  }

  private recordedSale(saleId: string) {
    return this.em.fork().findOne(Sale, saleId, { populate: ['customer'] });
  }

  private alreadyDelivered(recorded: Sale, sent: SaleDelivery): DeliveryOutcome {
    const { delivery, compared } = recordedDelivery(recorded);
    const differences = deliveryDifferences(delivery, sent, compared);
    if (differences.length > 0) {
      throw new ConflictError(
        `sale ${sent.saleId} was delivered before with other ${differences.map((d) => d.field).join(', ')}; nothing was changed: ` +
          `correct a recorded sale with PATCH /sales/${sent.saleId}`,
        differences,
      );
    }
    return { saleId: recorded.id, workflowId: recorded.workflowId, created: false };
  }

  /**
   * Records a correction of a recorded sale (its history: `sale_correction`), then tells the sale's workflow, which
   * re-plans the callbacks not yet opened when the delivery date or the warranty length changed. The workflow is told
   * even when nothing differed, so that a correction whose first attempt did not reach it (503) reaches it now.
   */
  async correct(saleId: string, dto: SaleCorrectionDto, correctedBy: string): Promise<{ revision: number; changed: string[]; replanned: string[] }> {
    const patch = JSON.parse(JSON.stringify(dto)) as SalePatch;
    if (Object.values(patch).every((value) => value === undefined)) {
      throw fieldsBadRequest([{ field: 'body', problems: ['name at least one field to correct'] }]);
    }
    if (patch.deliveredOn !== undefined) this.checkDeliveredOn(patch.deliveredOn);
    const recorded = await recordSaleCorrection(this.em.fork(), saleId, patch, correctedBy);
    if (!recorded) throw new NotFoundError(`sale ${saleId} is not known`);
    const handle = this.temporal.client.workflow.getHandle(saleWorkflowId(saleId));
    let replanned: string[] = [];
    try {
      ({ replanned } = await handle.executeUpdate(correctSaleUpdate, { args: [recorded.forWorkflow] }));
    } catch (err) {
      // A follow-up that has ended, or that Temporal has forgotten, has nothing left to plan.
      const ended = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === 'FollowUpEnded';
      if (!ended && !(err instanceof WorkflowNotFoundError)) throw err;
    }
    return { revision: recorded.revision, changed: recorded.changed, replanned };
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

  /** The live state from the sale's workflow; from the records once Temporal has forgotten the workflow. */
  async getState(saleId: string): Promise<SaleStateAnswer> {
    try {
      const state = await this.temporal.client.workflow.getHandle(saleWorkflowId(saleId)).query(saleStateQuery);
      return { ...state, source: 'workflow' };
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    const archived = await archivedSaleState(this.em.fork(), saleId);
    if (!archived) throw new NotFoundError(`sale ${saleId} is not known`);
    return { ...archived, source: 'archive' };
  }
}
