// Checks a request body in the browser exactly as the API will: against the request schemas of the API's own OpenAPI
// document (lengths, patterns, ranges, enums, required and unknown fields, written there from the API's validators) and
// the rules the document cannot state, generated from the API's code into rules.json (a score or grade belongs to its
// scale; each call outcome has its own fields). Field names are the API's: survey.overall.score.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { components } from './openapi.json';
import rules from './rules.json';
import type { Schemas } from './client';
// Compiled ahead of time by npm run api:client: the page's Content-Security-Policy forbids compiling code here.
import * as validators from './validators.js';

export type SchemaName = keyof Schemas;
export interface FieldProblem {
  field: string;
  problems: string[];
}

type JsonSchema = { type?: string; properties?: Record<string, JsonSchema>; items?: JsonSchema; $ref?: string; allOf?: JsonSchema[]; required?: string[] } & Record<string, unknown>;

const schemaOf = (name: SchemaName): JsonSchema => components.schemas[name];

function resolve(schema: JsonSchema | undefined): JsonSchema | undefined {
  const ref = schema?.$ref ?? schema?.allOf?.[0]?.$ref;
  return ref ? (components.schemas as Record<string, JsonSchema>)[ref.split('/').pop()!] : schema;
}

/** The schema of one field of a request body, following the document's references: `survey.overall.score`. */
export function fieldSchema(name: SchemaName, path: string): { schema: JsonSchema; required: boolean } | undefined {
  let schema: JsonSchema | undefined = schemaOf(name);
  let required = false;
  for (const part of path.split('.')) {
    schema = resolve(schema);
    if (/^\d+$/.test(part)) schema = resolve(schema?.items);
    else {
      required = schema?.required?.includes(part) ?? false;
      schema = schema?.properties?.[part];
    }
    if (!schema) return undefined;
  }
  return { schema: resolve(schema) ?? schema, required };
}

const pathOf = (error: ErrorObject) => {
  const base = error.instancePath.split('/').filter(Boolean);
  if (error.keyword === 'required') base.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') base.push(String(error.params.additionalProperty));
  return base.join('.');
};

function messageOf(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a field of this form';
    case 'pattern':
      return error.params.pattern === '\\S' ? 'must not be blank' : `must match ${error.params.pattern}`;
    default:
      return error.message ?? error.keyword;
  }
}

type Answer = { scale?: string; score?: unknown; grade?: unknown };
const scoreRanges = rules.scoreRanges as Record<string, { min: number; max: number }>;
const grades = rules.grades as Record<string, string[]>;

/** The per-scale rule of one rating (src/callbacks/dto/survey-record.dto.ts IsScoreOfScale / IsGradeOfScale). */
function answerProblems(answer: Answer | undefined, at: string): FieldProblem[] {
  if (!answer || !rules.surveyScales.includes(answer.scale ?? '')) return [];
  const scale = answer.scale!;
  const found: FieldProblem[] = [];
  const range = scoreRanges[scale];
  if (range || answer.score !== undefined) {
    const ok = range && typeof answer.score === 'number' && Number.isFinite(answer.score) && answer.score >= range.min && answer.score <= range.max;
    if (!ok) found.push({ field: `${at}.score`, problems: [range ? `must be a number from ${range.min} to ${range.max} on the ${scale} scale` : `does not belong to the ${scale} scale`] });
  }
  const allowed = grades[scale];
  if (allowed || answer.grade !== undefined) {
    if (!allowed || typeof answer.grade !== 'string' || !allowed.includes(answer.grade)) {
      found.push({ field: `${at}.grade`, problems: [allowed ? `must be one of the ${scale} grades: ${allowed.join(', ')}` : `does not belong to the ${scale} scale`] });
    }
  }
  return found;
}

export const RATINGS = ['overall', 'productRating', 'staffAttitude', 'responseSpeed', 'overallService'] as const;
const outcomeFields = rules.outcomeFields as Record<string, string[]>;
const OUTCOME_FIELD_NAMES = [...new Set(Object.values(outcomeFields).flat())];

/** Rules beyond the schema, for the bodies that have them. */
function extraProblems(name: SchemaName, body: Record<string, unknown>, prefix = ''): FieldProblem[] {
  if (name === 'SurveyRecordDto') return RATINGS.flatMap((rating) => answerProblems(body[rating] as Answer | undefined, `${prefix}${rating}`));
  if (name === 'CallResultDto') {
    const outcome = String(body.outcome);
    const owned = outcomeFields[outcome];
    const found: FieldProblem[] = [];
    if (owned) {
      for (const field of OUTCOME_FIELD_NAMES) {
        if (body[field] !== undefined && !owned.includes(field)) {
          const owners = Object.keys(outcomeFields).filter((o) => outcomeFields[o]?.includes(field));
          found.push({ field, problems: [`does not belong to outcome ${outcome}; only to ${owners.join(', ')}`] });
        } else if (body[field] === undefined && owned.includes(field)) found.push({ field, problems: ['is required'] });
      }
    }
    if (body.survey && typeof body.survey === 'object') found.push(...extraProblems('SurveyRecordDto', body.survey as Record<string, unknown>, 'survey.'));
    return found;
  }
  return [];
}

/** Every problem of a request body, by field, as the API's 400 answer would name them; empty when it would pass. */
export function validateBody(name: SchemaName, body: Record<string, unknown>): FieldProblem[] {
  const validate = (validators as Partial<Record<SchemaName, ValidateFunction>>)[name];
  if (!validate) throw new Error(`${name} is not a request body of the API; npm run api:client compiles only those`);
  const byField = new Map<string, string[]>();
  const add = ({ field, problems }: FieldProblem) => byField.set(field, [...(byField.get(field) ?? []), ...problems]);
  if (!validate(body)) for (const error of validate.errors ?? []) add({ field: pathOf(error), problems: [messageOf(error)] });
  for (const problem of extraProblems(name, body)) add(problem);
  return [...byField].map(([field, problems]) => ({ field, problems: [...new Set(problems)] }));
}
