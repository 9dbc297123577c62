// Plain, serialisable shapes of the satisfaction reports (满意度调查报告, DOMAIN §5).
import type { Actor } from './feedback-types.js';

export const REPORT_KINDS = ['monthly', 'quarterly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** A report period: company-time dates [start, end); label 2026-10 or 2026-Q3. */
export interface ReportPeriodRef {
  kind: ReportKind;
  label: string;
  start: string;
  end: string;
}

/**
 * awaiting_approval → approved → archived; escalated to the general manager when not approved by its due date;
 * superseded when a restatement replaced the version before anyone approved it.
 */
export const REPORT_STATUSES = ['awaiting_approval', 'escalated', 'approved', 'archived', 'superseded'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface ReportState {
  reportId: string | null;
  period: ReportPeriodRef;
  version: number | null;
  status: ReportStatus | 'computing';
  generatedAt: string | null;
  /** Monthly: the 5th of the next month; quarterly: the 10th of the next quarter's first month (17:30 company time). */
  approvalDueAt: string;
  reminders: number;
  /** How often this run stored a new version because surveys arrived after the figures were read. */
  restatements: number;
  approvedBy: string | null;
  approvedAt: string | null;
}

export interface ApprovalRequest {
  actor: Actor;
  note?: string;
}

export interface ReportRunInput {
  kind: ReportKind;
  /** The period to report on; absent for a scheduled run, which reports on the period before it started. */
  period?: ReportPeriodRef;
  /** A restatement of a period whose report was already approved: due a few business days after it is produced. */
  restatement?: boolean;
}

export const reportWorkflowId = (period: ReportPeriodRef): string => `report-${period.kind}-${period.label}`;

/** Rejections of an approval; the API turns them into 4xx answers. */
export const REPORT_REJECTIONS = {
  ReportNotAwaitingApproval: 'conflict',
  WrongRole: 'forbidden',
} as const;
