import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { ContactPersonDto } from '../../sales/dto/sale-delivery.dto.js';
import { SurveyViewDto } from '../../sales/dto/sale-state.dto.js';
import { CALL_OUTCOMES, type CallOutcome, type CallResultOutcome } from '../../../workflows/call-results.js';
import { SurveyRecordDto } from './survey-record.dto.js';
import { IsOmittable } from '../../common/validation.js';
import { IsInSupportedYears } from '../../common/dates.js';

// An instant names its offset: a bare date or local time would mean a different moment to the customer and the agent.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

type OutcomeField = 'survey' | 'reason' | 'callBackAt' | 'actualUser';

/** The fields each call outcome needs; every other outcome field is rejected. */
export const OUTCOME_FIELDS = {
  survey_done: ['survey'],
  busy: ['reason', 'callBackAt'],
  no_answer: [],
  wrong_person: ['actualUser'],
  refused: ['reason'],
  questionnaire_sent: [],
} as const satisfies Record<CallOutcome, readonly OutcomeField[]>;

const isOutcome = (outcome: unknown): outcome is CallOutcome => CALL_OUTCOMES.includes(outcome as CallOutcome);

/**
 * The field is validated when its outcome needs it or when it is sent at all; sent with another outcome it is
 * named as not belonging. With an unknown outcome only `outcome` is reported as wrong.
 */
function ForOutcomes(field: OutcomeField): PropertyDecorator {
  const owners = CALL_OUTCOMES.filter((outcome) => (OUTCOME_FIELDS[outcome] as readonly OutcomeField[]).includes(field));
  return (target, propertyName) => {
    ValidateIf((o: CallResultDto) => owners.includes(o.outcome) || o[field] !== undefined)(target, propertyName);
    registerDecorator({
      name: 'belongsToOutcome',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (_value: unknown, args: ValidationArguments) => {
          const { outcome } = args.object as CallResultDto;
          return !isOutcome(outcome) || owners.includes(outcome);
        },
        defaultMessage: (args: ValidationArguments) =>
          `$property does not belong to outcome ${(args.object as CallResultDto).outcome}; only to ${owners.join(', ')}`,
      },
    });
  };
}

/**
 * What came of one call. One flat body for every outcome: survey_done needs `survey`; busy needs `reason` and
 * `callBackAt`; wrong_person needs `actualUser`; refused needs `reason`; no_answer and questionnaire_sent need nothing.
 */
export class CallResultDto {
  @ApiProperty({ format: 'uuid', description: "chosen by the agent's client: the same attempt sent twice is recorded once" })
  @IsUUID()
  attemptId!: string;

  @ApiPropertyOptional({ description: "the agent who called: the token's subject (may be left out); any other id is refused (403)" })
  @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(100)
  agentId?: string;

  @ApiProperty({ enum: CALL_OUTCOMES })
  @IsIn(CALL_OUTCOMES)
  outcome!: CallOutcome;

  @ApiPropertyOptional({ type: SurveyRecordDto, description: 'survey_done only, and required there' })
  @ForOutcomes('survey')
  @IsDefined() @IsObject() @ValidateNested() @Type(() => SurveyRecordDto)
  survey?: SurveyRecordDto;

  @ApiPropertyOptional({ description: "busy and refused only, and required there: the customer's reason" })
  @ForOutcomes('reason')
  @IsString() @IsNotEmpty() @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({
    description: 'busy only, and required there: the time the customer chose, in the next 90 days, an ISO 8601 instant with Z or an offset',
  })
  @ForOutcomes('callBackAt')
  @IsISO8601({ strict: true }, { message: '$property must be an ISO 8601 instant, e.g. 2026-12-21T07:30:00Z' })
  @Matches(INSTANT, { message: '$property must be an ISO 8601 instant with a time and Z or an offset, e.g. 2026-12-21T07:30:00Z' })
  @IsInSupportedYears()
  callBackAt?: string;

  @ApiPropertyOptional({ type: ContactPersonDto, description: 'wrong_person only, and required there: who actually uses the product' })
  @ForOutcomes('actualUser')
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ContactPersonDto)
  actualUser?: ContactPersonDto;
}

export class CallResultOutcomeDto implements CallResultOutcome {
  @ApiProperty({ example: 'S-2026-0001-C1' }) callbackId!: string;
  @ApiProperty({ format: 'uuid' }) attemptId!: string;
  @ApiProperty({ description: 'false when this attempt had been recorded before: nothing was applied again' }) applied!: boolean;
  @ApiProperty({ example: 'completed', description: "the callback's status after the result" }) callbackStatus!: string;
  @ApiPropertyOptional({
    type: SurveyViewDto,
    description: 'survey_done only: the survey as recorded, with its 100-point score, its class, the feedback case it opened (if any) and whether it made a lead',
  })
  survey?: SurveyViewDto;
}

const tomorrowAt = (utcTime: string): string => `${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}T${utcTime}Z`;

/**
 * One valid body per outcome, for the OpenAPI document (Swagger UI offers them in a list). Computed when the API
 * starts, so the busy customer's time is tomorrow afternoon in China, within the 90 days the workflow accepts.
 */
export function callResultExamples(): Record<CallOutcome, { summary: string; value: Record<string, unknown> }> {
  const attemptId = '7d3f0c2e-5b8a-4c1e-9f6d-2a4b8c0e1f35';
  return {
    survey_done: {
      summary: 'reached, survey done (satisfied, with an opinion and repurchase intent)',
      value: {
        attemptId,
        outcome: 'survey_done',
        survey: {
          method: 'phone',
          usage: { location: '放射科', usedBy: '技师', city: '上海', hoursPerDay: 8 },
          overall: { scale: 'score_1_to_10', score: 9 },
          productRating: { scale: 'score_1_to_5', score: 5 },
          staffAttitude: { scale: 'three_grades', grade: 'satisfied' },
          responseSpeed: { scale: 'four_grades', grade: 'fairly_satisfied' },
          saysDissatisfied: false,
          complainedToManagement: false,
          seriousOpinion: false,
          opinions: '希望培训再详细一些',
          problems: ['说明书不清楚'],
          repurchaseIntent: '明年新院区再添一台',
        },
      },
    },
    busy: {
      summary: 'customer busy (不方便): call back at the time they chose',
      value: { attemptId, outcome: 'busy', reason: '正在开会', callBackAt: tomorrowAt('07:30:00') },
    },
    no_answer: { summary: 'no answer or line busy: retried in the next call window', value: { attemptId, outcome: 'no_answer' } },
    wrong_person: {
      summary: 'someone else answered: record the actual user and go on with them',
      value: { attemptId, outcome: 'wrong_person', actualUser: { name: '赵敏', title: '技师', phone: '+86 138 0000 0000' } },
    },
    refused: { summary: 'refused: the callback ends', value: { attemptId, outcome: 'refused', reason: '不接受回访' } },
    questionnaire_sent: { summary: 'a questionnaire went out instead of a call', value: { attemptId, outcome: 'questionnaire_sent' } },
  };
}
