import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors.js';
import { personById } from '../directory/directory.js';
import { pageWindow } from '../common/paging.js';
import { TemporalService } from '../temporal/temporal.service.js';
import { updateRejection } from '../temporal/update-rejection.js';
import { CASE_REJECTIONS, feedbackWorkflowId, type Actor, type CaseActionResult, type FeedbackCaseState } from '../../workflows/feedback-types.js';
import {
  assignCaseUpdate,
  feedbackCaseStateQuery,
  recordRevisitUpdate,
  reportDoneUpdate,
  submitAnalysisUpdate,
  verifyCaseUpdate,
} from '../../workflows/messages.js';
import type { AnalysisDto, AssignCaseDto, CompletionDto, RevisitDto, VerificationDto } from './dto/case-actions.dto.js';
import type { FeedbackCasePageDto, FeedbackCaseView } from './dto/feedback-case-view.dto.js';
import type { FeedbackCasesQueryDto } from './dto/feedback-cases-query.dto.js';
import { archivedCaseState } from './case-archive.js';
import { FeedbackCase } from './feedback-case.entity.js';

/** Where an answer about one case comes from: its workflow, or the records once Temporal has forgotten it. */
export type CaseStateAnswer = FeedbackCaseState & { source: 'workflow' | 'archive' };

function isOverdue(feedbackCase: FeedbackCase, now: Date): boolean {
  return feedbackCase.stage !== 'closed' && feedbackCase.stageDueAt !== null && feedbackCase.stageDueAt < now;
}

export function feedbackCaseView(feedbackCase: FeedbackCase, now: Date): FeedbackCaseView {
  return {
    caseNo: feedbackCase.caseNo,
    saleId: feedbackCase.sale.id,
    callbackId: feedbackCase.callbackId,
    customerId: feedbackCase.customerId,
    productModel: feedbackCase.productModel,
    channel: feedbackCase.channel,
    classification: feedbackCase.classification,
    priority: feedbackCase.priority,
    stage: feedbackCase.stage,
    cycle: feedbackCase.cycle,
    department: feedbackCase.department,
    ownerId: feedbackCase.ownerId,
    nature: feedbackCase.nature,
    scope: feedbackCase.scope,
    receivedAt: feedbackCase.receivedAt.toISOString(),
    stageDueAt: feedbackCase.stageDueAt?.toISOString() ?? null,
    overdue: isOverdue(feedbackCase, now),
    deadlineProvisional: feedbackCase.deadlineProvisional,
    missedDeadlines: feedbackCase.missedDeadlines,
    resolution: feedbackCase.resolution,
    closedAt: feedbackCase.closedAt?.toISOString() ?? null,
  };
}

/** Drops absent optional fields, so the workflow gets the same request whether a client sent `undefined` or nothing. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

@Injectable()
export class FeedbackService {
  constructor(
    private readonly em: EntityManager,
    private readonly temporal: TemporalService,
  ) {}

  /** The cases, read from the records: newest received first. */
  async list(query: FeedbackCasesQueryDto): Promise<FeedbackCasePageDto> {
    const now = new Date();
    const where: FilterQuery<FeedbackCase> = {};
    if (query.stage) where.stage = query.stage;
    if (query.priority) where.priority = query.priority;
    if (query.department) where.department = query.department;
    if (query.ownerId) where.ownerId = query.ownerId;
    if (query.classification) where.classification = query.classification;
    if (query.escalated !== undefined) where.missedDeadlines = query.escalated ? { $gt: 0 } : 0;
    if (query.overdue === true) {
      where.$and = [{ stage: { $ne: 'closed' } }, { stageDueAt: { $lt: now } }];
    } else if (query.overdue === false) {
      where.$or = [{ stage: 'closed' }, { stageDueAt: null }, { stageDueAt: { $gte: now } }];
    }
    const [cases, total] = await this.em.fork().findAndCount(FeedbackCase, where, {
      orderBy: { receivedAt: 'desc', caseNo: 'desc' },
      ...pageWindow(query),
    });
    return { items: cases.map((c) => feedbackCaseView(c, now)), page: query.page, pageSize: query.pageSize, total };
  }

  /** The live state of the case, answered by its workflow; from the records once Temporal has forgotten the workflow. */
  async getState(caseNo: string): Promise<CaseStateAnswer> {
    try {
      return { ...(await this.handleOf(caseNo).query(feedbackCaseStateQuery)), source: 'workflow' };
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    const archived = await archivedCaseState(this.em.fork(), caseNo);
    if (!archived) throw new NotFoundError(`feedback case ${caseNo} is not known`);
    return { ...archived, source: 'archive' };
  }

  /**
   * The after-sales manager names the department and owner: a department owner of that department, active in the
   * staff directory (checked here, before the workflow is asked).
   */
  async assign(caseNo: string, actor: Actor, dto: AssignCaseDto, updateId?: string): Promise<CaseStateAnswer> {
    const { department, ownerId, nature, scope } = dto;
    await this.checkOwner(ownerId, department);
    return this.act(caseNo, assignCaseUpdate, { actor, department, ownerId, nature, scope }, updateId);
  }

  private async checkOwner(ownerId: string, department: string): Promise<void> {
    const owner = await personById(this.em.fork(), ownerId);
    const problem = !owner
      ? `ownerId ${ownerId} is not in the staff directory`
      : !owner.active
        ? `ownerId ${ownerId} is deactivated`
        : !owner.hasRole('department_owner')
          ? `ownerId ${ownerId} is not a department owner (roles: ${owner.roles.join(', ')})`
          : owner.department?.code !== department
            ? `ownerId ${ownerId} belongs to ${owner.department ? `department ${owner.department.code}` : 'no department'}, not ${department}`
            : null;
    if (problem) throw new UnprocessableError(problem, [{ field: 'ownerId', problems: [problem] }]);
  }

  /** The owner submits the root cause and the plan. */
  submitAnalysis(caseNo: string, actor: Actor, dto: AnalysisDto, updateId?: string): Promise<CaseStateAnswer> {
    const measure = ({ description, deadline }: { description: string; deadline: string }) => ({ description, deadline });
    return this.act(caseNo, submitAnalysisUpdate, {
      actor,
      whyChain: [...dto.whyChain],
      rootCause: dto.rootCause,
      shortTermMeasures: dto.shortTermMeasures.map(measure),
      longTermMeasures: dto.longTermMeasures.map(measure),
      technicianVisit: dto.technicianVisit,
    }, updateId);
  }

  /** The owner reports the plan carried out. */
  reportDone(caseNo: string, actor: Actor, dto: CompletionDto, updateId?: string): Promise<CaseStateAnswer> {
    return this.act(caseNo, reportDoneUpdate, defined({ actor, summary: dto.summary, technicianVisited: dto.technicianVisited }), updateId);
  }

  /** After-sales management verifies the result. */
  verify(caseNo: string, actor: Actor, dto: VerificationDto, updateId?: string): Promise<CaseStateAnswer> {
    return this.act(caseNo, verifyCaseUpdate, { actor, effective: dto.effective, note: dto.note }, updateId);
  }

  /** An agent who did not handle the case re-visits the customer. */
  recordRevisit(caseNo: string, actor: Actor, dto: RevisitDto, updateId?: string): Promise<CaseStateAnswer> {
    return this.act(
      caseNo,
      recordRevisitUpdate,
      defined({ actor, satisfied: dto.satisfied, score: dto.score, customerWords: dto.customerWords }),
      updateId,
    );
  }

  private handleOf(caseNo: string): WorkflowHandle {
    return this.temporal.client.workflow.getHandle(feedbackWorkflowId(caseNo));
  }

  /**
   * Runs one action as an update on the case's workflow and answers the case's new state. The workflow answers the
   * update in a few fields (every answer stays in its history); the state is a query.
   */
  private async act<Req>(caseNo: string, update: UpdateDefinition<CaseActionResult, [Req]>, request: Req, updateId?: string): Promise<CaseStateAnswer> {
    const handle = this.handleOf(caseNo);
    try {
      // The request's idempotency key as the update's id: a retry after a 503 gets the action it had, not a 409.
      await handle.executeUpdate(update, { args: [request], ...(updateId ? { updateId: `${update.name}:${updateId}` } : {}) });
      return await this.getState(caseNo);
    } catch (err) {
      const rejection = await updateRejection(err, handle, CASE_REJECTIONS, {
        unknown: `feedback case ${caseNo} is not known`,
        ended: (status) => `feedback case ${caseNo} has ended (${status})`,
      });
      if (!(rejection instanceof NotFoundError)) throw rejection;
      // Temporal has forgotten a closed case: the records still know it.
      const recorded = await this.em.fork().findOne(FeedbackCase, caseNo, { fields: ['stage'] });
      throw recorded ? new ConflictError(`feedback case ${caseNo} has ended (${recorded.stage})`) : rejection;
    }
  }

}
