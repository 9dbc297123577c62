import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { CallResultActivities } from '../activities/call-result-activities.js';
import type { CaseActivities } from '../activities/case-activities.js';
import type { FollowUpSettingsActivities } from '../activities/follow-up-settings-activities.js';
import { addBusinessDays } from './domain/business-calendar.js';
import { raisedPriority } from './domain/classification.js';
import type {
  Actor,
  CaseEvent,
  CaseRejection,
  CaseRole,
  CaseStage,
  FeedbackCaseInput,
  FeedbackCaseState,
  StageDeadline,
} from './feedback-types.js';
import {
  assignCaseUpdate,
  feedbackCaseStateQuery,
  recordRevisitUpdate,
  reportDoneUpdate,
  submitAnalysisUpdate,
  verifyCaseUpdate,
} from './messages.js';
import { CaseNoKey, CasePriorityKey, CaseStageKey } from './search-attributes.js';

const activities = proxyActivities<FollowUpSettingsActivities & CaseActivities & Pick<CallResultActivities, 'notify'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** Business days each stage may take (DOMAIN §4); carrying out the plan takes the plan's own deadlines. */
export const STAGE_BUSINESS_DAYS: Readonly<Record<Exclude<CaseStage, 'in_progress' | 'closed'>, number>> = {
  registered: 1,
  assigned: 2,
  verifying: 2,
  revisiting: 3,
};
/** The owner is warned when this share of a stage's time has passed. */
export const WARNING_AT = 0.75;

const nowIso = (): string => new Date(Date.now()).toISOString();
const reject = (type: CaseRejection, message: string): never => {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
};

/**
 * A feedback case (反馈处理): assigned to a department and owner, analysed (5-Why) with a plan, carried out,
 * verified and independently re-visited, each stage within its business-day deadline, with a warning before
 * and an escalation after a miss; reprocessed, one priority level up, while the customer stays unhappy.
 */
export async function FeedbackCase(input: FeedbackCaseInput): Promise<FeedbackCaseState> {
  const state: FeedbackCaseState = {
    caseNo: input.caseNo,
    stage: 'registered',
    cycle: 1,
    priority: input.priority,
    classification: input.classification,
    saleId: input.saleId,
    callbackId: input.callbackId,
    customerId: input.customerId,
    receivedAt: input.receivedAt,
    department: null,
    ownerId: null,
    nature: null,
    scope: null,
    suggestion: input.suggestion ?? null,
    analysis: null,
    handlers: input.sourceAgentId ? [input.sourceAgentId] : [],
    deadlines: [],
    missedDeadlines: 0,
    resolution: null,
    events: [],
  };
  setHandler(feedbackCaseStateQuery, () => state);

  const current = (): StageDeadline | undefined => state.deadlines.at(-1);

  function allow(actor: Actor, role: CaseRole, stage: CaseStage): void {
    if (state.stage !== stage) reject('CaseNotInStage', `case ${state.caseNo} is ${state.stage}, not ${stage}`);
    if (actor.role !== role) reject('WrongRole', `only the ${role.replace('_', ' ')} may do this, not the ${actor.role.replace('_', ' ')}`);
    if (role === 'department_owner' && actor.id !== state.ownerId) {
      reject('NotTheOwner', `case ${state.caseNo} is owned by ${state.ownerId}`);
    }
  }

  async function record(type: CaseEvent['type'], actor?: Actor, details?: Record<string, unknown>): Promise<void> {
    const event: CaseEvent = {
      eventId: `${state.caseNo}:${state.events.length + 1}`,
      type,
      at: nowIso(),
      cycle: state.cycle,
      ...(actor ? { actor } : {}),
      ...(details ? { details } : {}),
    };
    state.events.push(event);
    const deadline = current();
    await activities.recordCaseEvent({
      caseNo: state.caseNo,
      event,
      snapshot: {
        stage: state.stage,
        cycle: state.cycle,
        priority: state.priority,
        department: state.department,
        ownerId: state.ownerId,
        nature: state.nature,
        scope: state.scope,
        stageDueAt: state.stage === 'closed' ? null : (deadline?.dueAt ?? null),
        calendarVersion: deadline?.calendarVersion ?? null,
        deadlineProvisional: deadline?.provisional ?? false,
        missedDeadlines: state.missedDeadlines,
        resolution: state.resolution,
        closedAt: state.stage === 'closed' ? event.at : null,
        handlers: state.handlers,
        deadlines: state.deadlines,
        analysis: state.analysis,
      },
    });
  }

  /** Closes the running deadline and opens the next stage's, in business days or at a given time. */
  async function enterStage(stage: CaseStage, due?: { at: string } | { businessDays: number }): Promise<void> {
    const now = nowIso();
    const running = current();
    if (running && running.metAt === null) running.metAt = now;
    state.stage = stage;
    upsertSearchAttributes([
      { key: CaseStageKey, value: state.stage },
      { key: CasePriorityKey, value: state.priority },
    ]);
    if (stage === 'closed') return;
    const { calendar, timeZone } = await activities.followUpSettings();
    const computed =
      due && 'at' in due
        ? { dueAt: due.at, provisional: false, calendarVersion: calendar.version }
        : addBusinessDays(calendar, now, due?.businessDays ?? STAGE_BUSINESS_DAYS[stage as keyof typeof STAGE_BUSINESS_DAYS], {
            timeZone,
          });
    const span = Math.max(0, Date.parse(computed.dueAt) - Date.parse(now));
    state.deadlines.push({
      cycle: state.cycle,
      stage,
      startedAt: now,
      dueAt: computed.dueAt,
      warnAt: new Date(Date.parse(now) + span * WARNING_AT).toISOString(),
      calendarVersion: computed.calendarVersion,
      provisional: computed.provisional,
      metAt: null,
      missed: false,
    });
  }

  setHandler(
    assignCaseUpdate,
    async ({ actor, department, ownerId, nature, scope }) => {
      Object.assign(state, { department, ownerId, nature, scope });
      if (!state.handlers.includes(ownerId)) state.handlers.push(ownerId);
      await enterStage('assigned');
      await record('assigned', actor, { department, ownerId, nature, scope });
      await activities.notify({
        key: `case-assigned:${state.caseNo}:${state.cycle}`,
        recipient: 'department_owner',
        recipientId: ownerId,
        kind: 'case_assigned',
        saleId: state.saleId,
        caseNo: state.caseNo,
        message: `Feedback case ${state.caseNo} (${state.priority} priority) is yours: root cause and plan due ${current()?.dueAt}`,
        at: nowIso(),
      });
      return state;
    },
    { validator: ({ actor }) => allow(actor, 'after_sales_manager', 'registered') },
  );

  setHandler(
    submitAnalysisUpdate,
    async ({ actor, ...analysis }) => {
      state.analysis = analysis;
      const planDue = analysis.shortTermMeasures.map((m) => new Date(m.deadline).toISOString()).sort().at(-1)!;
      await enterStage('in_progress', { at: planDue });
      await record('analysed', actor, { ...analysis });
      return state;
    },
    {
      validator: ({ actor, whyChain, rootCause, shortTermMeasures, longTermMeasures }) => {
        allow(actor, 'department_owner', 'assigned');
        if (state.priority !== 'low' && whyChain.filter((why: string) => why.trim()).length === 0) {
          reject('InvalidCaseAction', `a ${state.priority}-priority case needs its 5-Why chain`);
        }
        if (!rootCause.trim()) reject('InvalidCaseAction', 'the root cause is missing');
        if (shortTermMeasures.length === 0) reject('InvalidCaseAction', 'the plan needs at least one short-term measure');
        for (const measure of [...shortTermMeasures, ...longTermMeasures]) {
          if (!(Date.parse(measure.deadline) > Date.now())) {
            reject('InvalidCaseAction', `the deadline of "${measure.description}" must be in the future`);
          }
        }
      },
    },
  );

  setHandler(
    reportDoneUpdate,
    async ({ actor, summary, technicianVisited }) => {
      await enterStage('verifying');
      await record('done_reported', actor, { summary, technicianVisited: technicianVisited ?? false });
      return state;
    },
    { validator: ({ actor }) => allow(actor, 'department_owner', 'in_progress') },
  );

  setHandler(
    verifyCaseUpdate,
    async ({ actor, effective, note }) => {
      if (!state.handlers.includes(actor.id)) state.handlers.push(actor.id);
      if (effective) {
        await enterStage('revisiting');
        await record('verified', actor, { note });
      } else {
        await enterStage('in_progress', { businessDays: STAGE_BUSINESS_DAYS.verifying });
        await record('verification_failed', actor, { note });
      }
      return state;
    },
    { validator: ({ actor }) => allow(actor, 'after_sales_manager', 'verifying') },
  );

  setHandler(
    recordRevisitUpdate,
    async ({ actor, satisfied, score, customerWords }) => {
      const details = { satisfied, customerWords, ...(score !== undefined ? { score } : {}) };
      if (satisfied) {
        state.resolution = 'resolved';
        await enterStage('closed');
        await record('revisited', actor, details);
        await record('closed', actor);
      } else {
        await record('revisited', actor, details);
        state.cycle += 1;
        state.priority = raisedPriority(state.priority);
        Object.assign(state, { department: null, ownerId: null, nature: null, scope: null, analysis: null });
        await enterStage('registered');
        await record('reprocessed', actor, { priority: state.priority });
      }
      return state;
    },
    {
      validator: ({ actor }) => {
        allow(actor, 'agent', 'revisiting');
        if (state.handlers.includes(actor.id)) {
          reject('NotIndependent', `${actor.id} handled case ${state.caseNo}; the re-visit must be by another agent`);
        }
      },
    },
  );

  /** Warns before the running stage's deadline and escalates once it has passed. */
  async function watchDeadline(deadline: StageDeadline): Promise<void> {
    const moved = () => current() !== deadline || deadline.metAt !== null;
    if (await condition(moved, Math.max(1, Date.parse(deadline.warnAt) - Date.now()))) return;
    const warnee = state.ownerId && deadline.stage !== 'registered' && deadline.stage !== 'verifying'
      ? { recipient: 'department_owner' as const, recipientId: state.ownerId }
      : { recipient: 'after_sales_manager' as const };
    await activities.notify({
      key: `case-warning:${state.caseNo}:${deadline.cycle}:${deadline.stage}:${deadline.startedAt}`,
      ...warnee,
      kind: 'case_deadline_warning',
      saleId: state.saleId,
      caseNo: state.caseNo,
      message: `Feedback case ${state.caseNo}: the ${deadline.stage} stage is due ${deadline.dueAt}`,
      at: nowIso(),
    });
    await record('warning', undefined, { stage: deadline.stage, dueAt: deadline.dueAt });
    if (await condition(moved, Math.max(1, Date.parse(deadline.dueAt) - Date.now()))) return;

    deadline.missed = true;
    state.missedDeadlines += 1;
    const recipient = state.priority === 'high' || state.missedDeadlines >= 2 ? 'general_manager' : 'after_sales_manager';
    await activities.notify({
      key: `case-escalation:${state.caseNo}:${deadline.cycle}:${deadline.stage}:${deadline.startedAt}`,
      recipient,
      kind: 'case_deadline_missed',
      saleId: state.saleId,
      caseNo: state.caseNo,
      message: `Feedback case ${state.caseNo} (${state.priority}) missed the ${deadline.stage} deadline ${deadline.dueAt}; misses so far: ${state.missedDeadlines}`,
      at: nowIso(),
    });
    await record('escalated', undefined, { stage: deadline.stage, to: recipient, missedDeadlines: state.missedDeadlines });
    await condition(moved);
  }

  upsertSearchAttributes([
    { key: CaseNoKey, value: state.caseNo },
    { key: CaseStageKey, value: state.stage },
    { key: CasePriorityKey, value: state.priority },
  ]);
  // Opened (registered) by the sale's follow-up the moment the feedback arrived; next it waits to be assigned.
  await enterStage('registered');
  await record('registered', undefined, {
    priority: state.priority,
    classification: state.classification,
    ...(input.sourceAgentId ? { sourceAgentId: input.sourceAgentId } : {}),
  });

  for (;;) {
    await condition(() => state.stage === 'closed' || current()?.metAt === null);
    if (state.stage === 'closed') break;
    await watchDeadline(current()!);
  }
  await condition(allHandlersFinished);
  return state;
}
