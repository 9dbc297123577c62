import { ApiProperty } from '@nestjs/swagger';
import type { CountBy, Figure, ReportFigures, SegmentFigure, TrendPoint } from '../report-figures.js';

// The figures of DOMAIN §5 as the OpenAPI document states them, so clients (the web app's generated client) know
// their shape; the definitions of each are in src/reports/report-figures.ts.
const count = { type: 'integer' } as const;
const nullableNumber = { type: 'number', nullable: true } as const;

export class FigureDto implements Figure {
  @ApiProperty(nullableNumber) value!: number | null;
  @ApiProperty({ ...nullableNumber, description: 'the target the figure is held to; null for a figure without one' }) target!: number | null;
  @ApiProperty({ type: 'boolean', nullable: true, description: 'value ≥ target; null without a value or a target' }) met!: boolean | null;
}

export class SegmentFigureDto implements SegmentFigure {
  @ApiProperty({ type: 'string', nullable: true }) key!: string | null;
  @ApiProperty(count) surveys!: number;
  @ApiProperty(nullableNumber) meanScore!: number | null;
}

export class TrendPointDto implements TrendPoint {
  @ApiProperty({ example: '2026-09' }) label!: string;
  @ApiProperty({ format: 'date' }) start!: string;
  @ApiProperty({ format: 'date' }) end!: string;
  @ApiProperty(count) surveys!: number;
  @ApiProperty(nullableNumber) satisfaction!: number | null;
}

export class CountByDto implements CountBy {
  @ApiProperty({ type: 'string', nullable: true }) key!: string | null;
  @ApiProperty(count) count!: number;
}

class PeriodDto {
  @ApiProperty({ format: 'date' }) start!: string;
  @ApiProperty({ format: 'date', description: 'exclusive' }) end!: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone!: string;
}

class CallbackCountsDto {
  @ApiProperty(count) due!: number;
  @ApiProperty(count) reached!: number;
  @ApiProperty(count) surveysCompleted!: number;
}

class QuestionnaireCountsDto {
  @ApiProperty(count) sent!: number;
  @ApiProperty(count) returned!: number;
}

class SurveyCountsDto {
  @ApiProperty(count) recorded!: number;
  @ApiProperty(count) rated!: number;
}

class DimensionsDto {
  @ApiProperty(nullableNumber) product!: number | null;
  @ApiProperty(nullableNumber) attitude!: number | null;
  @ApiProperty(nullableNumber) speed!: number | null;
  @ApiProperty(nullableNumber) service!: number | null;
}

class BreakdownsDto {
  @ApiProperty({ type: [SegmentFigureDto] }) customerCategory!: SegmentFigureDto[];
  @ApiProperty({ type: [SegmentFigureDto] }) keyAccount!: SegmentFigureDto[];
  @ApiProperty({ type: [SegmentFigureDto] }) region!: SegmentFigureDto[];
  @ApiProperty({ type: [SegmentFigureDto] }) industry!: SegmentFigureDto[];
  @ApiProperty({ type: [SegmentFigureDto] }) productModel!: SegmentFigureDto[];
}

class ProblemCountDto {
  @ApiProperty() problem!: string;
  @ApiProperty(count) count!: number;
}

class StageOnTimeDto {
  @ApiProperty() stage!: string;
  @ApiProperty(count) entered!: number;
  @ApiProperty(count) missed!: number;
  @ApiProperty(nullableNumber) rate!: number | null;
}

class CaseFiguresDto {
  @ApiProperty(count) received!: number;
  @ApiProperty({ type: [CountByDto] }) byClassification!: CountByDto[];
  @ApiProperty({ type: [CountByDto] }) byPriority!: CountByDto[];
  @ApiProperty({ type: [CountByDto] }) byDepartment!: CountByDto[];
  @ApiProperty({ type: [ProblemCountDto], description: 'the 3 most frequent problems raised' }) topProblems!: ProblemCountDto[];
  @ApiProperty(count) resolved!: number;
  @ApiProperty({ type: FigureDto }) resolutionRate!: FigureDto;
  @ApiProperty({ type: [StageOnTimeDto] }) onTimeByStage!: StageOnTimeDto[];
  @ApiProperty(count) escalations!: number;
  @ApiProperty(count) revisits!: number;
  @ApiProperty(count) satisfiedRevisits!: number;
  @ApiProperty({ type: FigureDto }) revisitSatisfactionRate!: FigureDto;
}

class ComplaintFiguresDto {
  @ApiProperty(count) count!: number;
  @ApiProperty(count) deliveries!: number;
  @ApiProperty(nullableNumber) per100Deliveries!: number | null;
}

class OpinionDto {
  @ApiProperty() callbackId!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ type: 'string', nullable: true }) opinions!: string | null;
}

export class ReportFiguresDto implements ReportFigures {
  @ApiProperty({ type: PeriodDto }) period!: PeriodDto;
  @ApiProperty({ format: 'date-time', description: 'when the figures were read: every query saw the database as of this moment' }) dataAsOf!: string;
  @ApiProperty({ type: CallbackCountsDto }) callbacks!: CallbackCountsDto;
  @ApiProperty({ type: FigureDto, description: 'callbacks reached / callbacks due, %; target 50' }) callbackSuccessRate!: FigureDto;
  @ApiProperty({ type: FigureDto, description: 'surveys completed / callbacks reached, %; target 60' }) surveyRate!: FigureDto;
  @ApiProperty({ type: QuestionnaireCountsDto }) questionnaires!: QuestionnaireCountsDto;
  @ApiProperty({ type: FigureDto, description: 'returned / sent, %; target 70' }) questionnaireReturnRate!: FigureDto;
  @ApiProperty({ type: SurveyCountsDto }) surveys!: SurveyCountsDto;
  @ApiProperty({ type: FigureDto, description: 'mean 100-point score of the rated surveys; target 90' }) satisfaction!: FigureDto;
  @ApiProperty({ type: DimensionsDto }) dimensions!: DimensionsDto;
  @ApiProperty({ type: BreakdownsDto }) breakdowns!: BreakdownsDto;
  @ApiProperty({ type: [TrendPointDto], description: 'the periods before this one, oldest first' }) trend!: TrendPointDto[];
  @ApiProperty({ type: CaseFiguresDto }) cases!: CaseFiguresDto;
  @ApiProperty({ type: ComplaintFiguresDto }) complaints!: ComplaintFiguresDto;
  @ApiProperty({ type: [OpinionDto] }) opinions!: OpinionDto[];
}
