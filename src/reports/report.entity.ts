import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { REPORT_KINDS, REPORT_STATUSES, type ReportKind, type ReportStatus } from '../../workflows/report-types.js';
import type { ReportFigures } from './report-figures.js';

/** The headline figures compared between versions of a report. */
export const HEADLINE_FIGURES = [
  'callbackSuccessRate',
  'surveyRate',
  'questionnaireReturnRate',
  'satisfaction',
  'cases.resolutionRate',
  'complaints.count',
  'surveys.recorded',
  'callbacks.due',
  'callbacks.reached',
  'callbacks.surveysCompleted',
  'questionnaires.sent',
  'questionnaires.returned',
] as const;
export type HeadlineFigure = (typeof HEADLINE_FIGURES)[number];

/** A headline figure that changed from the previous version. */
export interface ReportDifference {
  figure: HeadlineFigure;
  before: number | null;
  after: number | null;
}

export { REPORT_KINDS, REPORT_STATUSES };

export const reportId = (kind: ReportKind, label: string, version: number): string => `${kind}-${label}-v${version}`;

/** One stored version of a monthly or quarterly satisfaction report (DOMAIN §5). */
@Entity({ tableName: 'report' })
@Unique({ name: 'report_kind_label_version_unique', properties: ['kind', 'label', 'version'] })
export class Report {
  /** `${kind}-${label}-v${version}`, e.g. monthly-2026-10-v1. */
  @PrimaryKey({ type: 'string', length: 80 })
  id!: string;

  @Property({ type: 'string', length: 16 })
  kind!: ReportKind;

  @Property({ type: 'string', length: 16 })
  label!: string;

  @Property({ type: 'date' })
  periodStart!: string;

  @Property({ type: 'date' })
  periodEnd!: string;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'json' })
  figures!: ReportFigures;

  @Property({ type: 'integer', nullable: true })
  previousVersion: number | null = null;

  @Property({ type: 'json', nullable: true })
  differences: ReportDifference[] | null = null;

  @Property({ type: 'string', length: 24 })
  status!: ReportStatus;

  @Property({ type: 'datetime' })
  generatedAt!: Date;

  /** When its figures were read: a survey stored after this makes the report stale (a restatement is due). */
  @Property({ type: 'datetime' })
  dataAsOf!: Date;

  @Property({ type: 'string', length: 100, nullable: true })
  approvedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  approvedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  archivedAt: Date | null = null;

  /** The caller's idempotency key: a retried store finds its own row. */
  @Unique({ name: 'report_source_key_unique' })
  @Property({ type: 'string', length: 200 })
  sourceKey!: string;
}
