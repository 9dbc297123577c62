import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { instant, oneOf, text } from '../common/invariants.js';
import { CASE_ROLES, type CaseEvent, type CaseRole } from '../../workflows/feedback-types.js';
import { FeedbackCase } from './feedback-case.entity.js';

export type CaseEventType = CaseEvent['type'];
export const CASE_EVENT_TYPES: readonly CaseEventType[] = [
  'registered',
  'assigned',
  'analysed',
  'done_reported',
  'verified',
  'verification_failed',
  'revisited',
  'reprocessed',
  'closed',
  'warning',
  'escalated',
];

/** One entry of a feedback case's timeline, as the FeedbackCase workflow recorded it; written once per event id. */
@Entity({ tableName: 'case_event' })
export class CaseEventRecord {
  @PrimaryKey({ type: 'string', length: 200 })
  eventId: string;

  @ManyToOne(() => FeedbackCase, { fieldName: 'case_no' })
  feedbackCase: FeedbackCase;

  @Property({ type: 'string', length: 24 })
  type: CaseEventType;

  @Property({ type: 'datetime' })
  at: Date;

  @Property({ type: 'integer' })
  cycle: number;

  @Property({ type: 'string', length: 100, nullable: true })
  actorId: string | null;

  @Property({ type: 'string', length: 24, nullable: true })
  actorRole: CaseRole | null;

  @Property({ type: 'json', nullable: true })
  details: Record<string, unknown> | null;

  @Property({ type: 'datetime', onCreate: () => new Date() })
  createdAt: Date = new Date();

  constructor(props: { feedbackCase: FeedbackCase; event: CaseEvent }) {
    const { event } = props;
    if (typeof event !== 'object' || event === null) throw new Error('event is required');
    this.eventId = text(event.eventId, 'event.eventId', 200);
    this.feedbackCase = props.feedbackCase;
    this.type = oneOf(event.type, CASE_EVENT_TYPES, 'event.type');
    this.at = instant(event.at, 'event.at');
    if (!Number.isInteger(event.cycle) || event.cycle < 1) throw new Error(`event.cycle must be a positive integer, got ${String(event.cycle)}`);
    this.cycle = event.cycle;
    if (event.actor !== undefined && event.actor !== null) {
      this.actorId = text(event.actor.id, 'event.actor.id', 100);
      this.actorRole = oneOf(event.actor.role, CASE_ROLES, 'event.actor.role');
    } else {
      this.actorId = null;
      this.actorRole = null;
    }
    if (event.details !== undefined && (typeof event.details !== 'object' || event.details === null || Array.isArray(event.details))) {
      throw new Error('event.details must be an object');
    }
    this.details = event.details ?? null;
  }
}
