import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import { continuedRun } from './continued-run.js';
import type { CallResultActivities } from '../activities/call-result-activities.js';
import type { CallbackActivities } from '../activities/callback-activities.js';
import type { FollowUpSettingsActivities } from '../activities/follow-up-settings-activities.js';
import type { SaleActivities } from '../activities/sale-activities.js';
import type {
  CallAttemptView,
  CallbackRejection,
  CallResultOutcome,
  CallResultRequest,
  ClaimRequest,
  FeedbackCaseStart,
  SurveyRecordInput,
  SurveyView,
} from './call-results.js';
import { callbackId, FINAL_CALLBACK_STATUSES, type CallbackPlanEntry } from './callback-types.js';
import { followingCallWindowStart } from './domain/call-windows.js';
import { formatCompanyTime } from './domain/company-time.js';
import { casePriority, suggestedAssignment } from './domain/case-rules.js';
import { classifySurvey, consequencesOf } from './domain/classification.js';
import { planCallbacks, recheckDueAt } from './domain/due-times.js';
import { toHundredPointScore, type SurveyAnswer } from './domain/scoring.js';
import { FeedbackCase } from './feedback-case.js';
import { cancelSaleSignal, claimCallbackUpdate, correctSaleUpdate, recordCallResultUpdate, saleStateQuery } from './messages.js';
import type { SaleCorrectionOutcome, SaleCorrectionRequest, SaleDelivery, SaleFollowUpContinued, SaleFollowUpState } from './sale-types.js';
import { FollowUpStageKey, LateKey, NextDueAtKey } from './search-attributes.js';

const activities = proxyActivities<SaleActivities & FollowUpSettingsActivities & CallbackActivities & CallResultActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/**
 * Opening a callback that fell due (read the settings, recheck the due time, mark the row due) runs as local
 * activities inside the workflow task its timer starts: one task per callback instead of three tasks and two activity
 * tasks, so thousands of callbacks falling due in the same minute reach the agents' queue in seconds, and a callback
 * listed as due is already open to claims. Workflows that opened callbacks before this replay the old way.
 */
export const OPEN_CALLBACKS_IN_ONE_TASK = 'open-callbacks-in-one-task';
const localActivities = proxyLocalActivities<SaleActivities & FollowUpSettingsActivities & CallbackActivities & CallResultActivities>({
  startToCloseTimeout: '10 seconds',
  // Past the local retry threshold (a minute) the backoff waits on a timer, not in an open workflow task.
  retry: { initialInterval: '1 second', maximumInterval: '10 minutes', backoffCoefficient: 2 },
});
const opening = () => (patched(OPEN_CALLBACKS_IN_ONE_TASK) ? localActivities : activities);

/**
 * Likewise an agent's claim or call result writes its records as local activities inside the workflow task that takes
 * the update: the agent's answer waits for one task, not for one task and one activity task per record.
 */
export const RECORD_CALLS_IN_ONE_TASK = 'record-calls-in-one-task';
const recording = () => (patched(RECORD_CALLS_IN_ONE_TASK) ? localActivities : activities);

/** And a new sale's records and plan (sale, settings, callbacks) are written in its first workflow task. */
export const REGISTER_IN_ONE_TASK = 'register-in-one-task';

/**
 * Claims, results and corrections touching one callback, and the callback's own opening and questionnaire fall-back,
 * run one at a time (a lock per callback); each checks again, once it is its turn, that it still fits, and changes the
 * workflow's state only after the writes it depends on have succeeded. The follow-up ends only once they are done.
 * Before this, two results accepted in one workflow task could both apply to one callback.
 */
export const SERIALIZED_MESSAGES = 'serialized-messages';

/**
 * Between callbacks (one has ended and none is open) the follow-up continues as new, carrying its state, so that a
 * history lasting up to ten years of warranty stays a few callbacks long; also when Temporal suggests it.
 */
export const CONTINUE_AS_NEW_BETWEEN_CALLBACKS = 'continue-as-new-between-callbacks';

/** At most this many unanswered calls, in different windows, before a callback ends as unreachable. */
export const MAX_UNANSWERED_CALLS = 3;
/** A questionnaire not back within this time is chased once, then falls back to a phone callback. */
export const QUESTIONNAIRE_WAIT = '7 days';
const MAX_AGREED_TIME_AHEAD_MS = 90 * 24 * 3600_000;

const nowIso = (): string => new Date(Date.now()).toISOString();
const isFinal = (callback: CallbackPlanEntry): boolean => FINAL_CALLBACK_STATUSES.includes(callback.status);
/** Never opened for agents: no call made, no time agreed with the customer. A correction may re-plan it. */
const notYetOpened = (callback: CallbackPlanEntry): boolean =>
  callback.status === 'scheduled' && !callback.attempts && callback.agreedTime === undefined && callback.questionnaireSentAt === undefined;
const reject = (type: CallbackRejection, message: string): never => {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
};

/**
 * One delivered sale's after-sales follow-up (回访计划), from delivery to warranty expiry: started with the delivery,
 * continued as new between callbacks with what it has carried (`continued`).
 */
export async function SaleFollowUp(start: SaleDelivery | SaleFollowUpContinued): Promise<SaleFollowUpState> {
  const carried = 'continued' in start ? start.continued : undefined;
  const delivery = carried ? undefined : (start as SaleDelivery);
  const state: SaleFollowUpState = carried?.state ?? initialState(delivery!);
  let salesOwner = carried?.salesOwner ?? delivery!.salesOwner;
  let timeZone = carried?.timeZone ?? '';
  /** The sale's latest correction applied here: an older one arriving late changes nothing. */
  let revision = carried?.revision ?? 0;
  const cancelled = (): boolean => state.cancellation !== null;
  const results = new Map<string, Promise<CallResultOutcome>>();
  const locks = new Map<string, Mutex>();
  const lockOf = (id: string): Mutex => locks.get(id) ?? locks.set(id, new Mutex()).get(id)!;
  const locksFree = (): boolean => [...locks.values()].every((lock) => !lock.isLocked());

  const openCallbackNamed = (id: string): CallbackPlanEntry => {
    const callback = state.callbacks.find((c) => c.callbackId === id) ?? reject('UnknownCallback', `callback ${id} is not known`);
    if (isFinal(callback)) reject('CallbackFinished', `callback ${id} has already ended (${callback.status})`);
    return callback;
  };
  /** Validators only (they never run on replay): a follow-up being cancelled takes no more calls. */
  const refuseOnceCancelled = (): void => {
    if (cancelled()) reject('CallbackFinished', `the follow-up of sale ${state.saleId} was cancelled (${state.cancellation!.reason})`);
  };

  setHandler(saleStateQuery, () => state);
  setHandler(cancelSaleSignal, ({ reason, note }) => {
    state.cancellation ??= { reason, ...(note ? { note } : {}), cancelledAt: nowIso() };
  });

  setHandler(
    claimCallbackUpdate,
    async ({ callbackId: id, agentId }) => {
      if (!patched(SERIALIZED_MESSAGES)) {
        const callback = openCallbackNamed(id);
        if (callback.status === 'claimed' && callback.claimedBy === agentId) return callback;
        await claim(callback, agentId);
        return callback;
      }
      return lockOf(id).runExclusive(async () => {
        // Another message may have been applied since this one was accepted.
        validateClaim({ callbackId: id, agentId });
        const callback = openCallbackNamed(id);
        if (callback.status === 'due') {
          const draft = { ...callback };
          await claim(draft, agentId);
          Object.assign(callback, draft);
        }
        return { ...callback };
      });
    },
    { validator: validateClaim },
  );

  function validateClaim({ callbackId: id, agentId }: ClaimRequest): void {
    const callback = openCallbackNamed(id);
    refuseOnceCancelled();
    if (callback.status === 'claimed' && callback.claimedBy !== agentId) {
      reject('CallbackClaimedByAnother', `callback ${id} is claimed by ${callback.claimedBy}`);
    }
    if (callback.status !== 'due' && callback.status !== 'claimed') {
      reject('CallbackNotOpen', `callback ${id} is not open for calls (${callback.status}, due ${formatCompanyTime(callback.dueAt, timeZone)})`);
    }
  }

  /** An attempt recorded by an earlier run of this follow-up (before it continued as new): answered, not applied again. */
  const recordedAttempt = (attemptId: string): CallResultOutcome | undefined => {
    const attempt = state.attempts.find((a) => a.attemptId === attemptId);
    if (!attempt) return undefined;
    const survey = state.surveys.find((s) => s.attemptId === attemptId);
    const callback = state.callbacks.find((c) => c.callbackId === attempt.callbackId);
    return { callbackId: attempt.callbackId, attemptId, applied: false, callbackStatus: callback?.status ?? 'completed', ...(survey ? { survey } : {}) };
  };

  setHandler(
    recordCallResultUpdate,
    (request) => {
      const earlier = results.get(request.attemptId);
      if (earlier) return earlier.then((outcome) => ({ ...outcome, applied: false }));
      const recorded = recordedAttempt(request.attemptId);
      if (recorded) return Promise.resolve(recorded);
      const outcome = patched(SERIALIZED_MESSAGES)
        ? lockOf(request.callbackId).runExclusive(() => applyCallResult(request, true))
        : applyCallResult(request, false);
      results.set(request.attemptId, outcome);
      return outcome;
    },
    {
      validator: (request: CallResultRequest) =>
        results.has(request.attemptId) || recordedAttempt(request.attemptId) ? undefined : validateCallResult(request),
    },
  );

  setHandler(
    correctSaleUpdate,
    async (correction) => {
      // Every callback's lock, in one order: no claim, result or opening runs while the plan changes.
      const releases = [];
      for (const callback of [...state.callbacks].sort((a, b) => a.callbackId.localeCompare(b.callbackId))) {
        releases.push(await lockOf(callback.callbackId).acquire());
      }
      try {
        return await applyCorrection(correction);
      } finally {
        for (const release of releases.reverse()) release();
      }
    },
    {
      validator: (_correction: SaleCorrectionRequest) => {
        if (state.stage !== 'following' || cancelled()) {
          throw ApplicationFailure.create({ type: 'FollowUpEnded', message: `the follow-up of sale ${state.saleId} is ${cancelled() ? 'cancelled' : state.stage}`, nonRetryable: true });
        }
      },
    },
  );

  /** Takes the corrected values; the callbacks not yet opened move with a new delivery date or warranty length. */
  async function applyCorrection(correction: SaleCorrectionRequest): Promise<SaleCorrectionOutcome> {
    if (correction.revision <= revision) return { revision, replanned: [] };
    const planChanged = correction.deliveredOn !== state.deliveredOn || correction.warrantyMonths !== state.warrantyMonths;
    const replanned: CallbackPlanEntry[] = [];
    if (planChanged) {
      const settings = await recording().followUpSettings();
      const plan = planCallbacks({
        deliveredOn: correction.deliveredOn,
        warrantyMonths: correction.warrantyMonths,
        timeZone,
        calendar: settings.calendar,
        now: nowIso(),
        ...(settings.callWindows ? { callWindows: settings.callWindows } : {}),
      });
      for (const callback of state.callbacks.filter(notYetOpened)) {
        const planned = plan.find((p) => p.kind === callback.kind)!;
        if (planned.dueAt !== callback.dueAt || planned.nominalDate !== callback.nominalDate || planned.late !== callback.late) {
          replanned.push({ ...callback, nominalDate: planned.nominalDate, dueAt: planned.dueAt, late: planned.late });
        }
      }
      if (replanned.length > 0) {
        await recording().replanCallbacks({
          saleId: state.saleId,
          callbacks: replanned.map(({ callbackId: id, nominalDate, dueAt, late }) => ({ callbackId: id, nominalDate, dueAt, late })),
        });
      }
    }
    Object.assign(state, {
      orderNo: correction.orderNo,
      productModel: correction.productModel,
      customerCategory: correction.customerCategory,
      deliveredOn: correction.deliveredOn,
      warrantyMonths: correction.warrantyMonths,
    });
    salesOwner = correction.salesOwner;
    revision = correction.revision;
    for (const entry of replanned) Object.assign(state.callbacks.find((c) => c.callbackId === entry.callbackId)!, entry);
    showProgress(state);
    return { revision, replanned: replanned.map((c) => c.callbackId) };
  }

  function validateCallResult({ callbackId: id, agentId, result }: CallResultRequest): void {
    const callback = openCallbackNamed(id);
    refuseOnceCancelled();
    if (callback.claimedBy && callback.claimedBy !== agentId) {
      reject('CallbackClaimedByAnother', `callback ${id} is claimed by ${callback.claimedBy}`);
    }
    if (callback.status === 'questionnaire') {
      if (result.outcome !== 'survey_done') reject('CallbackNotOpen', `callback ${id} is waiting for its questionnaire to come back`);
    } else if (callback.status !== 'due' && callback.status !== 'claimed') {
      reject('CallbackNotOpen', `callback ${id} is not open for calls (${callback.status}, due ${formatCompanyTime(callback.dueAt, timeZone)})`);
    }
    if (result.outcome === 'busy') {
      const ahead = Date.parse(result.callBackAt) - Date.now();
      if (!(ahead > 0 && ahead <= MAX_AGREED_TIME_AHEAD_MS)) {
        reject('InvalidCallResult', 'callBackAt must be a time in the next 90 days that the customer chose');
      }
    }
    if (result.outcome === 'survey_done') {
      const { overall, productRating, staffAttitude, responseSpeed, overallService } = result.survey;
      for (const answer of [overall, productRating, staffAttitude, responseSpeed, overallService]) {
        if (!answer) continue;
        try {
          toHundredPointScore(answer);
        } catch (err) {
          reject('InvalidCallResult', (err as Error).message);
        }
      }
    }
  }

  async function claim(callback: CallbackPlanEntry, agentId: string): Promise<void> {
    callback.status = 'claimed';
    callback.claimedBy = agentId;
    await recording().claimCallback({ callbackId: callback.callbackId, agentId, claimedAt: nowIso() });
  }

  /**
   * Applies a result to the callback. `serialized`: it is this result's turn at the callback's lock; it is checked again
   * and applied to a copy of the callback, which replaces it once every write has succeeded. Before SERIALIZED_MESSAGES
   * the callback itself changed as it went.
   */
  async function applyCallResult(request: CallResultRequest, serialized: boolean): Promise<CallResultOutcome> {
    if (serialized) validateCallResult(request);
    const { callbackId: id, attemptId, agentId, result } = request;
    const current = openCallbackNamed(id);
    const callback = serialized ? { ...current } : current;
    if (callback.status === 'due') await claim(callback, agentId);
    const attempt: CallAttemptView = { attemptId, callbackId: id, agentId, outcome: result.outcome, recordedAt: nowIso() };
    callback.attempts = (callback.attempts ?? 0) + 1;
    let survey: SurveyView | undefined;

    switch (result.outcome) {
      case 'survey_done':
        survey = await recordSurvey(callback, attempt, result.survey);
        await close(callback, 'completed');
        break;
      case 'busy':
        attempt.reason = result.reason;
        attempt.nextTryAt = result.callBackAt;
        callback.agreedTime = result.callBackAt;
        await reschedule(callback, result.callBackAt);
        break;
      case 'no_answer': {
        callback.unanswered = (callback.unanswered ?? 0) + 1;
        if (callback.unanswered >= MAX_UNANSWERED_CALLS) {
          await close(callback, 'unreachable');
          break;
        }
        const { calendar, callWindows: windows } = await recording().followUpSettings();
        attempt.nextTryAt = followingCallWindowStart(calendar, nowIso(), timeZone, windows);
        await reschedule(callback, attempt.nextTryAt);
        break;
      }
      case 'wrong_person':
        await recording().recordActualUser({ customerId: state.customerId, actualUser: result.actualUser });
        break;
      case 'refused':
        attempt.reason = result.reason;
        await close(callback, 'refused');
        break;
      case 'questionnaire_sent':
        callback.status = 'questionnaire';
        callback.questionnaireSentAt = attempt.recordedAt;
        await recording().markQuestionnaireSent({ callbackId: id, sentAt: attempt.recordedAt });
        break;
    }
    await recording().recordCallAttempt({
      attemptId,
      callbackId: id,
      agentId,
      outcome: result.outcome,
      recordedAt: attempt.recordedAt,
      ...(attempt.reason ? { reason: attempt.reason } : {}),
      ...(attempt.nextTryAt ? { nextTryAt: attempt.nextTryAt } : {}),
      callbackStatus: callback.status,
    });
    Object.assign(current, callback);
    state.attempts.push(attempt);
    if (survey) state.surveys.push(survey);
    showProgress(state);
    return { callbackId: id, attemptId, applied: true, callbackStatus: callback.status, ...(survey ? { survey } : {}) };
  }

  async function recordSurvey(callback: CallbackPlanEntry, attempt: CallAttemptView, input: SurveyRecordInput): Promise<SurveyView> {
    const scoreOf = (answer?: SurveyAnswer) => (answer ? toHundredPointScore(answer) : null);
    const score = scoreOf(input.overall);
    const classification = classifySurvey({
      score100: score,
      saysDissatisfied: input.saysDissatisfied,
      complainedExternally: input.complainedTo !== undefined,
      complainedToManagement: input.complainedToManagement,
      seriousOpinion: input.seriousOpinion,
      opinion: input.opinions ?? null,
      unansweredQuestion: input.unansweredQuestion !== undefined,
    });
    const consequences = consequencesOf(classification, {
      unansweredQuestion: input.unansweredQuestion !== undefined,
      repurchaseIntent: input.repurchaseIntent !== undefined,
    });
    const dimensionScores = {
      product: scoreOf(input.productRating),
      attitude: scoreOf(input.staffAttitude),
      speed: scoreOf(input.responseSpeed),
      service: scoreOf(input.overallService),
    };
    await recording().recordSurvey({
      attemptId: attempt.attemptId,
      callbackId: callback.callbackId,
      saleId: state.saleId,
      customerId: state.customerId,
      agentId: attempt.agentId,
      survey: input,
      score,
      dimensionScores,
      classification,
      recordedAt: attempt.recordedAt,
    });

    let feedbackCaseNo: string | null = null;
    const risks = { safetyHazard: input.safetyHazard, majorLoss: input.majorLoss, riskOfLosingCustomer: input.riskOfLosingCustomer };
    if (consequences.openFeedbackCase || Object.values(risks).some(Boolean)) {
      const openQuestion = input.unansweredQuestion !== undefined && (classification === 'satisfied' || classification === 'opinion');
      const caseClass = openQuestion ? 'unanswered_question' : classification;
      const start: FeedbackCaseStart = {
        sourceAttemptId: attempt.attemptId,
        saleId: state.saleId,
        callbackId: callback.callbackId,
        customerId: state.customerId,
        orderNo: state.orderNo,
        productModel: state.productModel,
        channel: input.method === 'questionnaire' ? 'QUESTIONNAIRE' : input.method === 'email' ? 'EMAIL' : 'PHONE',
        classification: caseClass,
        priority: casePriority(caseClass, risks),
        customerWords: [input.opinions, input.unansweredQuestion, ...(input.problems ?? [])].filter(Boolean).join('\n'),
        score,
        receivedAt: attempt.recordedAt,
        suggestion: suggestedAssignment(dimensionScores),
      };
      const { caseNo } = await recording().openFeedbackCase(start);
      feedbackCaseNo = caseNo;
      await startChild(FeedbackCase, {
        workflowId: `feedback-${caseNo}`,
        args: [{ ...start, caseNo, sourceAgentId: attempt.agentId }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    }
    if (consequences.notifyGeneralManagerNow) {
      await recording().notify({
        key: `external-complaint:${attempt.attemptId}`,
        recipient: 'general_manager',
        kind: 'external_complaint',
        saleId: state.saleId,
        callbackId: callback.callbackId,
        ...(feedbackCaseNo ? { caseNo: feedbackCaseNo } : {}),
        message: `Customer ${state.customerId} complained to the ${input.complainedTo}; feedback case ${feedbackCaseNo}`,
        at: attempt.recordedAt,
      });
    }
    if (consequences.createLead && input.repurchaseIntent) {
      await recording().createLead({
        leadId: `lead-${callback.callbackId}`,
        saleId: state.saleId,
        customerId: state.customerId,
        salesOwner,
        productInterest: input.repurchaseIntent,
        createdAt: attempt.recordedAt,
      });
      await recording().notify({
        key: `lead:${callback.callbackId}`,
        recipient: 'sales_owner',
        recipientId: salesOwner,
        kind: 'repurchase_lead',
        saleId: state.saleId,
        callbackId: callback.callbackId,
        message: `Repurchase lead from customer ${state.customerId} (sale ${state.saleId})`,
        at: attempt.recordedAt,
      });
    }
    const survey: SurveyView = {
      attemptId: attempt.attemptId,
      callbackId: callback.callbackId,
      method: input.method,
      score,
      classification,
      feedbackCaseNo,
      leadCreated: consequences.createLead,
      recordedAt: attempt.recordedAt,
    };
    return survey;
  }

  async function close(callback: CallbackPlanEntry, status: 'completed' | 'unreachable' | 'refused'): Promise<void> {
    callback.status = status;
    await recording().closeCallback({ callbackId: callback.callbackId, status, closedAt: nowIso() });
  }

  async function reschedule(callback: CallbackPlanEntry, dueAt: string): Promise<void> {
    callback.status = 'scheduled';
    callback.claimedBy = null;
    callback.dueAt = dueAt;
    await recording().rescheduleCallback({ callbackId: callback.callbackId, dueAt });
  }

  /** Sleeps until the callback is due, checks the due time against today's calendar, then opens it for agents. */
  async function followCallback(callback: CallbackPlanEntry): Promise<void> {
    while (!isFinal(callback) && !cancelled()) {
      if (callback.status === 'scheduled') {
        if (!(await waitUntilDue(callback))) return;
        if (patched(SERIALIZED_MESSAGES)) {
          await lockOf(callback.callbackId).runExclusive(() => open(callback));
          continue;
        }
        await opening().openCallback({ callbackId: callback.callbackId, dueAt: callback.dueAt, late: callback.late, openedAt: nowIso() });
        if (cancelled()) return;
        callback.status = 'due';
        showProgress(state);
      } else if (callback.status === 'questionnaire') {
        await awaitQuestionnaire(callback);
      } else {
        await condition(() => cancelled() || isFinal(callback) || callback.status === 'scheduled' || callback.status === 'questionnaire');
      }
    }
  }

  /** Opens a callback that fell due, unless a correction has moved it or the sale was cancelled while it waited its turn. */
  async function open(callback: CallbackPlanEntry): Promise<void> {
    if (cancelled() || callback.status !== 'scheduled' || Date.parse(callback.dueAt) > Date.now()) return;
    await opening().openCallback({ callbackId: callback.callbackId, dueAt: callback.dueAt, late: callback.late, openedAt: nowIso() });
    if (cancelled()) return;
    callback.status = 'due';
    showProgress(state);
  }

  /** False when the sale was cancelled while waiting. A correction moving the due time starts the wait again. */
  async function waitUntilDue(callback: CallbackPlanEntry): Promise<boolean> {
    for (;;) {
      const planned = callback.dueAt;
      const wait = Date.parse(planned) - Date.now();
      if (wait > 0 && (await condition(() => cancelled() || callback.dueAt !== planned, wait))) {
        if (cancelled()) return false;
        continue;
      }
      if (cancelled()) return false;
      // A time the customer chose is kept as it is.
      if (callback.agreedTime === callback.dueAt) return true;
      // The due time may have been planned before this year's holidays were published.
      const { calendar, callWindows: windows } = await opening().followUpSettings();
      if (callback.dueAt !== planned) continue;
      const dueAt = recheckDueAt(calendar, nowIso(), timeZone, windows);
      if (Date.parse(dueAt) <= Date.now()) return true;
      callback.dueAt = dueAt;
      showProgress(state);
    }
  }

  /** A questionnaire that does not come back is chased once, then the callback falls back to a phone call. */
  async function awaitQuestionnaire(callback: CallbackPlanEntry): Promise<void> {
    const answered = () => cancelled() || callback.status !== 'questionnaire';
    if (await condition(answered, QUESTIONNAIRE_WAIT)) return;
    await activities.notify({
      key: `questionnaire-chase:${callback.callbackId}:${callback.questionnaireSentAt}`,
      recipient: 'agent',
      ...(callback.claimedBy ? { recipientId: callback.claimedBy } : {}),
      kind: 'questionnaire_chase',
      saleId: state.saleId,
      callbackId: callback.callbackId,
      message: `The questionnaire of callback ${callback.callbackId} has not come back: chase it once`,
      at: nowIso(),
    });
    callback.questionnaireChased = true;
    if (await condition(answered, QUESTIONNAIRE_WAIT)) return;
    if (!patched(SERIALIZED_MESSAGES)) {
      const { calendar, callWindows: windows } = await activities.followUpSettings();
      await reschedule(callback, followingCallWindowStart(calendar, nowIso(), timeZone, windows));
      showProgress(state);
      return;
    }
    // The questionnaire may come back while it is this fall-back's turn.
    await lockOf(callback.callbackId).runExclusive(async () => {
      if (answered()) return;
      const { calendar, callWindows: windows } = await activities.followUpSettings();
      const draft = { ...callback };
      await reschedule(draft, followingCallWindowStart(calendar, nowIso(), timeZone, windows));
      Object.assign(callback, draft);
      showProgress(state);
    });
  }

  if (delivery) {
    const registering = patched(REGISTER_IN_ONE_TASK) ? localActivities : activities;
    const { registeredAt } = await registering.registerSale({ delivery, workflowId: workflowInfo().workflowId });
    state.registeredAt = registeredAt;
    state.stage = 'following';
    upsertSearchAttributes([{ key: FollowUpStageKey, value: state.stage }]);

    const settings = await registering.followUpSettings();
    timeZone = settings.timeZone;
    state.callbacks = planCallbacks({
      deliveredOn: delivery.deliveredOn,
      warrantyMonths: delivery.warrantyMonths,
      timeZone,
      calendar: settings.calendar,
      now: nowIso(),
      // Absent from settings recorded before call windows were configurable: the default windows apply.
      ...(settings.callWindows ? { callWindows: settings.callWindows } : {}),
    }).map((planned) => ({
      ...planned,
      callbackId: callbackId(delivery.saleId, planned.kind),
      status: 'scheduled',
      claimedBy: null,
      attempts: 0,
      unanswered: 0,
    }));
    await registering.scheduleCallbacks({
      saleId: delivery.saleId,
      customerId: delivery.customer.id,
      customerCategory: delivery.customer.category,
      callbacks: state.callbacks,
    });
    showProgress(state);
  }

  // Callbacks are independent of each other: the 3-month callback is due whatever became of the first.
  const followUps = state.callbacks.map(followCallback);
  const allFinal = () => state.callbacks.every(isFinal);
  const endedBefore = state.callbacks.filter(isFinal).length;
  let mayContinueAsNew = true;
  // Between callbacks: one has ended in this run (or Temporal suggests a new run), none is open, nothing is in flight.
  const betweenCallbacks = () =>
    mayContinueAsNew &&
    !cancelled() &&
    !allFinal() &&
    (state.callbacks.filter(isFinal).length > endedBefore || workflowInfo().continueAsNewSuggested) &&
    state.callbacks.every((c) => isFinal(c) || c.status === 'scheduled') &&
    locksFree() &&
    allHandlersFinished();
  for (;;) {
    await condition(() => cancelled() || allFinal() || betweenCallbacks());
    if (cancelled() || allFinal()) break;
    if (!patched(CONTINUE_AS_NEW_BETWEEN_CALLBACKS)) {
      // This run began before follow-ups continued as new: it goes on to its end as it began.
      mayContinueAsNew = false;
      continue;
    }
    await continuedRun<typeof SaleFollowUp>()({ continued: { state, salesOwner, timeZone, revision } });
  }

  if (state.cancellation) {
    // A claim or result being recorded finishes first: nothing is written for the sale after its cancellation.
    if (patched(SERIALIZED_MESSAGES)) await condition(() => allHandlersFinished() && locksFree());
    await activities.cancelSaleFollowUp({ saleId: state.saleId, ...state.cancellation });
    for (const callback of state.callbacks) {
      if (!isFinal(callback)) callback.status = 'cancelled';
    }
    state.stage = 'cancelled';
  } else {
    await Promise.all(followUps);
    state.stage = 'completed';
  }
  // A claim or result still being recorded finishes before the follow-up ends.
  await condition(allHandlersFinished);
  showProgress(state);
  return state;
}

function initialState(delivery: SaleDelivery): SaleFollowUpState {
  return {
    saleId: delivery.saleId,
    orderNo: delivery.orderNo,
    customerId: delivery.customer.id,
    customerCategory: delivery.customer.category,
    productModel: delivery.product.model,
    deliveredOn: delivery.deliveredOn,
    warrantyMonths: delivery.warrantyMonths,
    stage: 'registering',
    registeredAt: null,
    callbacks: [],
    attempts: [],
    surveys: [],
    cancellation: null,
  };
}

/** What operators filter by in the Temporal UI. */
function showProgress(state: SaleFollowUpState): void {
  const next = state.callbacks.filter((c) => !isFinal(c)).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  const updates: SearchAttributeUpdatePair[] = [
    { key: FollowUpStageKey, value: state.stage },
    { key: NextDueAtKey, value: next ? new Date(next.dueAt) : null },
    { key: LateKey, value: state.callbacks.some((c) => c.late) },
  ];
  upsertSearchAttributes(updates);
}
