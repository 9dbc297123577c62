import { DecimalType } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Callback } from './callback.entity.js';
import { Sale } from '../sales/sale.entity.js';
import { answerText, instant, oneOf, score100, text } from '../common/invariants.js';
import {
  EXTERNAL_BODIES,
  SURVEY_METHODS,
  type ExternalBody,
  type SurveyAnswer,
  type SurveyMethod,
  type SurveyRecordInput,
} from '../../workflows/call-results.js';
import type { SurveyClass } from '../../workflows/domain/classification.js';
import type { CustomerCategory } from '../../workflows/sale-types.js';

export const SURVEY_CLASSES: readonly SurveyClass[] = ['complaint', 'dissatisfied', 'grievance', 'opinion', 'satisfied'];

const ANSWER_SCALES: readonly SurveyAnswer['scale'][] = [
  'score_0_to_100',
  'score_1_to_10',
  'score_1_to_5',
  'grade',
  'four_grades',
  'three_grades',
  'unrated',
];

/** The ratings as the customer gave them, before conversion to 100 points. */
export interface SurveyAnswers {
  overall: SurveyAnswer;
  productRating?: SurveyAnswer;
  staffAttitude?: SurveyAnswer;
  responseSpeed?: SurveyAnswer;
  overallService?: SurveyAnswer;
}

export interface DimensionScores {
  product: number | null;
  attitude: number | null;
  speed: number | null;
  service: number | null;
}

function answer(value: SurveyAnswer | undefined, name: string, required: boolean): SurveyAnswer | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'object' || value === null || !ANSWER_SCALES.includes(value.scale)) {
    throw new Error(`${name} must be an answer on one of the scales ${ANSWER_SCALES.join(', ')}`);
  }
  return value;
}

function flag(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new Error(`${name} must be true or false`);
  return value;
}

const decimal = () => new DecimalType('number');

/**
 * A completed survey (客户满意度调查记录表) with its 100-point scores and classification, keyed by the
 * attempt that recorded it. The customer's segment and the product are copied in so reports need no joins.
 */
@Entity({ tableName: 'survey_record' })
export class SurveyRecord {
  @PrimaryKey({ type: 'string', length: 100 })
  attemptId: string;

  @ManyToOne(() => Callback)
  callback: Callback;

  @ManyToOne(() => Sale)
  sale: Sale;

  @Property({ type: 'string', length: 64 })
  customerId: string;

  @Property({ type: 'string', length: 100 })
  agentId: string;

  @Property({ type: 'string', length: 16 })
  method: SurveyMethod;

  // Product usage: where it stands, who uses it, city, hours a day.
  @Property({ type: 'string', length: 200, nullable: true })
  usageLocation: string | null;

  @Property({ type: 'string', length: 200, nullable: true })
  usageUsedBy: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  usageCity: string | null;

  @Property({ type: decimal(), precision: 4, scale: 2, nullable: true })
  usageHoursPerDay: number | null;

  /** The survey's 100-point score; null when the customer gave neither a score nor a grade. */
  @Property({ type: decimal(), precision: 5, scale: 2, nullable: true })
  score: number | null;

  @Property({ type: decimal(), precision: 5, scale: 2, nullable: true })
  productScore: number | null;

  @Property({ type: decimal(), precision: 5, scale: 2, nullable: true })
  attitudeScore: number | null;

  @Property({ type: decimal(), precision: 5, scale: 2, nullable: true })
  speedScore: number | null;

  @Property({ type: decimal(), precision: 5, scale: 2, nullable: true })
  serviceScore: number | null;

  @Property({ type: 'string', length: 16 })
  classification: SurveyClass;

  @Property({ type: 'boolean' })
  saysDissatisfied: boolean;

  @Property({ type: 'string', length: 16, nullable: true })
  complainedTo: ExternalBody | null;

  @Property({ type: 'boolean' })
  complainedToManagement: boolean;

  @Property({ type: 'boolean' })
  seriousOpinion: boolean;

  /** The customer's own words, not paraphrased. */
  @Property({ type: 'text', nullable: true })
  opinions: string | null;

  @Property({ type: 'json' })
  problems: string[];

  @Property({ type: 'text', nullable: true })
  unansweredQuestion: string | null;

  @Property({ type: 'text', nullable: true })
  repurchaseIntent: string | null;

  @Property({ type: 'json' })
  answers: SurveyAnswers;

  // Copied from the sale and customer for reporting by segment and product.
  @Property({ type: 'string', length: 32 })
  customerCategory: CustomerCategory;

  @Property({ type: 'boolean' })
  keyAccount: boolean;

  @Property({ type: 'string', length: 100, nullable: true })
  customerRegion: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  customerIndustry: string | null;

  @Property({ type: 'string', length: 100 })
  productModel: string;

  @Property({ type: 'datetime' })
  recordedAt: Date;

  @Property({ type: 'datetime', onCreate: () => new Date() })
  createdAt: Date = new Date();

  /** `sale.customer` must be loaded: the customer's segment is copied from it. */
  constructor(props: {
    attemptId: string;
    callback: Callback;
    sale: Sale;
    customerId: string;
    agentId: string;
    survey: SurveyRecordInput;
    score: number | null;
    dimensionScores: DimensionScores;
    classification: SurveyClass;
    recordedAt: Date | string;
  }) {
    const { survey, sale } = props;
    if (props.callback.sale.id !== sale.id) throw new Error(`callback ${props.callback.id} is not a callback of sale ${sale.id}`);
    if (props.customerId !== sale.customer.id) throw new Error(`customer ${props.customerId} is not the customer of sale ${sale.id}`);
    if (typeof survey !== 'object' || survey === null) throw new Error('survey is required');
    this.attemptId = text(props.attemptId, 'attemptId', 100);
    this.callback = props.callback;
    this.sale = sale;
    this.customerId = props.customerId;
    this.agentId = text(props.agentId, 'agentId', 100);
    this.method = oneOf(survey.method, SURVEY_METHODS, 'survey.method');

    const usage = survey.usage ?? {};
    this.usageLocation = answerText(usage.location, 'survey.usage.location', 200);
    this.usageUsedBy = answerText(usage.usedBy, 'survey.usage.usedBy', 200);
    this.usageCity = answerText(usage.city, 'survey.usage.city', 100);
    const hours = usage.hoursPerDay;
    if (hours !== undefined && (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0 || hours > 24)) {
      throw new Error(`survey.usage.hoursPerDay must be a number from 0 to 24, got ${String(hours)}`);
    }
    this.usageHoursPerDay = hours ?? null;

    const dimensions = props.dimensionScores;
    if (typeof dimensions !== 'object' || dimensions === null) throw new Error('dimensionScores is required');
    this.score = score100(props.score, 'score');
    this.productScore = score100(dimensions.product, 'dimensionScores.product');
    this.attitudeScore = score100(dimensions.attitude, 'dimensionScores.attitude');
    this.speedScore = score100(dimensions.speed, 'dimensionScores.speed');
    this.serviceScore = score100(dimensions.service, 'dimensionScores.service');
    this.classification = oneOf(props.classification, SURVEY_CLASSES, 'classification');

    this.saysDissatisfied = flag(survey.saysDissatisfied, 'survey.saysDissatisfied');
    this.complainedTo = survey.complainedTo === undefined || survey.complainedTo === null ? null : oneOf(survey.complainedTo, EXTERNAL_BODIES, 'survey.complainedTo');
    this.complainedToManagement = flag(survey.complainedToManagement, 'survey.complainedToManagement');
    this.seriousOpinion = flag(survey.seriousOpinion, 'survey.seriousOpinion');
    this.opinions = answerText(survey.opinions, 'survey.opinions', 10_000);
    const problems = survey.problems ?? [];
    if (!Array.isArray(problems) || problems.some((p) => typeof p !== 'string')) {
      throw new Error('survey.problems must be a list of strings');
    }
    this.problems = [...problems];
    this.unansweredQuestion = answerText(survey.unansweredQuestion, 'survey.unansweredQuestion', 10_000);
    this.repurchaseIntent = answerText(survey.repurchaseIntent, 'survey.repurchaseIntent', 10_000);

    const answers: SurveyAnswers = { overall: answer(survey.overall, 'survey.overall', true)! };
    for (const key of ['productRating', 'staffAttitude', 'responseSpeed', 'overallService'] as const) {
      const given = answer(survey[key], `survey.${key}`, false);
      if (given) answers[key] = given;
    }
    this.answers = answers;

    this.customerCategory = sale.customer.category;
    this.keyAccount = sale.customer.keyAccount;
    this.customerRegion = sale.customer.region;
    this.customerIndustry = sale.customer.industry;
    this.productModel = sale.productModel;
    this.recordedAt = instant(props.recordedAt, 'recordedAt');
  }
}
