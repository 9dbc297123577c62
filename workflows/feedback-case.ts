import { condition, defineQuery, setHandler } from '@temporalio/workflow';
import type { FeedbackCaseStart } from './call-results.js';

export interface FeedbackCaseInput extends FeedbackCaseStart {
  caseNo: string;
}

export type FeedbackCaseStage = 'registered';

export interface FeedbackCaseState {
  caseNo: string;
  stage: FeedbackCaseStage;
  priority: FeedbackCaseStart['priority'];
  classification: FeedbackCaseStart['classification'];
  saleId: string;
  callbackId: string;
  receivedAt: string;
}

export const feedbackCaseStateQuery = defineQuery<FeedbackCaseState>('feedbackCaseState');

/**
 * A feedback case (反馈处理), started by a sale's follow-up with the customer's words, priority and
 * classification, and registered under its case number. It waits here for the handling stages
 * (assign, root cause and plan, carry out, verify, re-visit), which come next.
 */
export async function FeedbackCase(input: FeedbackCaseInput): Promise<FeedbackCaseState> {
  const state: FeedbackCaseState = {
    caseNo: input.caseNo,
    stage: 'registered',
    priority: input.priority,
    classification: input.classification,
    saleId: input.saleId,
    callbackId: input.callbackId,
    receivedAt: input.receivedAt,
  };
  setHandler(feedbackCaseStateQuery, () => state);
  await condition(() => false);
  return state;
}
