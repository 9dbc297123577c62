import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { instant, oneOf, text } from '../common/invariants.js';

export const CORRECTIVE_ACTION_KINDS = ['short_term', 'long_term'] as const;
export type CorrectiveActionKind = (typeof CORRECTIVE_ACTION_KINDS)[number];

/** `<caseNo>:<cycle>:<kind>:<index>`: a plan's measure, the same id however often the plan is recorded. */
export const correctiveActionId = (caseNo: string, cycle: number, kind: CorrectiveActionKind, index: number): string =>
  `${caseNo}:${cycle}:${kind}:${index}`;

/** One measure of a case's plan (纠正措施记录), short- or long-term, with its own deadline. */
@Entity({ tableName: 'corrective_action' })
export class CorrectiveAction {
  @PrimaryKey({ type: 'string', length: 120 })
  id: string;

  @Property({ type: 'string', length: 40 })
  caseNo: string;

  @Property({ type: 'integer' })
  cycle: number;

  @Property({ type: 'string', length: 16 })
  kind: CorrectiveActionKind;

  @Property({ type: 'text' })
  description: string;

  @Property({ type: 'datetime' })
  deadline: Date;

  @Property({ type: 'datetime', onCreate: () => new Date() })
  createdAt: Date = new Date();

  constructor(props: { caseNo: string; cycle: number; kind: CorrectiveActionKind; index: number; description: string; deadline: string | Date }) {
    if (!Number.isInteger(props.cycle) || props.cycle < 1) throw new Error(`cycle must be a positive integer, got ${String(props.cycle)}`);
    if (!Number.isInteger(props.index) || props.index < 0) throw new Error(`index must be a whole number, got ${String(props.index)}`);
    this.caseNo = text(props.caseNo, 'caseNo', 40);
    this.cycle = props.cycle;
    this.kind = oneOf(props.kind, CORRECTIVE_ACTION_KINDS, 'kind');
    this.id = correctiveActionId(this.caseNo, this.cycle, this.kind, props.index);
    this.description = text(props.description, `${this.kind} measure ${props.index}: description`, 10_000);
    this.deadline = instant(props.deadline, `${this.kind} measure ${props.index}: deadline`);
  }
}
