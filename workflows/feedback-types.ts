// Plain, serialisable shapes of a feedback case's handling (反馈处理, DOMAIN §4), shared by API, workflow and activities.
import type { FeedbackCaseStart } from './call-results.js';
import type { FeedbackPriority } from './domain/classification.js';

/**
 * registered (waiting to be assigned) → assigned (waiting for root cause and plan) → in_progress (plan carried out)
 * → verifying → revisiting → closed; an unhappy customer at the re-visit sends it back to registered, one cycle up.
 */
export const CASE_STAGES = ['registered', 'assigned', 'in_progress', 'verifying', 'revisiting', 'closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const DEPARTMENTS = ['after_sales', 'rnd', 'logistics', 'sales'] as const;
export type Department = (typeof DEPARTMENTS)[number];
export const CASE_NATURES = ['attitude', 'technical_ability', 'process_efficiency', 'product_quality', 'communication'] as const;
export type CaseNature = (typeof CASE_NATURES)[number];
export const CASE_SCOPES = ['single', 'common', 'systemic'] as const;
export type CaseScope = (typeof CASE_SCOPES)[number];

/** Who acts on cases; the API passes the caller's role and id, the workflow checks them. */
export const CASE_ROLES = ['agent', 'department_owner', 'after_sales_manager', 'general_manager'] as const;
export type CaseRole = (typeof CASE_ROLES)[number];
/** How messages name each role: "only the after-sales manager may do this". */
export const CASE_ROLE_NAMES: Record<CaseRole, string> = {
  agent: 'agent',
  department_owner: 'department owner',
  after_sales_manager: 'after-sales manager',
  general_manager: 'general manager',
};
export interface Actor {
  id: string;
  role: CaseRole;
}

export interface Measure {
  description: string;
  /** ISO 8601: this measure's own deadline. */
  deadline: string;
}

export interface AssignRequest {
  actor: Actor;
  department: Department;
  ownerId: string;
  nature: CaseNature;
  scope: CaseScope;
}

export interface AnalysisRequest {
  actor: Actor;
  /** 5-Why chain (为什么 × up to 5), required for high and medium priority. */
  whyChain: string[];
  rootCause: string;
  shortTermMeasures: Measure[];
  longTermMeasures: Measure[];
  /** The phone cannot solve it: a technician visits the customer. */
  technicianVisit: boolean;
}

export interface CompletionRequest {
  actor: Actor;
  summary: string;
  technicianVisited?: boolean;
}

export interface VerificationRequest {
  actor: Actor;
  effective: boolean;
  note: string;
}

export interface RevisitRequest {
  actor: Actor;
  /** The customer is satisfied with how the case was handled. */
  satisfied: boolean;
  score?: number;
  customerWords: string;
}

/** A stage deadline in business days, with the calendar it was computed with. */
export interface StageDeadline {
  cycle: number;
  stage: CaseStage;
  startedAt: string;
  dueAt: string;
  warnAt: string;
  calendarVersion: string;
  /** The count touched a year whose official calendar was not loaded yet. */
  provisional: boolean;
  metAt: string | null;
  missed: boolean;
}

/** One entry of the case's timeline. */
export interface CaseEvent {
  /** Unique per case and event: activities record it once. */
  eventId: string;
  type:
    | 'registered'
    | 'assigned'
    | 'analysed'
    | 'done_reported'
    | 'verified'
    | 'verification_failed'
    | 'revisited'
    | 'reprocessed'
    | 'closed'
    | 'warning'
    | 'escalated';
  at: string;
  cycle: number;
  actor?: Actor;
  details?: Record<string, unknown>;
}

export interface FeedbackCaseInput extends FeedbackCaseStart {
  caseNo: string;
  /** The agent who took the call: never the independent re-visitor. */
  sourceAgentId?: string;
}

export interface FeedbackCaseState {
  caseNo: string;
  stage: CaseStage;
  cycle: number;
  priority: FeedbackPriority;
  classification: FeedbackCaseStart['classification'];
  saleId: string;
  callbackId: string;
  customerId: string;
  receivedAt: string;
  department: Department | null;
  ownerId: string | null;
  nature: CaseNature | null;
  scope: CaseScope | null;
  /** Where the survey's worst-rated dimension points, for the manager who assigns. */
  suggestion: NonNullable<FeedbackCaseStart['suggestion']> | null;
  analysis: Omit<AnalysisRequest, 'actor'> | null;
  /** Everyone who handled the case so far: none of them may re-visit the customer. */
  handlers: string[];
  deadlines: StageDeadline[];
  missedDeadlines: number;
  resolution: 'resolved' | null;
  events: CaseEvent[];
}

/** What a case action answers: where the case now stands (the whole state is a query away). */
export type CaseActionResult = Pick<FeedbackCaseState, 'caseNo' | 'stage' | 'cycle' | 'priority'>;

/** What a case carries into its next run when it continues as new at a reprocessing cycle. */
export interface FeedbackCaseContinued {
  continued: { state: FeedbackCaseState };
}

export const CASE_REJECTIONS = {
  CaseNotInStage: 'conflict',
  WrongRole: 'forbidden',
  NotTheOwner: 'forbidden',
  NotIndependent: 'conflict',
  InvalidCaseAction: 'unprocessable',
} as const;
export type CaseRejection = keyof typeof CASE_REJECTIONS;

export const feedbackWorkflowId = (caseNo: string): string => `feedback-${caseNo}`;
