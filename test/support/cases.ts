import type { WorkflowHandle } from '@temporalio/client';
import type { FeedbackCase } from '../../workflows/feedback-case.js';
import type { Actor, FeedbackCaseInput } from '../../workflows/feedback-types.js';
import { assignCaseUpdate, reportDoneUpdate, submitAnalysisUpdate, verifyCaseUpdate } from '../../workflows/messages.js';
import { uniqueId } from './fixtures.js';

export const CASE_MANAGER: Actor = { id: 'mgr.chen', role: 'after_sales_manager' };
export const CASE_OWNER: Actor = { id: 'owner.liu', role: 'department_owner' };

/** A dissatisfied customer's case as the sale's follow-up opens it, received at `receivedAt`. */
export function aCaseInput(receivedAt: string, overrides: Partial<FeedbackCaseInput> = {}): FeedbackCaseInput {
  return {
    caseNo: `20261123-PHONE-${uniqueId('T')}`,
    sourceAttemptId: uniqueId('attempt'),
    sourceAgentId: 'agent.zhang',
    saleId: 'S-1',
    callbackId: 'S-1-C1',
    customerId: 'C-1',
    orderNo: 'PO-1',
    productModel: 'XR-200',
    channel: 'PHONE',
    classification: 'dissatisfied',
    priority: 'medium',
    customerWords: '售后响应太慢',
    score: 55,
    receivedAt,
    ...overrides,
  };
}

/** Assigned, analysed, done and verified: the case waits for its independent re-visit. `now`: the server's clock. */
export async function walkToRevisiting(handle: WorkflowHandle<typeof FeedbackCase>, now: () => Promise<number>): Promise<void> {
  await handle.executeUpdate(assignCaseUpdate, { args: [{ actor: CASE_MANAGER, department: 'after_sales', ownerId: CASE_OWNER.id, nature: 'process_efficiency', scope: 'single' }] });
  const deadline = new Date((await now()) + 86_400_000).toISOString();
  await handle.executeUpdate(submitAnalysisUpdate, {
    args: [{ actor: CASE_OWNER, whyChain: ['响应慢', '工单积压'], rootCause: '排班不足', shortTermMeasures: [{ description: '上门', deadline }], longTermMeasures: [], technicianVisit: true }],
  });
  await handle.executeUpdate(reportDoneUpdate, { args: [{ actor: CASE_OWNER, summary: '已上门' }] });
  await handle.executeUpdate(verifyCaseUpdate, { args: [{ actor: CASE_MANAGER, effective: true, note: '确认' }] });
}
