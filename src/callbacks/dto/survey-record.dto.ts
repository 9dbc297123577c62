import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsNumber,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { EXTERNAL_BODIES, SURVEY_METHODS, type ExternalBody, type SurveyAnswer, type SurveyMethod, type SurveyRecordInput } from '../../../workflows/call-results.js';
import { FOUR_GRADE_LABELS, SATISFACTION_GRADES, THREE_GRADE_LABELS } from '../../../workflows/domain/scoring.js';
import { IsOmittable } from '../../common/validation.js';

export const SURVEY_SCALES = ['score_0_to_100', 'score_1_to_10', 'score_1_to_5', 'grade', 'four_grades', 'three_grades', 'unrated'] as const;
export type SurveyScale = (typeof SURVEY_SCALES)[number];

/** The range of each scale the customer answers with a number. */
export const SCORE_RANGES: Partial<Record<SurveyScale, { min: number; max: number }>> = {
  score_0_to_100: { min: 0, max: 100 },
  score_1_to_10: { min: 1, max: 10 },
  score_1_to_5: { min: 1, max: 5 },
};

/** The grades of each scale the customer answers with a word. */
export const GRADES: Partial<Record<SurveyScale, readonly string[]>> = {
  grade: Object.keys(SATISFACTION_GRADES),
  four_grades: Object.keys(FOUR_GRADE_LABELS),
  three_grades: Object.keys(THREE_GRADE_LABELS),
};

const isScale = (scale: unknown): scale is SurveyScale => SURVEY_SCALES.includes(scale as SurveyScale);

/** `score` belongs to the score scales and must lie in the scale's range; an unknown scale is reported on `scale` alone. */
function IsScoreOfScale(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isScoreOfScale',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const { scale } = args.object as SurveyAnswerDto;
          if (!isScale(scale)) return true;
          const range = SCORE_RANGES[scale];
          return range !== undefined && typeof value === 'number' && Number.isFinite(value) && value >= range.min && value <= range.max;
        },
        defaultMessage(args: ValidationArguments) {
          const { scale } = args.object as SurveyAnswerDto;
          const range = SCORE_RANGES[scale];
          return range
            ? `$property must be a number from ${range.min} to ${range.max} on the ${scale} scale`
            : `$property does not belong to the ${scale} scale`;
        },
      },
    });
}

/** `grade` belongs to the grade scales and must be one of the scale's grades. */
function IsGradeOfScale(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isGradeOfScale',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const { scale } = args.object as SurveyAnswerDto;
          if (!isScale(scale)) return true;
          const grades = GRADES[scale];
          return grades !== undefined && typeof value === 'string' && grades.includes(value);
        },
        defaultMessage(args: ValidationArguments) {
          const { scale } = args.object as SurveyAnswerDto;
          const grades = GRADES[scale];
          return grades
            ? `$property must be one of the ${scale} grades: ${grades.join(', ')}`
            : `$property does not belong to the ${scale} scale`;
        },
      },
    });
}

/** One rating as the customer gave it: a score on a score scale, a grade on a grade scale, or nothing (unrated). */
export class SurveyAnswerDto {
  @ApiProperty({ enum: SURVEY_SCALES, description: 'the scale the customer answered on' })
  @IsIn(SURVEY_SCALES)
  scale!: SurveyScale;

  @ApiPropertyOptional({ example: 9, description: 'required on score_0_to_100 (0–100), score_1_to_10 (1–10), score_1_to_5 (1–5); not allowed otherwise' })
  @ValidateIf((o: SurveyAnswerDto) => SCORE_RANGES[o.scale] !== undefined || o.score !== undefined)
  @IsScoreOfScale()
  score?: number;

  @ApiPropertyOptional({
    example: 'very_satisfied',
    description: `required on the grade scales, not allowed otherwise; grade: ${GRADES.grade!.join(', ')}; four_grades: ${GRADES.four_grades!.join(', ')}; three_grades: ${GRADES.three_grades!.join(', ')}`,
  })
  @ValidateIf((o: SurveyAnswerDto) => GRADES[o.scale] !== undefined || o.grade !== undefined)
  @IsGradeOfScale()
  grade?: string;
}

export class SurveyUsageDto {
  @ApiPropertyOptional({ example: '放射科', description: 'where the product stands' })
  @IsOmittable() @IsString() @MaxLength(200)
  location?: string;

  @ApiPropertyOptional({ example: '技师', description: 'who uses it' })
  @IsOmittable() @IsString() @MaxLength(200)
  usedBy?: string;

  @ApiPropertyOptional({ example: '上海' })
  @IsOmittable() @IsString() @MaxLength(100)
  city?: string;

  @ApiPropertyOptional({ example: 8, minimum: 0, maximum: 24 })
  @IsOmittable() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(24)
  hoursPerDay?: number;
}

/** The survey record (客户满意度调查记录表) as the agent fills it in. */
export class SurveyRecordDto {
  @ApiProperty({ enum: SURVEY_METHODS })
  @IsIn(SURVEY_METHODS)
  method!: SurveyMethod;

  @ApiProperty({ type: SurveyUsageDto, description: 'product usage; every part optional' })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => SurveyUsageDto)
  usage!: SurveyUsageDto;

  @ApiProperty({ type: SurveyAnswerDto, description: "overall satisfaction: the survey's 100-point score comes from it" })
  @IsDefined() @IsObject() @ValidateNested() @Type(() => SurveyAnswerDto)
  overall!: SurveyAnswerDto;

  @ApiPropertyOptional({ type: SurveyAnswerDto })
  @IsOmittable() @IsObject() @ValidateNested() @Type(() => SurveyAnswerDto)
  productRating?: SurveyAnswerDto;

  @ApiPropertyOptional({ type: SurveyAnswerDto })
  @IsOmittable() @IsObject() @ValidateNested() @Type(() => SurveyAnswerDto)
  staffAttitude?: SurveyAnswerDto;

  @ApiPropertyOptional({ type: SurveyAnswerDto })
  @IsOmittable() @IsObject() @ValidateNested() @Type(() => SurveyAnswerDto)
  responseSpeed?: SurveyAnswerDto;

  @ApiPropertyOptional({ type: SurveyAnswerDto })
  @IsOmittable() @IsObject() @ValidateNested() @Type(() => SurveyAnswerDto)
  overallService?: SurveyAnswerDto;

  @ApiProperty({ description: 'the customer says they are dissatisfied' })
  @IsBoolean()
  saysDissatisfied!: boolean;

  @ApiPropertyOptional({ enum: EXTERNAL_BODIES, description: 'complained to the manufacturer, the media or a government body (客户投诉)' })
  @IsOmittable() @IsIn(EXTERNAL_BODIES)
  complainedTo?: ExternalBody;

  @ApiProperty({ description: 'complained to the general manager or a department head' })
  @IsBoolean()
  complainedToManagement!: boolean;

  @ApiProperty({ description: 'the agent judged an opinion serious (较大意见)' })
  @IsBoolean()
  seriousOpinion!: boolean;

  @ApiPropertyOptional({ maxLength: 2000, description: "the customer's own words, not paraphrased" })
  @IsOmittable() @IsString() @MaxLength(2000)
  opinions?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOmittable() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(500, { each: true })
  problems?: string[];

  @ApiPropertyOptional({ maxLength: 1000, description: 'a question the agent could not answer: it opens a feedback case' })
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(1000)
  unansweredQuestion?: string;

  @ApiPropertyOptional({ maxLength: 1000, description: "what the customer would buy again: a lead for the sale's sales owner" })
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(1000)
  repurchaseIntent?: string;

  @ApiPropertyOptional({ description: 'a safety hazard (安全隐患): the feedback case is high priority' })
  @IsOmittable() @IsBoolean()
  safetyHazard?: boolean;

  @ApiPropertyOptional({ description: 'a major loss to the customer: the feedback case is high priority' })
  @IsOmittable() @IsBoolean()
  majorLoss?: boolean;

  @ApiPropertyOptional({ description: 'the customer may be lost: the feedback case is high priority' })
  @IsOmittable() @IsBoolean()
  riskOfLosingCustomer?: boolean;
}

/** The validated answer in the workflow's terms; only the part its scale uses. */
export function toSurveyAnswer(dto: SurveyAnswerDto): SurveyAnswer {
  if (SCORE_RANGES[dto.scale]) return { scale: dto.scale, score: dto.score! } as SurveyAnswer;
  if (GRADES[dto.scale]) return { scale: dto.scale, grade: dto.grade! } as SurveyAnswer;
  return { scale: 'unrated' };
}

/** The object without its undefined properties: what the agent left out is not sent to the workflow. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The validated survey in the workflow's terms. */
export function toSurveyRecord(dto: SurveyRecordDto): SurveyRecordInput {
  const answer = (value: SurveyAnswerDto | undefined) => (value ? toSurveyAnswer(value) : undefined);
  return defined<SurveyRecordInput>({
    method: dto.method,
    usage: defined({ location: dto.usage.location, usedBy: dto.usage.usedBy, city: dto.usage.city, hoursPerDay: dto.usage.hoursPerDay }),
    overall: toSurveyAnswer(dto.overall),
    productRating: answer(dto.productRating),
    staffAttitude: answer(dto.staffAttitude),
    responseSpeed: answer(dto.responseSpeed),
    overallService: answer(dto.overallService),
    saysDissatisfied: dto.saysDissatisfied,
    complainedTo: dto.complainedTo,
    complainedToManagement: dto.complainedToManagement,
    seriousOpinion: dto.seriousOpinion,
    opinions: dto.opinions,
    problems: dto.problems,
    unansweredQuestion: dto.unansweredQuestion,
    repurchaseIntent: dto.repurchaseIntent,
    safetyHazard: dto.safetyHazard,
    majorLoss: dto.majorLoss,
    riskOfLosingCustomer: dto.riskOfLosingCustomer,
  });
}
