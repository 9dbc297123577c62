import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import { continuedRun } from './continued-run.js';
import type { CallResultActivities } from '../activities/call-result-activities.js';
import type { CaseActivities } from '../activities/case-activities.js';
import type { FollowUpSettingsActivities } from '../activities/follow-up-settings-activities.js';
import { addBusinessDays } from './domain/business-calendar.js';
import { raisedPriority } from './domain/classification.js';
import type {
  Actor,
  AnalysisRequest,
  AssignRequest,
  CaseActionResult,
  CaseEvent,
  CaseRejection,
  CaseRole,
  CaseStage,
  CompletionRequest,
  FeedbackCaseContinued,
  FeedbackCaseInput,
  FeedbackCaseState,
  RevisitRequest,
  StageDeadline,
  VerificationRequest,
} from './feedback-types.js';
import { CASE_ROLE_NAMES } from './feedback-types.js';
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

/**
 * A case's actions, and its deadline's warning and escalation, run one at a time; each checks again, once it is its
 * turn, that it still fits the stage, and changes the case only after the writes it depends on have succeeded. Before
 * this, two actions accepted in one workflow task could both apply (two verifications, one effective, one not).
 */
export const SERIALIZED_CASE_ACTIONS = 'serialized-case-actions';

/** Each reprocessing cycle continues as new, carrying the case's state, so that a case's history stays one cycle long. */
export const CONTINUE_AS_NEW_PER_CYCLE = 'continue-as-new-per-cycle';

const nowIso = (): string => new Date(Date.now()).toISOString();
const reject = (type: CaseRejection, message: string): never => {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
};
/** A copy to apply an action to: the case changes only once its writes have succeeded. */
const copyOf = (state: FeedbackCaseState): FeedbackCaseState => JSON.parse(JSON.stringify(state)) as FeedbackCaseState;

/**
 * A feedback case (反馈处理): assigned to a department and owner, analysed (5-Why) with a plan, carried out,
 * verified and independently re-visited, each stage within its business-day deadline, with a warning before
 * and an escalation after a miss; reprocessed, one priority level up, while the customer stays unhappy. Each
 * reprocessing cycle continues as new with the case's state (`continued`).
 */
export async function FeedbackCase(start: FeedbackCaseInput | FeedbackCaseContinued): Promise<FeedbackCaseState> {
  const carried = 'continued' in start ? start.continued : undefined;
  const input = carried ? undefined : (start as FeedbackCaseInput);
  const state: FeedbackCaseState = carried?.state ?? initialState(input!);
  const lock = new Mutex();
  setHandler(feedbackCaseStateQuery, () => state);

  const current = (of: FeedbackCaseState = state): StageDeadline | undefined => of.deadlines.at(-1);
  const answer = (): CaseActionResult => ({ caseNo: state.caseNo, stage: state.stage, cycle: state.cycle, priority: state.priority });
  const showStage = () =>
    upsertSearchAttributes([
      { key: CaseStageKey, value: state.stage },
      { key: CasePriorityKey, value: state.priority },
    ]);

  function allow(actor: Actor, role: CaseRole, stage: CaseStage): void {
    if (state.stage !== stage) reject('CaseNotInStage', `case ${state.caseNo} is ${state.stage}, not ${stage}`);
    if (actor.role !== role) reject('WrongRole', `only the ${CASE_ROLE_NAMES[role]} may do this, not the ${CASE_ROLE_NAMES[actor.role] ?? actor.role}`);
    if (role === 'department_owner' && actor.id !== state.ownerId) {
      reject('NotTheOwner', `case ${state.caseNo} is owned by ${state.ownerId}`);
    }
  }

  /**
   * Runs a case action. Before SERIALIZED_CASE_ACTIONS it changed the case as it went (`draft` is the state itself);
   * now it waits its turn, is checked again, works on a copy and replaces the case with it once every write succeeded.
   */
  function act<R>(check: (request: R) => void, action: (draft: FeedbackCaseState, request: R) => Promise<void>) {
    return (request: R): Promise<CaseActionResult> => {
      if (!patched(SERIALIZED_CASE_ACTIONS)) return action(state, request).then(answer);
      return lock.runExclusive(async () => {
        check(request);
        const draft = copyOf(state);
        await action(draft, request);
        commit(draft);
        return answer();
      });
    };
  }

  function commit(draft: FeedbackCaseState): void {
    const stageChanged = draft.stage !== state.stage || draft.priority !== state.priority;
    Object.assign(state, draft);
    if (stageChanged) showStage();
  }

  async function record(draft: FeedbackCaseState, type: CaseEvent['type'], actor?: Actor, details?: Record<string, unknown>): Promise<void> {
    const event: CaseEvent = {
      eventId: `${draft.caseNo}:${draft.events.length + 1}`,
      type,
      at: nowIso(),
      cycle: draft.cycle,
      ...(actor ? { actor } : {}),
      ...(details ? { details } : {}),
    };
    draft.events.push(event);
    const deadline = current(draft);
    await activities.recordCaseEvent({
      caseNo: draft.caseNo,
      event,
      snapshot: {
        stage: draft.stage,
        cycle: draft.cycle,
        priority: draft.priority,
        department: draft.department,
        ownerId: draft.ownerId,
        nature: draft.nature,
        scope: draft.scope,
        stageDueAt: draft.stage === 'closed' ? null : (deadline?.dueAt ?? null),
        calendarVersion: deadline?.calendarVersion ?? null,
        deadlineProvisional: deadline?.provisional ?? false,
        missedDeadlines: draft.missedDeadlines,
        resolution: draft.resolution,
        closedAt: draft.stage === 'closed' ? event.at : null,
        handlers: draft.handlers,
        deadlines: draft.deadlines.slice(-2),
        deadlinesFrom: Math.max(0, draft.deadlines.length - 2),
      },
    });
  }

  /** Closes the running deadline and opens the next stage's, in business days or at a given time. */
  async function enterStage(draft: FeedbackCaseState, stage: CaseStage, due?: { at: string } | { businessDays: number }): Promise<void> {
    const now = nowIso();
    const running = current(draft);
    if (running && running.metAt === null) running.metAt = now;
    draft.stage = stage;
    // A copy shows its stage once it replaces the case (commit).
    if (draft === state) showStage();
    if (stage === 'closed') return;
    const { calendar, timeZone } = await activities.followUpSettings();
    const computed =
      due && 'at' in due
        ? { dueAt: due.at, provisional: false, calendarVersion: calendar.version }
        : addBusinessDays(calendar, now, due?.businessDays ?? STAGE_BUSINESS_DAYS[stage as keyof typeof STAGE_BUSINESS_DAYS], {
            timeZone,
          });
    const span = Math.max(0, Date.parse(computed.dueAt) - Date.parse(now));
    draft.deadlines.push({
      cycle: draft.cycle,
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
    act(checkAssign, async (draft, { actor, department, ownerId, nature, scope }: AssignRequest) => {
      Object.assign(draft, { department, ownerId, nature, scope });
      if (!draft.handlers.includes(ownerId)) draft.handlers.push(ownerId);
      await enterStage(draft, 'assigned');
      await record(draft, 'assigned', actor, { department, ownerId, nature, scope });
      await activities.notify({
        key: `case-assigned:${draft.caseNo}:${draft.cycle}`,
        recipient: 'department_owner',
        recipientId: ownerId,
        kind: 'case_assigned',
        saleId: draft.saleId,
        caseNo: draft.caseNo,
        message: `Feedback case ${draft.caseNo} (${draft.priority} priority) is yours: root cause and plan due ${current(draft)?.dueAt}`,
        at: nowIso(),
        stage: 'assigned',
        dueAt: current(draft)?.dueAt,
        priority: draft.priority,
      });
    }),
    { validator: checkAssign },
  );
  function checkAssign({ actor }: AssignRequest): void {
    allow(actor, 'after_sales_manager', 'registered');
  }

  setHandler(
    submitAnalysisUpdate,
    act(checkAnalysis, async (draft, { actor, ...analysis }: AnalysisRequest) => {
      draft.analysis = analysis;
      const planDue = analysis.shortTermMeasures.map((m) => new Date(m.deadline).toISOString()).sort().at(-1)!;
      await enterStage(draft, 'in_progress', { at: planDue });
      await record(draft, 'analysed', actor, { ...analysis });
    }),
    { validator: checkAnalysis },
  );
  function checkAnalysis({ actor, whyChain, rootCause, shortTermMeasures, longTermMeasures }: AnalysisRequest): void {
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
  }

  setHandler(
    reportDoneUpdate,
    act(checkDone, async (draft, { actor, summary, technicianVisited }: CompletionRequest) => {
      await enterStage(draft, 'verifying');
      await record(draft, 'done_reported', actor, { summary, technicianVisited: technicianVisited ?? false });
    }),
    { validator: checkDone },
  );
  function checkDone({ actor }: CompletionRequest): void {
    allow(actor, 'department_owner', 'in_progress');
  }

  setHandler(
    verifyCaseUpdate,
    act(checkVerification, async (draft, { actor, effective, note }: VerificationRequest) => {
      if (!draft.handlers.includes(actor.id)) draft.handlers.push(actor.id);
      if (effective) {
        await enterStage(draft, 'revisiting');
        await record(draft, 'verified', actor, { note });
      } else {
        await enterStage(draft, 'in_progress', { businessDays: STAGE_BUSINESS_DAYS.verifying });
        await record(draft, 'verification_failed', actor, { note });
      }
    }),
    { validator: checkVerification },
  );
  function checkVerification({ actor }: VerificationRequest): void {
    allow(actor, 'after_sales_manager', 'verifying');
  }

  setHandler(
    recordRevisitUpdate,
    act(checkRevisit, async (draft, { actor, satisfied, score, customerWords }: RevisitRequest) => {
      const details = { satisfied, customerWords, ...(score !== undefined ? { score } : {}) };
      if (satisfied) {
        draft.resolution = 'resolved';
        await enterStage(draft, 'closed');
        await record(draft, 'revisited', actor, details);
        await record(draft, 'closed', actor);
      } else {
        await record(draft, 'revisited', actor, details);
        draft.cycle += 1;
        draft.priority = raisedPriority(draft.priority);
        Object.assign(draft, { department: null, ownerId: null, nature: null, scope: null, analysis: null });
        await enterStage(draft, 'registered');
        await record(draft, 'reprocessed', actor, { priority: draft.priority });
      }
    }),
    { validator: checkRevisit },
  );
  function checkRevisit({ actor }: RevisitRequest): void {
    allow(actor, 'agent', 'revisiting');
    if (state.handlers.includes(actor.id)) {
      reject('NotIndependent', `${actor.id} handled case ${state.caseNo}; the re-visit must be by another agent`);
    }
  }

  /**
   * Warns before the running stage's deadline (the `index`-th) and escalates once it has passed. Serialized, each step
   * waits for an action in progress and is skipped once the stage has moved on.
   */
  async function watchDeadline(index: number): Promise<void> {
    const deadlineOf = (of: FeedbackCaseState) => of.deadlines[index];
    const moved = () => state.deadlines.length - 1 !== index || deadlineOf(state).metAt !== null;
    const step = async (run: (draft: FeedbackCaseState) => Promise<void>): Promise<void> => {
      if (!patched(SERIALIZED_CASE_ACTIONS)) return run(state);
      await lock.runExclusive(async () => {
        if (moved()) return;
        const draft = copyOf(state);
        await run(draft);
        commit(draft);
      });
    };
    if (await condition(moved, Math.max(1, Date.parse(deadlineOf(state).warnAt) - Date.now()))) return;
    await step(async (draft) => {
      const deadline = deadlineOf(draft);
      const warnee = draft.ownerId && deadline.stage !== 'registered' && deadline.stage !== 'verifying'
        ? { recipient: 'department_owner' as const, recipientId: draft.ownerId }
        : { recipient: 'after_sales_manager' as const };
      await activities.notify({
        key: `case-warning:${draft.caseNo}:${deadline.cycle}:${deadline.stage}:${deadline.startedAt}`,
        ...warnee,
        kind: 'case_deadline_warning',
        saleId: draft.saleId,
        caseNo: draft.caseNo,
        message: `Feedback case ${draft.caseNo}: the ${deadline.stage} stage is due ${deadline.dueAt}`,
        at: nowIso(),
        stage: deadline.stage,
        dueAt: deadline.dueAt,
        priority: draft.priority,
      });
      await record(draft, 'warning', undefined, { stage: deadline.stage, dueAt: deadline.dueAt });
    });
    if (await condition(moved, Math.max(1, Date.parse(deadlineOf(state).dueAt) - Date.now()))) return;

    await step(async (draft) => {
      const deadline = deadlineOf(draft);
      deadline.missed = true;
      draft.missedDeadlines += 1;
      const recipient = draft.priority === 'high' || draft.missedDeadlines >= 2 ? 'general_manager' : 'after_sales_manager';
      await activities.notify({
        key: `case-escalation:${draft.caseNo}:${deadline.cycle}:${deadline.stage}:${deadline.startedAt}`,
        recipient,
        kind: 'case_deadline_missed',
        saleId: draft.saleId,
        caseNo: draft.caseNo,
        message: `Feedback case ${draft.caseNo} (${draft.priority}) missed the ${deadline.stage} deadline ${deadline.dueAt}; misses so far: ${draft.missedDeadlines}`,
        at: nowIso(),
        stage: deadline.stage,
        dueAt: deadline.dueAt,
        priority: draft.priority,
        // DOMAIN §8: the after-sales manager hears of every miss, the general manager also of these.
        ...(recipient === 'general_manager' ? { alsoTo: ['after_sales_manager' as const] } : {}),
      });
      await record(draft, 'escalated', undefined, { stage: deadline.stage, to: recipient, missedDeadlines: draft.missedDeadlines });
    });
    await condition(moved);
  }

  if (input) {
    upsertSearchAttributes([
      { key: CaseNoKey, value: state.caseNo },
      { key: CaseStageKey, value: state.stage },
      { key: CasePriorityKey, value: state.priority },
    ]);
    // Opened (registered) by the sale's follow-up the moment the feedback arrived; next it waits to be assigned.
    await enterStage(state, 'registered');
    await record(state, 'registered', undefined, {
      priority: state.priority,
      classification: state.classification,
      ...(input.sourceAgentId ? { sourceAgentId: input.sourceAgentId } : {}),
    });
  }

  const startedInCycle = state.cycle;
  let mayContinueAsNew = true;
  for (;;) {
    await condition(() => state.stage === 'closed' || current()?.metAt === null);
    if (state.stage === 'closed') break;
    // A stage has just begun: after a reprocessing, the case goes on in a new run.
    if (mayContinueAsNew && (state.cycle > startedInCycle || workflowInfo().continueAsNewSuggested)) {
      if (patched(CONTINUE_AS_NEW_PER_CYCLE)) {
        await condition(() => allHandlersFinished() && !lock.isLocked());
        if ((state.stage as CaseStage) !== 'closed') await continuedRun<typeof FeedbackCase>()({ continued: { state } });
        continue;
      }
      // This run began before cases continued as new: it goes on to its end as it began.
      mayContinueAsNew = false;
    }
    await watchDeadline(state.deadlines.length - 1);
  }
  await condition(allHandlersFinished);
  return state;
}

function initialState(input: FeedbackCaseInput): FeedbackCaseState {
  return {
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
}
