import type { EntityManager } from '@mikro-orm/postgresql';
import type { CaseEvent, FeedbackCaseState } from '../../workflows/feedback-types.js';
import { CaseEventRecord } from './case-event.entity.js';
import { FeedbackCase } from './feedback-case.entity.js';

const sequenceOf = (eventId: string): number => Number(eventId.slice(eventId.lastIndexOf(':') + 1));

/** Who handled the case, as its events tell it: for cases recorded before the row kept the list. */
function handlersOf(feedbackCase: FeedbackCase, events: CaseEvent[]): string[] {
  const handlers = feedbackCase.sourceAgentId ? [feedbackCase.sourceAgentId] : [];
  for (const event of events) {
    const id = event.type === 'assigned' ? event.details?.ownerId : event.type === 'verified' || event.type === 'verification_failed' ? event.actor?.id : undefined;
    if (typeof id === 'string' && !handlers.includes(id)) handlers.push(id);
  }
  return handlers;
}

/** The plan of the case's current cycle: the details of its 'analysed' event (a reprocessed case starts without one). */
function analysisOf(feedbackCase: FeedbackCase, events: CaseEvent[]): FeedbackCaseState['analysis'] {
  const analysed = events.filter((e) => e.type === 'analysed' && e.cycle === feedbackCase.cycle).at(-1);
  return analysed?.details ? (analysed.details as FeedbackCaseState['analysis']) : null;
}

/**
 * A feedback case as its records tell it, in the shape of the workflow's `feedbackCaseState` query: what
 * GET /feedback-cases/:caseNo answers once Temporal has forgotten the workflow. Null for an unknown case.
 */
export async function archivedCaseState(em: EntityManager, caseNo: string): Promise<FeedbackCaseState | null> {
  const feedbackCase = await em.findOne(FeedbackCase, caseNo, { populate: ['sale'] });
  if (!feedbackCase) return null;
  const records = await em.find(CaseEventRecord, { feedbackCase: caseNo });
  const events = records
    .sort((a, b) => a.at.getTime() - b.at.getTime() || sequenceOf(a.eventId) - sequenceOf(b.eventId))
    .map(
      (r): CaseEvent => ({
        eventId: r.eventId,
        type: r.type,
        at: r.at.toISOString(),
        cycle: r.cycle,
        ...(r.actorId !== null && r.actorRole !== null ? { actor: { id: r.actorId, role: r.actorRole } } : {}),
        ...(r.details !== null ? { details: r.details } : {}),
      }),
    );
  return {
    caseNo: feedbackCase.caseNo,
    stage: feedbackCase.stage,
    cycle: feedbackCase.cycle,
    priority: feedbackCase.priority,
    classification: feedbackCase.classification,
    saleId: feedbackCase.sale.id,
    callbackId: feedbackCase.callbackId,
    customerId: feedbackCase.customerId,
    receivedAt: feedbackCase.receivedAt.toISOString(),
    department: feedbackCase.department,
    ownerId: feedbackCase.ownerId,
    nature: feedbackCase.nature,
    scope: feedbackCase.scope,
    suggestion: feedbackCase.suggestion,
    analysis: analysisOf(feedbackCase, events),
    handlers: feedbackCase.handlers ?? handlersOf(feedbackCase, events),
    deadlines: feedbackCase.deadlines ?? [],
    missedDeadlines: feedbackCase.missedDeadlines,
    resolution: feedbackCase.resolution,
    events,
  };
}
