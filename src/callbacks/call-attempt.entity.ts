import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Callback } from './callback.entity.js';
import { instant, oneOf, optionalText, text } from '../common/invariants.js';
import { CALL_OUTCOMES, type CallOutcome } from '../../workflows/call-results.js';
import { CALLBACK_STATUSES, type CallbackStatus } from '../../workflows/callback-types.js';

/** Outcomes an agent gives a reason for (不方便, refused). */
const OUTCOMES_WITH_REASON: readonly CallOutcome[] = ['busy', 'refused'];
/** Outcomes that name when the customer is tried again. */
const OUTCOMES_WITH_NEXT_TRY: readonly CallOutcome[] = ['busy', 'no_answer'];

/** One call an agent made for a callback (回访话术 outcome), keyed by the attempt id the agent's client chose. */
@Entity({ tableName: 'call_attempt' })
export class CallAttempt {
  @PrimaryKey({ type: 'string', length: 100 })
  id: string;

  @ManyToOne(() => Callback)
  callback: Callback;

  @Property({ type: 'string', length: 100 })
  agentId: string;

  @Property({ type: 'string', length: 24 })
  outcome: CallOutcome;

  /** The reason the customer gave (busy, refused). */
  @Property({ type: 'text', nullable: true })
  reason: string | null;

  /** Busy: the time the customer chose; no answer: the next try. */
  @Property({ type: 'datetime', nullable: true })
  nextTryAt: Date | null;

  @Property({ type: 'datetime' })
  recordedAt: Date;

  /** The callback's status right after this attempt: what a repeat of the attempt is answered with. */
  @Property({ type: 'string', length: 16, nullable: true })
  callbackStatus: CallbackStatus | null;

  @Property({ type: 'datetime', onCreate: () => new Date() })
  createdAt: Date = new Date();

  constructor(props: {
    id: string;
    callback: Callback;
    agentId: string;
    outcome: CallOutcome;
    reason?: string | null;
    nextTryAt?: Date | string | null;
    recordedAt: Date | string;
    callbackStatus?: CallbackStatus | null;
  }) {
    this.id = text(props.id, 'attemptId', 100);
    this.callback = props.callback;
    this.agentId = text(props.agentId, 'agentId', 100);
    this.outcome = oneOf(props.outcome, CALL_OUTCOMES, 'outcome');
    this.reason = optionalText(props.reason, 'reason', 2000);
    this.nextTryAt = props.nextTryAt === undefined || props.nextTryAt === null ? null : instant(props.nextTryAt, 'nextTryAt');
    this.recordedAt = instant(props.recordedAt, 'recordedAt');
    this.callbackStatus = props.callbackStatus === undefined || props.callbackStatus === null ? null : oneOf(props.callbackStatus, CALLBACK_STATUSES, 'callbackStatus');
    if (OUTCOMES_WITH_REASON.includes(this.outcome) && this.reason === null) {
      throw new Error(`a ${this.outcome} attempt must give the customer's reason`);
    }
    if (this.outcome === 'busy' && this.nextTryAt === null) {
      throw new Error('a busy attempt must give the time the customer chose (nextTryAt)');
    }
    if (this.nextTryAt !== null && !OUTCOMES_WITH_NEXT_TRY.includes(this.outcome)) {
      throw new Error(`a ${this.outcome} attempt has no next try`);
    }
  }
}
