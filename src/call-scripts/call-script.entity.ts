import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { instant, oneOf, text } from '../common/invariants.js';
import {
  CALL_SCRIPT_KINDS,
  MAX_SCRIPT_HINT,
  MAX_SCRIPT_QUESTIONS,
  MAX_SCRIPT_TEXT,
  scriptProblems,
  scriptTexts,
  type CallScriptKind,
  type CallScriptSteps,
} from './call-script-content.js';

/** The call script (回访话术) agents follow for one kind of callback, or for the re-visit of a feedback case. */
@Entity({ tableName: 'call_script' })
export class CallScript {
  @PrimaryKey({ type: 'string', length: 32 })
  kind: CallScriptKind;

  @Property({ type: 'string', length: 100 })
  title: string;

  @Property({ type: 'json' })
  steps: CallScriptSteps;

  /** 1 as seeded, one more with every edit. */
  @Property({ type: 'integer' })
  version: number;

  @Property({ type: 'string', length: 100 })
  updatedBy: string;

  @Property({ type: 'datetime' })
  updatedAt: Date;

  constructor(props: { kind: CallScriptKind; title: string; steps: CallScriptSteps; version: number; updatedBy: string; updatedAt: Date | string }) {
    this.kind = oneOf(props.kind, CALL_SCRIPT_KINDS, 'kind');
    this.title = text(props.title, 'title', 100);
    this.steps = checkedSteps(this.kind, props.steps);
    if (!Number.isInteger(props.version) || props.version < 1) throw new Error(`version must be a positive integer, got ${props.version}`);
    this.version = props.version;
    this.updatedBy = text(props.updatedBy, 'updatedBy', 100);
    this.updatedAt = instant(props.updatedAt, 'updatedAt');
  }
}

function checkedSteps(kind: CallScriptKind, steps: CallScriptSteps): CallScriptSteps {
  if (!Array.isArray(steps?.questions) || steps.questions.length < 1 || steps.questions.length > MAX_SCRIPT_QUESTIONS) {
    throw new Error(`steps.questions must hold 1 to ${MAX_SCRIPT_QUESTIONS} questions`);
  }
  for (const [field, value] of scriptTexts(steps)) text(value, `steps.${field}`, field.endsWith('.hint') ? MAX_SCRIPT_HINT : MAX_SCRIPT_TEXT);
  const [problem] = scriptProblems(kind, steps);
  if (problem) throw new Error(`${problem.field}: ${problem.problems.join('; ')}`);
  return steps;
}
