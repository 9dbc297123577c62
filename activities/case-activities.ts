import { LockMode, type MikroORM } from '@mikro-orm/postgresql';
import { insertIgnoringConflict } from '../src/database/insert-ignoring-conflict.js';
import { ApplicationFailure } from '@temporalio/common';
import { optionalText } from '../src/common/invariants.js';
import { CaseEventRecord } from '../src/feedback/case-event.entity.js';
import { CorrectiveAction, type CorrectiveActionKind } from '../src/feedback/corrective-action.entity.js';
import { FEEDBACK_PRIORITIES, FeedbackCase } from '../src/feedback/feedback-case.entity.js';
import type { FeedbackPriority } from '../workflows/domain/classification.js';
import {
  CASE_NATURES,
  CASE_SCOPES,
  CASE_STAGES,
  DEPARTMENTS,
  type CaseEvent,
  type CaseNature,
  type CaseScope,
  type CaseStage,
  type Department,
  type Measure,
  type StageDeadline,
} from '../workflows/feedback-types.js';

export interface CaseActivityDeps {
  orm: MikroORM;
}

/** The case as the workflow sees it right after the event: what the feedback_case row shows for lists and reports. */
export interface CaseSnapshot {
  stage: CaseStage;
  cycle: number;
  priority: FeedbackPriority;
  department: Department | null;
  ownerId: string | null;
  nature: CaseNature | null;
  scope: CaseScope | null;
  stageDueAt: string | null;
  calendarVersion: string | null;
  deadlineProvisional: boolean;
  missedDeadlines: number;
  resolution: 'resolved' | null;
  closedAt: string | null;
  /** Absent from workflows that ran before the case row kept them. */
  handlers?: string[];
  /**
   * The case's last stage deadlines, from the `deadlinesFrom`-th on: an event changes at most the last two (it closes
   * one and opens the next, or marks one missed), so the history does not carry every deadline with every event.
   */
  deadlines?: StageDeadline[];
  deadlinesFrom?: number;
}

// Bad input from the workflow is a bug a retry cannot fix: fail the activity for good, naming the field.
function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'InvalidCaseEvent');
}

const unknownCase = (caseNo: string) => ApplicationFailure.nonRetryable(`feedback case ${caseNo} is not registered`, 'UnknownCase');

/** Runs an entity's or field's checks, turning a broken invariant into a non-retryable failure. */
function check<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw invalid(`${what}: ${(err as Error).message}`);
  }
}

function requireCaseNo(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 40) {
    throw invalid(`caseNo must be a non-empty string of at most 40 characters, got ${String(value)}`);
  }
  return value;
}

function nullableOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw invalid(`${name} must be one of ${allowed.join(', ')} or null, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function nullableInstant(value: unknown, name: string): Date | null {
  if (value === null || value === undefined) return null;
  const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw invalid(`${name} must be an ISO 8601 instant or null, got ${JSON.stringify(value)}`);
  return date;
}

function count(value: unknown, name: string, min: number): number {
  if (!Number.isInteger(value) || (value as number) < min) throw invalid(`${name} must be an integer of at least ${min}, got ${String(value)}`);
  return value as number;
}

/** The columns of feedback_case the snapshot sets, checked first: the row never takes a value its checks would refuse. */
function snapshotColumns(snapshot: CaseSnapshot): Partial<FeedbackCase> {
  if (typeof snapshot !== 'object' || snapshot === null) throw invalid('snapshot is required');
  const stage = nullableOneOf(snapshot.stage, CASE_STAGES, 'snapshot.stage');
  const priority = nullableOneOf(snapshot.priority, FEEDBACK_PRIORITIES, 'snapshot.priority');
  if (stage === null || priority === null) throw invalid('snapshot.stage and snapshot.priority are required');
  if (typeof snapshot.deadlineProvisional !== 'boolean') throw invalid('snapshot.deadlineProvisional must be true or false');
  if (snapshot.resolution !== null && snapshot.resolution !== 'resolved') {
    throw invalid(`snapshot.resolution must be resolved or null, got ${String(snapshot.resolution)}`);
  }
  return {
    stage,
    cycle: count(snapshot.cycle, 'snapshot.cycle', 1),
    priority,
    department: nullableOneOf(snapshot.department, DEPARTMENTS, 'snapshot.department'),
    ownerId: check('snapshot.ownerId', () => optionalText(snapshot.ownerId, 'ownerId', 100)),
    nature: nullableOneOf(snapshot.nature, CASE_NATURES, 'snapshot.nature'),
    scope: nullableOneOf(snapshot.scope, CASE_SCOPES, 'snapshot.scope'),
    stageDueAt: nullableInstant(snapshot.stageDueAt, 'snapshot.stageDueAt'),
    calendarVersion: check('snapshot.calendarVersion', () => optionalText(snapshot.calendarVersion, 'calendarVersion', 64)),
    deadlineProvisional: snapshot.deadlineProvisional,
    missedDeadlines: count(snapshot.missedDeadlines, 'snapshot.missedDeadlines', 0),
    resolution: snapshot.resolution,
    closedAt: nullableInstant(snapshot.closedAt, 'snapshot.closedAt'),
    ...(snapshot.handlers === undefined ? {} : { handlers: list(snapshot.handlers, 'snapshot.handlers', (h) => typeof h === 'string') }),
  };
}

/** The case's deadlines after the snapshot: the ones kept before its `deadlinesFrom`-th, then the snapshot's. */
function deadlinesAfter(kept: StageDeadline[] | null, snapshot: CaseSnapshot): StageDeadline[] | undefined {
  if (snapshot.deadlines === undefined) return undefined;
  const tail = list(snapshot.deadlines, 'snapshot.deadlines', (d) => typeof d === 'object' && d !== null && typeof d.dueAt === 'string');
  const from = snapshot.deadlinesFrom ?? 0;
  if (!Number.isInteger(from) || from < 0) throw invalid(`snapshot.deadlinesFrom must be a whole number, got ${String(from)}`);
  return [...(kept ?? []).slice(0, from), ...tail];
}

function list<T>(value: T[], name: string, valid: (item: T) => boolean): T[] {
  if (!Array.isArray(value) || !value.every(valid)) throw invalid(`${name} must be a list of the workflow's entries`);
  return value;
}


/** The plan's measures of an 'analysed' event, numbered per kind in the order given. */
function correctiveActions(caseNo: string, event: CaseEvent): CorrectiveAction[] {
  if (event.type !== 'analysed') return [];
  const lists: [CorrectiveActionKind, unknown][] = [
    ['short_term', event.details?.shortTermMeasures],
    ['long_term', event.details?.longTermMeasures],
  ];
  return lists.flatMap(([kind, measures]) => {
    if (measures === undefined) return [];
    if (!Array.isArray(measures)) throw invalid(`event.details of an analysed event: ${kind} measures must be a list`);
    return (measures as Measure[]).map((measure, index) =>
      check(`${kind} measure ${index} of ${event.eventId}`, () => {
        if (typeof measure !== 'object' || measure === null) throw new Error('must be { description, deadline }');
        return new CorrectiveAction({ caseNo, cycle: event.cycle, kind, index, description: measure.description, deadline: measure.deadline });
      }),
    );
  });
}

/** The agent who took the call, when the registration names one: kept out of the case's re-visit. */
function sourceAgentOf(event: CaseEvent): string | null {
  if (event.type !== 'registered') return null;
  const given = event.details?.sourceAgentId ?? (event.actor?.role === 'agent' ? event.actor.id : undefined);
  return check('sourceAgentId of the registration', () => optionalText(given, 'sourceAgentId', 100));
}

export function createCaseActivities({ orm }: CaseActivityDeps) {
  return {
    /**
     * Records one event of a case's timeline once per event id, and with it the case row's new state. Only the run
     * that inserts the event updates the row: a retried old event never rolls the row back past later events.
     * An 'analysed' event also records its plan's measures as corrective actions, once each.
     */
    async recordCaseEvent(input: { caseNo: string; event: CaseEvent; snapshot: CaseSnapshot }): Promise<void> {
      if (typeof input !== 'object' || input === null) throw invalid('the case event is required');
      const caseNo = requireCaseNo(input.caseNo);
      const em = orm.em.fork();
      const event = check(`event of case ${caseNo}`, () => new CaseEventRecord({ feedbackCase: em.getReference(FeedbackCase, caseNo), event: input.event }));
      const columns = snapshotColumns(input.snapshot);
      const actions = correctiveActions(caseNo, input.event);
      const sourceAgentId = sourceAgentOf(input.event);

      await em.transactional(async (tx) => {
        // The lock orders concurrent events of one case, so the row always ends with the last inserted one.
        const feedbackCase = await tx.findOne(FeedbackCase, caseNo, {
          lockMode: LockMode.PESSIMISTIC_WRITE,
          fields: ['caseNo', 'sourceAgentId', 'deadlines'],
          disableIdentityMap: true,
        });
        if (!feedbackCase) throw unknownCase(caseNo);
        const inserted = await insertIgnoringConflict(tx, CaseEventRecord, event, 'eventId');
        if (!inserted) {
          const [existing] = await tx.execute<{ case_no: string }[]>(`select "case_no" from "case_event" where "event_id" = ?`, [event.eventId]);
          if (existing && existing.case_no !== caseNo) throw invalid(`event ${event.eventId} was recorded for case ${existing.case_no}, not ${caseNo}`);
        } else {
          const agent = sourceAgentId !== null && feedbackCase.sourceAgentId === null ? { sourceAgentId } : {};
          const deadlines = deadlinesAfter(feedbackCase.deadlines, input.snapshot);
          await tx.nativeUpdate(FeedbackCase, { caseNo }, { ...columns, ...agent, ...(deadlines ? { deadlines } : {}), updatedAt: new Date() });
        }
        for (const action of actions) await insertIgnoringConflict(tx, CorrectiveAction, action, 'id');
      });
    },
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
