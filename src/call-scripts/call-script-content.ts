import { CALLBACK_KINDS } from '../../workflows/callback-types.js';

/** A script for each kind of callback, and one for the independent re-visit of a feedback case. */
export const CALL_SCRIPT_KINDS = [...CALLBACK_KINDS, 'revisit'] as const;
export type CallScriptKind = (typeof CALL_SCRIPT_KINDS)[number];

/**
 * What a script may name, filled in by the page from what it shows the agent. None of them is a customer's name or
 * phone number: the script reads the same whoever looks at it.
 */
export const PLACEHOLDERS = {
  agentName: 'the calling agent\'s display name',
  contactTitle: "the contact's title, e.g. 设备科科长 (empty when the contact has none)",
  productModel: 'the product model, e.g. XR-200',
  deliveredOn: 'the delivery date, e.g. 2026-11-20',
  warrantyEndsOn: 'the day the warranty ends: delivery date plus the warranty months',
  caseNo: 'the feedback case number (re-visit only)',
  receivedOn: 'the date the feedback case was received (re-visit only)',
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;
export const PLACEHOLDER_NAMES = Object.keys(PLACEHOLDERS) as Placeholder[];

const REVISIT_ONLY: readonly Placeholder[] = ['caseNo', 'receivedOn'];
export const placeholdersOf = (kind: CallScriptKind): Placeholder[] =>
  PLACEHOLDER_NAMES.filter((name) => kind === 'revisit' || !REVISIT_ONLY.includes(name));

/** The survey record's fields (DOMAIN §3) a callback question fills in. */
export const SURVEY_ANSWER_FIELDS = [
  'usage',
  'overall',
  'productRating',
  'staffAttitude',
  'responseSpeed',
  'overallService',
  'opinions',
  'problems',
  'unansweredQuestion',
  'repurchaseIntent',
  'complainedTo',
] as const;
/** The re-visit's fields (POST /feedback-cases/:caseNo/revisit) a re-visit question fills in. */
export const REVISIT_ANSWER_FIELDS = ['satisfied', 'score', 'customerWords'] as const;
export const ANSWER_FIELDS = [...SURVEY_ANSWER_FIELDS, ...REVISIT_ANSWER_FIELDS] as const;
export type AnswerField = (typeof ANSWER_FIELDS)[number];
export const answerFieldsOf = (kind: CallScriptKind): readonly AnswerField[] => (kind === 'revisit' ? REVISIT_ANSWER_FIELDS : SURVEY_ANSWER_FIELDS);

export interface ScriptQuestion {
  /** What the agent asks. */
  ask: string;
  /** A note for the agent, not read out, e.g. （如实记录客户原话）. */
  hint?: string;
  /** The form field the answer goes into. */
  answer?: AnswerField;
}

/**
 * The steps the call page walks, in order. Two steps branch: a contact who is not the product's user leads to
 * `identity.ifNo` (record the actual user: outcome wrong_person, then go on with them); a contact for whom now is not
 * convenient leads to `convenience.ifNo` (ask for a time: outcome busy, then its closing).
 */
export interface CallScriptSteps {
  opening: { say: string };
  identity: { ask: string; ifNo: { say: string } };
  convenience: { ask: string; ifNo: { say: string; closing: string } };
  questions: ScriptQuestion[];
  closing: { say: string };
}

export const MAX_SCRIPT_TEXT = 2000;
export const MAX_SCRIPT_HINT = 500;
export const MAX_SCRIPT_QUESTIONS = 30;

const BRACED = /\{([^{}]*)\}/g;

/** What is wrong with the placeholders of one text: unknown names, names this kind cannot fill, stray braces. */
export function placeholderProblems(text: string, allowed: readonly string[]): string[] {
  const problems: string[] = [];
  for (const [, name] of text.matchAll(BRACED)) {
    if (!allowed.includes(name)) problems.push(`{${name}} is not a placeholder here; use ${allowed.map((p) => `{${p}}`).join(', ')}`);
  }
  if (/[{}]/.test(text.replace(BRACED, ''))) problems.push('a brace that opens or closes no placeholder');
  return problems;
}

/** Every text of the steps with its dotted path, e.g. `questions.2.ask`. */
export function scriptTexts(steps: CallScriptSteps): [string, string][] {
  return [
    ['opening.say', steps.opening.say],
    ['identity.ask', steps.identity.ask],
    ['identity.ifNo.say', steps.identity.ifNo.say],
    ['convenience.ask', steps.convenience.ask],
    ['convenience.ifNo.say', steps.convenience.ifNo.say],
    ['convenience.ifNo.closing', steps.convenience.ifNo.closing],
    ...steps.questions.flatMap((q, i): [string, string][] => [[`questions.${i}.ask`, q.ask], ...(q.hint === undefined ? [] : [[`questions.${i}.hint`, q.hint] as [string, string]])]),
    ['closing.say', steps.closing.say],
  ];
}

/** The problems of a script for its kind, by field: placeholders it cannot fill, answers that are not its form's fields. */
export function scriptProblems(kind: CallScriptKind, steps: CallScriptSteps): { field: string; problems: string[] }[] {
  const allowed = placeholdersOf(kind);
  const fields = answerFieldsOf(kind);
  const found = scriptTexts(steps).map(([field, text]) => ({ field: `steps.${field}`, problems: placeholderProblems(text, allowed) }));
  steps.questions.forEach((question, i) => {
    if (question.answer !== undefined && !fields.includes(question.answer)) {
      found.push({ field: `steps.questions.${i}.answer`, problems: [`${question.answer} is not a field of the ${kind} form; use ${fields.join(', ')}`] });
    }
  });
  return found.filter((p) => p.problems.length > 0);
}
