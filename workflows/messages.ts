import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallResultOutcome, CallResultRequest, ClaimRequest } from './call-results.js';
import type { CallbackPlanEntry, SaleCancellationReason } from './callback-types.js';
import type {
  AnalysisRequest,
  AssignRequest,
  CaseActionResult,
  CompletionRequest,
  FeedbackCaseState,
  RevisitRequest,
  VerificationRequest,
} from './feedback-types.js';
import type { ApprovalRequest, ReportState } from './report-types.js';
import type { SaleCorrectionOutcome, SaleCorrectionRequest, SaleFollowUpState } from './sale-types.js';

export const saleStateQuery = defineQuery<SaleFollowUpState>('saleState');

/** The sale was returned or refunded: the follow-up ends; the first cancellation counts. */
export const cancelSaleSignal = defineSignal<[{ reason: SaleCancellationReason; note?: string }]>('cancelSale');

/** An agent takes an open callback; rejected when it is not open or another agent has it. */
export const claimCallbackUpdate = defineUpdate<CallbackPlanEntry, [ClaimRequest]>('claimCallback');

/** An agent records what came of a call; a repeated attempt id is applied once. */
export const recordCallResultUpdate = defineUpdate<CallResultOutcome, [CallResultRequest]>('recordCallResult');

/** The sales system corrected the sale: the workflow takes the new values and re-plans the callbacks not yet opened. */
export const correctSaleUpdate = defineUpdate<SaleCorrectionOutcome, [SaleCorrectionRequest]>('correctSale');

export const feedbackCaseStateQuery = defineQuery<FeedbackCaseState>('feedbackCaseState');

// Case actions answer what they did in a few fields, not the whole state: every answer is kept in the case's history.

/** The after-sales manager names the responsible department and owner; the owner is notified. */
export const assignCaseUpdate = defineUpdate<CaseActionResult, [AssignRequest]>('assignCase');
/** The owner submits the root cause (5-Why) and the plan: short- and long-term measures with deadlines. */
export const submitAnalysisUpdate = defineUpdate<CaseActionResult, [AnalysisRequest]>('submitAnalysis');
/** The owner reports the plan carried out. */
export const reportDoneUpdate = defineUpdate<CaseActionResult, [CompletionRequest]>('reportDone');
/** After-sales management verifies the result. */
export const verifyCaseUpdate = defineUpdate<CaseActionResult, [VerificationRequest]>('verifyCase');
/** An agent who did not handle the case re-visits the customer: satisfied closes it, unhappy reprocesses it. */
export const recordRevisitUpdate = defineUpdate<CaseActionResult, [RevisitRequest]>('recordRevisit');

export const reportStateQuery = defineQuery<ReportState>('reportState');

/** The after-sales manager approves the report (the general manager too, once it was escalated). */
export const approveReportUpdate = defineUpdate<ReportState, [ApprovalRequest]>('approveReport');
/** Surveys arrived after the report's figures were read: compute and store a new version before approval. */
export const restateReportSignal = defineSignal('restateReport');
