import { DecimalType, PrimaryKeyProp } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Sale } from '../sales/sale.entity.js';
import { instant, oneOf, score100, text } from '../common/invariants.js';
import type { FeedbackCaseStart } from '../../workflows/call-results.js';
import type { FeedbackPriority } from '../../workflows/domain/classification.js';
import {
  CASE_STAGES,
  type CaseNature,
  type CaseScope,
  type CaseStage,
  type Department,
  type FeedbackCaseState,
  type StageDeadline,
} from '../../workflows/feedback-types.js';

export type FeedbackChannel = FeedbackCaseStart['channel'];
export type FeedbackCaseClass = FeedbackCaseStart['classification'];

export const FEEDBACK_CHANNELS: readonly FeedbackChannel[] = ['PHONE', 'QUESTIONNAIRE', 'EMAIL', 'OFFLINE', 'OTHER'];
export const FEEDBACK_CASE_CLASSES: readonly FeedbackCaseClass[] = [
  'complaint',
  'dissatisfied',
  'grievance',
  'opinion',
  'satisfied',
  'unanswered_question',
];
export const FEEDBACK_PRIORITIES: readonly FeedbackPriority[] = ['high', 'medium', 'low'];
/** DOMAIN §4: the workflow's stages (registered → assigned → in_progress → verifying → revisiting → closed). */
export const FEEDBACK_CASE_STAGES = CASE_STAGES;
export type FeedbackCaseStage = CaseStage;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** `YYYYMMDD-CHANNEL-NNN`, e.g. 20261123-PHONE-001. */
export const FEEDBACK_CASE_NO = /^(\d{8})-([A-Z]+)-(\d{3,})$/;

/** `YYYYMMDD-CHANNEL-NNN`: the company-time date the feedback arrived, its channel and the day's sequence (001, …, 999, 1000). */
export function feedbackCaseNo(day: string, channel: FeedbackChannel, sequence: number): string {
  const date = ISO_DATE.exec(day);
  if (!date) throw new Error(`day must be YYYY-MM-DD, got ${day}`);
  oneOf(channel, FEEDBACK_CHANNELS, 'channel');
  if (!Number.isInteger(sequence) || sequence < 1) throw new Error(`sequence must be a positive integer, got ${sequence}`);
  return `${date[1]}${date[2]}${date[3]}-${channel}-${String(sequence).padStart(3, '0')}`;
}

/** A feedback case (客户信息反馈单) as registered; its handling is the FeedbackCase workflow's. */
@Entity({ tableName: 'feedback_case' })
export class FeedbackCase {
  declare [PrimaryKeyProp]?: 'caseNo';

  @PrimaryKey({ type: 'string', length: 40 })
  caseNo: string;

  /** The attempt that raised the case: one case per attempt, however often it is opened. */
  @Unique({ name: 'feedback_case_source_attempt_id_unique' })
  @Property({ type: 'string', length: 100 })
  sourceAttemptId: string;

  @ManyToOne(() => Sale)
  sale: Sale;

  @Property({ type: 'string', length: 80 })
  callbackId: string;

  @Property({ type: 'string', length: 64 })
  customerId: string;

  @Property({ type: 'string', length: 64 })
  orderNo: string;

  @Property({ type: 'string', length: 100 })
  productModel: string;

  @Property({ type: 'string', length: 16 })
  channel: FeedbackChannel;

  @Property({ type: 'string', length: 24 })
  classification: FeedbackCaseClass;

  @Property({ type: 'string', length: 8 })
  priority: FeedbackPriority;

  /** The customer's own words, not paraphrased. */
  @Property({ type: 'text' })
  customerWords: string;

  @Property({ type: new DecimalType('number'), precision: 5, scale: 2, nullable: true })
  score: number | null;

  @Property({ type: 'datetime' })
  receivedAt: Date;

  // The rest mirrors the FeedbackCase workflow as of its latest recorded event (recordCaseEvent), for lists and reports.
  @Property({ type: 'string', length: 24 })
  stage: FeedbackCaseStage = 'registered';

  /** 1, then one more each time an unhappy customer sends the case back to be reprocessed. */
  @Property({ type: 'integer' })
  cycle: number = 1;

  @Property({ type: 'string', length: 16, nullable: true })
  department: Department | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  ownerId: string | null = null;

  @Property({ type: 'string', length: 24, nullable: true })
  nature: CaseNature | null = null;

  @Property({ type: 'string', length: 16, nullable: true })
  scope: CaseScope | null = null;

  /** When the current stage is due; null once closed or while carrying out a plan without deadlines. */
  @Property({ type: 'datetime', nullable: true })
  stageDueAt: Date | null = null;

  /** The business calendar the due time was counted with. */
  @Property({ type: 'string', length: 64, nullable: true })
  calendarVersion: string | null = null;

  /** The count touched a year whose official calendar was not loaded yet. */
  @Property({ type: 'boolean' })
  deadlineProvisional: boolean = false;

  @Property({ type: 'integer' })
  missedDeadlines: number = 0;

  @Property({ type: 'string', length: 16, nullable: true })
  resolution: 'resolved' | null = null;

  @Property({ type: 'datetime', nullable: true })
  closedAt: Date | null = null;

  /** The agent who took the call: never the independent re-visitor. */
  @Property({ type: 'string', length: 100, nullable: true })
  sourceAgentId: string | null = null;

  /** Where the survey's worst-rated dimension pointed, for the manager who assigns. */
  @Property({ type: 'json', nullable: true })
  suggestion: FeedbackCaseState['suggestion'] = null;

  // As of the latest recorded event, so that the case reads the same once its workflow is gone (null before they were kept).
  @Property({ type: 'json', nullable: true })
  handlers: string[] | null = null;

  @Property({ type: 'json', nullable: true })
  deadlines: StageDeadline[] | null = null;

  @Property({ type: 'datetime', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(props: { caseNo: string; sale: Sale; start: FeedbackCaseStart }) {
    const { start, sale } = props;
    if (start.saleId !== sale.id) throw new Error(`sale ${start.saleId} is not ${sale.id}`);
    if (start.customerId !== sale.customer.id) throw new Error(`customer ${start.customerId} is not the customer of sale ${sale.id}`);
    this.channel = oneOf(start.channel, FEEDBACK_CHANNELS, 'channel');
    const caseNo = FEEDBACK_CASE_NO.exec(props.caseNo);
    if (!caseNo || caseNo[2] !== this.channel) {
      throw new Error(`case number ${props.caseNo} is not YYYYMMDD-${this.channel}-NNN`);
    }
    this.caseNo = props.caseNo;
    this.sourceAttemptId = text(start.sourceAttemptId, 'sourceAttemptId', 100);
    this.sale = sale;
    this.callbackId = text(start.callbackId, 'callbackId', 80);
    this.customerId = start.customerId;
    this.orderNo = text(start.orderNo, 'orderNo', 64);
    this.productModel = text(start.productModel, 'productModel', 100);
    this.classification = oneOf(start.classification, FEEDBACK_CASE_CLASSES, 'classification');
    this.priority = oneOf(start.priority, FEEDBACK_PRIORITIES, 'priority');
    if (typeof start.customerWords !== 'string') throw new Error('customerWords must be the customer\'s own words');
    this.customerWords = start.customerWords;
    this.score = score100(start.score, 'score');
    this.receivedAt = instant(start.receivedAt, 'receivedAt');
    this.suggestion = start.suggestion ?? null;
  }
}

/** The last case number handed out per company-time day and channel; see openFeedbackCase. */
@Entity({ tableName: 'feedback_case_sequence' })
export class FeedbackCaseSequence {
  @PrimaryKey({ type: 'date' })
  day: string;

  @PrimaryKey({ type: 'string', length: 16 })
  channel: FeedbackChannel;

  @Property({ type: 'integer' })
  last: number;

  constructor(props: { day: string; channel: FeedbackChannel; last: number }) {
    if (!ISO_DATE.test(props.day)) throw new Error(`day must be YYYY-MM-DD, got ${props.day}`);
    if (!Number.isInteger(props.last) || props.last < 0) throw new Error('last must be a whole number');
    this.day = props.day;
    this.channel = oneOf(props.channel, FEEDBACK_CHANNELS, 'channel');
    this.last = props.last;
  }
}
