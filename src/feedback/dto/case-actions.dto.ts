import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CASE_NATURES,
  CASE_SCOPES,
  DEPARTMENTS,
  type AnalysisRequest,
  type AssignRequest,
  type CaseNature,
  type CaseScope,
  type CompletionRequest,
  type Department,
  type Measure,
  type RevisitRequest,
  type VerificationRequest,
} from '../../../workflows/feedback-types.js';
import { IsOmittable } from '../../common/validation.js';
import { IsInSupportedYears } from '../../common/dates.js';

// An instant names its offset: a bare date or local time would mean a different moment to the owner and the manager.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
// Text a person writes: not only blanks.
const NOT_BLANK = /\S/;
const TEXT_MAX = 10_000;

/** The bodies of the case actions: the workflow's requests without the actor, who comes from the headers. */
type Body<T> = Omit<T, 'actor'>;

export class AssignCaseDto implements Body<AssignRequest> {
  @ApiProperty({ enum: DEPARTMENTS })
  @IsIn(DEPARTMENTS)
  department!: Department;

  @ApiProperty({ example: 'wang.gong', description: 'the responsible owner in that department; notified at once' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  ownerId!: string;

  @ApiProperty({ enum: CASE_NATURES })
  @IsIn(CASE_NATURES)
  nature!: CaseNature;

  @ApiProperty({ enum: CASE_SCOPES })
  @IsIn(CASE_SCOPES)
  scope!: CaseScope;
}

export class MeasureDto implements Measure {
  @ApiProperty({ example: 'replace the start-up board on site' })
  @IsString() @Matches(NOT_BLANK, { message: '$property must not be empty' }) @MaxLength(TEXT_MAX)
  description!: string;

  @ApiProperty({ example: '2026-11-30T10:00:00+08:00', description: "this measure's own deadline, an ISO 8601 instant with Z or an offset" })
  @IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 instant, e.g. 2026-11-30T10:00:00+08:00' })
  @Matches(INSTANT, { message: '$property must be an ISO 8601 instant with a time and Z or an offset, e.g. 2026-11-30T10:00:00+08:00' })
  @IsInSupportedYears()
  deadline!: string;
}

export class AnalysisDto implements Body<AnalysisRequest> {
  @ApiProperty({
    type: [String],
    maxItems: 5,
    example: ['the device starts slowly', 'the start-up board overheats', 'the fan is undersized'],
    description: 'the 5-Why chain (为什么 × up to 5), required for high and medium priority',
  })
  @IsArray() @ArrayMaxSize(5)
  @IsString({ each: true }) @Matches(NOT_BLANK, { each: true, message: 'each of $property must be a non-empty why' }) @MaxLength(TEXT_MAX, { each: true })
  whyChain!: string[];

  @ApiProperty({ example: 'the fan of the XR-200 start-up board is undersized' })
  @IsString() @Matches(NOT_BLANK, { message: '$property must not be empty' }) @MaxLength(TEXT_MAX)
  rootCause!: string;

  @ApiProperty({ type: [MeasureDto], minItems: 1, description: 'at least one' })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MeasureDto)
  shortTermMeasures!: MeasureDto[];

  @ApiProperty({ type: [MeasureDto] })
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MeasureDto)
  longTermMeasures!: MeasureDto[];

  @ApiProperty({ description: 'the phone cannot solve it: a technician visits the customer' })
  @IsBoolean()
  technicianVisit!: boolean;
}

export class CompletionDto implements Body<CompletionRequest> {
  @ApiProperty({ example: 'start-up board replaced; the device starts in 40 s' })
  @IsString() @Matches(NOT_BLANK, { message: '$property must not be empty' }) @MaxLength(TEXT_MAX)
  summary!: string;

  @ApiPropertyOptional()
  @IsOmittable() @IsBoolean()
  technicianVisited?: boolean;
}

export class VerificationDto implements Body<VerificationRequest> {
  @ApiProperty({ description: 'the fix worked; false sends the case back to the owner' })
  @IsBoolean()
  effective!: boolean;

  @ApiProperty({ example: 'checked with quality: start-up within spec' })
  @IsString() @Matches(NOT_BLANK, { message: '$property must not be empty' }) @MaxLength(TEXT_MAX)
  note!: string;
}

export class RevisitDto implements Body<RevisitRequest> {
  @ApiProperty({ description: 'the customer is satisfied with how the case was handled; false reprocesses it one priority up' })
  @IsBoolean()
  satisfied!: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: '100-point score of the re-visit' })
  @IsOmittable() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100)
  score?: number;

  @ApiProperty({ example: '现在开机很快，满意', description: "the customer's own words" })
  @IsString() @Matches(NOT_BLANK, { message: '$property must not be empty' }) @MaxLength(TEXT_MAX)
  customerWords!: string;
}
