import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { pageWindow } from '../common/paging.js';
import { Injectable } from '@nestjs/common';
import type { WorkflowHandle } from '@temporalio/client';
import { ConflictError, DomainError, NotFoundError } from '../common/errors.js';
import { recordedAttemptOutcome } from '../sales/sale-archive.js';
import { EXTERNAL_ID } from '../common/ids.js';
import { TemporalService } from '../temporal/temporal.service.js';
import { updateRejection } from '../temporal/update-rejection.js';
import { CALLBACK_REJECTIONS, type CallResult, type CallResultOutcome, type CallResultRequest } from '../../workflows/call-results.js';
import { saleIdOfCallback, type CallbackPlanEntry } from '../../workflows/callback-types.js';
import { claimCallbackUpdate, recordCallResultUpdate } from '../../workflows/messages.js';
import { saleWorkflowId } from '../../workflows/sale-types.js';
import { Callback } from './callback.entity.js';
import type { CallResultDto } from './dto/call-result.dto.js';
import type { CallbackPageDto, CallbackView } from './dto/callback-view.dto.js';
import type { CallbacksQueryDto } from './dto/callbacks-query.dto.js';
import { CALLABLE_STATUSES, type CallPageDto, type CallsQueryDto, type ClaimedCallDto } from './dto/calls.dto.js';
import { Sale } from '../sales/sale.entity.js';
import { toSurveyRecord } from './dto/survey-record.dto.js';

/** A callback as the queue shows it: ids, kind, status and due time, no names or phones. */
export function callbackView(callback: Callback): CallbackView {
  return {
    callbackId: callback.id,
    saleId: callback.sale.id,
    kind: callback.kind,
    status: callback.status,
    nominalDate: callback.nominalDate,
    dueAt: callback.dueAt.toISOString(),
    late: callback.late,
    customerId: callback.customerId,
    customerCategory: callback.customerCategory,
    claimedBy: callback.claimedBy,
    claimedAt: callback.claimedAt?.toISOString() ?? null,
    attempts: callback.attempts,
  };
}

/** The validated body in the workflow's terms: only the fields the outcome uses. */
function toCallResult(dto: CallResultDto): CallResult {
  switch (dto.outcome) {
    case 'survey_done':
      return { outcome: 'survey_done', survey: toSurveyRecord(dto.survey!) };
    case 'busy':
      return { outcome: 'busy', reason: dto.reason!, callBackAt: dto.callBackAt! };
    case 'wrong_person': {
      const { name, title, phone, email, specialNeeds } = dto.actualUser!;
      const actualUser = Object.fromEntries(Object.entries({ name, title, phone, email, specialNeeds }).filter(([, v]) => v !== undefined));
      return { outcome: 'wrong_person', actualUser: actualUser as { name: string; phone: string } };
    }
    case 'refused':
      return { outcome: 'refused', reason: dto.reason! };
    case 'no_answer':
    case 'questionnaire_sent':
      return { outcome: dto.outcome };
  }
}

export interface RecordedCallResult {
  /** True when this attempt was applied now, false when it had been recorded before. */
  created: boolean;
  outcome: CallResultOutcome;
}

@Injectable()
export class CallbacksService {
  constructor(
    private readonly em: EntityManager,
    private readonly temporal: TemporalService,
  ) {}

  /** The agents' queue, read from the records: earliest due first. */
  async list(query: CallbacksQueryDto): Promise<CallbackPageDto> {
    const where: FilterQuery<Callback> = {};
    if (query.status) where.status = { $in: query.status };
    if (query.dueBefore) where.dueAt = { $lt: new Date(query.dueBefore) };
    if (query.agent) where.claimedBy = query.agent;
    if (query.customerCategory) where.customerCategory = query.customerCategory;
    const [callbacks, total] = await this.em.fork().findAndCount(Callback, where, {
      orderBy: { dueAt: 'asc', id: 'asc' },
      ...pageWindow(query),
    });
    return { items: callbacks.map(callbackView), page: query.page, pageSize: query.pageSize, total };
  }

  /**
   * The queue as calls: the matching callbacks grouped by sale, one entry per sale, late calls first, then the
   * earliest due. A late import opens two or three callbacks of a sale at once; the agent makes one call for them.
   */
  async calls(query: CallsQueryDto): Promise<CallPageDto> {
    const statuses = query.status ?? [...CALLABLE_STATUSES];
    const where: FilterQuery<Callback> = { status: { $in: statuses } };
    if (query.agent) where.claimedBy = query.agent;
    if (query.customerCategory) where.customerCategory = query.customerCategory;
    const filter = `c."status" in (${statuses.map(() => '?').join(', ')})
      and (?::varchar is null or c."claimed_by" = ?) and (?::varchar is null or c."customer_category" = ?)`;
    const params = [...statuses, query.agent ?? null, query.agent ?? null, query.customerCategory ?? null, query.customerCategory ?? null];
    // One snapshot, so that every group of the page still has its callbacks when they are read.
    return this.em.fork().transactional(
      async (tx) => {
        const groups = await tx.execute<{ sale_id: string; late: boolean; due_at: Date | string }[]>(
          `select c."sale_id", bool_or(c."late") as "late", min(c."due_at") as "due_at"
             from "callback" c where ${filter}
            group by c."sale_id"
            order by bool_or(c."late") desc, min(c."due_at") asc, c."sale_id" asc
            limit ? offset ?`,
          [...params, query.pageSize, (query.page - 1) * query.pageSize],
        );
        const [counted] = await tx.execute<{ total: string | number }[]>(`select count(distinct c."sale_id") as "total" from "callback" c where ${filter}`, params);
        const saleIds = groups.map((g) => g.sale_id);
        const callbacks = saleIds.length === 0
          ? []
          : await tx.find(Callback, { ...where, sale: { $in: saleIds } }, { populate: ['sale'], orderBy: { dueAt: 'asc', id: 'asc' } });
        const items = groups.map((group) => {
          const own = callbacks.filter((c) => c.sale.id === group.sale_id);
          return {
            saleId: group.sale_id,
            customerId: own[0].customerId,
            customerCategory: own[0].customerCategory,
            productModel: own[0].sale.productModel,
            late: group.late,
            dueAt: new Date(group.due_at).toISOString(),
            claimedBy: [...new Set(own.flatMap((c) => (c.status === 'claimed' && c.claimedBy ? [c.claimedBy] : [])))],
            callbacks: own.map(callbackView),
          };
        });
        return { items, page: query.page, pageSize: query.pageSize, total: Number(counted.total) };
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
  }

  /**
   * An agent takes a whole call: each open callback of the sale, one claim update each, earliest due first; those the
   * agent holds already stay theirs. When another agent holds one of them, nothing is claimed.
   */
  async claimCall(saleId: string, agentId: string): Promise<ClaimedCallDto> {
    const em = this.em.fork();
    const open = await em.find(Callback, { sale: saleId, status: { $in: [...CALLABLE_STATUSES] } }, { orderBy: { dueAt: 'asc', id: 'asc' } });
    if (open.length === 0) {
      if (!(await em.count(Sale, { id: saleId }))) throw new NotFoundError(`sale ${saleId} is not known`);
      throw new ConflictError(`sale ${saleId} has no callback open for calls`);
    }
    const taken = open.find((c) => c.status === 'claimed' && c.claimedBy !== agentId);
    if (taken) throw new ConflictError(`callback ${taken.id} of this call is claimed by ${taken.claimedBy}; nothing was claimed`);
    const claimed: CallbackPlanEntry[] = [];
    for (const callback of open) {
      try {
        claimed.push(await this.claim(callback.id, agentId));
      } catch (err) {
        if (claimed.length > 0 && err instanceof DomainError) {
          err.message += `; ${claimed.map((c) => c.callbackId).join(', ')} of this call stay claimed by ${agentId}`;
        }
        throw err;
      }
    }
    return { saleId, callbacks: claimed };
  }

  /** An agent takes an open callback; the sale's workflow decides whether it may. `updateId`: the request's idempotency key. */
  async claim(callbackId: string, agentId: string, updateId?: string): Promise<CallbackPlanEntry> {
    const { saleId, handle } = this.saleOf(callbackId);
    try {
      return await handle.executeUpdate(claimCallbackUpdate, { args: [{ callbackId, agentId }], ...(updateId ? { updateId: `claim:${updateId}` } : {}) });
    } catch (err) {
      throw await this.rejection(err, handle, saleId, callbackId);
    }
  }

  /**
   * Records what came of a call. The attempt id is the update's id, and an attempt already recorded is answered from
   * the records: a repeat is applied once (`created: false`), also after the sale's workflow has closed or is gone.
   */
  async recordResult(callbackId: string, agentId: string, dto: CallResultDto): Promise<RecordedCallResult> {
    const recorded = await recordedAttemptOutcome(this.em.fork(), dto.attemptId);
    if (recorded) return { created: false, outcome: recorded };
    const { saleId, handle } = this.saleOf(callbackId);
    const request: CallResultRequest = { callbackId, attemptId: dto.attemptId, agentId, result: toCallResult(dto) };
    try {
      const outcome = await handle.executeUpdate(recordCallResultUpdate, { args: [request], updateId: dto.attemptId });
      return { created: outcome.applied, outcome };
    } catch (err) {
      throw await this.rejection(err, handle, saleId, callbackId);
    }
  }

  /** The workflow's refusal as a domain error; a workflow Temporal has forgotten, by what the records say. */
  private async rejection(err: unknown, handle: WorkflowHandle, saleId: string, callbackId: string): Promise<unknown> {
    const rejection = await updateRejection(err, handle, CALLBACK_REJECTIONS, {
      unknown: `sale ${saleId} is not known`,
      ended: (status) => `the follow-up of sale ${saleId} has ended (${status})`,
    });
    if (!(rejection instanceof NotFoundError)) return rejection;
    const callback = await this.em.fork().findOne(Callback, callbackId, { fields: ['status'] });
    return callback ? new ConflictError(`the follow-up of sale ${saleId} has ended; callback ${callbackId} is ${callback.status}`) : rejection;
  }

  private saleOf(callbackId: string): { saleId: string; handle: WorkflowHandle } {
    const saleId = saleIdOfCallback(callbackId);
    if (saleId === null || !EXTERNAL_ID.test(saleId)) throw new NotFoundError(`callback ${callbackId} is not known`);
    return { saleId, handle: this.temporal.client.workflow.getHandle(saleWorkflowId(saleId)) };
  }

}
