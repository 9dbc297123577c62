// The agent's call sheet and the call scripts (the webapi branch's endpoints); typed here until they are in the
// generated client.
import { ApiError } from './client';
import type { CallScriptSteps } from '../pages/agent/callScript';

export interface SheetContact {
  role: 'actual_user' | 'buyer';
  name: string;
  title: string | null;
  phone: string;
  email: string | null;
  specialNeeds: string | null;
}
export interface CallSheet {
  access: { id: string; accessedAt: string };
  contacts: SheetContact[];
  customer: { id: string; name: string; category: string; keyAccount: boolean; region: string | null; industry: string | null };
  product: { model: string; quantity: number; orderNo: string; deliveredOn: string; warrantyMonths: number; warrantyEndsOn: string; salesOwner: string };
  callback: { callbackId: string; saleId: string; kind: string; status: string; dueAt: string; late: boolean; claimedBy: string | null };
  scriptKind: string;
  callbacks: { callbackId: string; kind: string; status: string; dueAt: string; late: boolean; attempts: number }[];
  attempts: { attemptId: string; callbackId: string; outcome: string; agentId: string; recordedAt: string }[];
  surveys: { callbackId: string; score: number | null; classification: string; recordedAt: string; feedbackCaseNo?: string | null }[];
  openCases: { caseNo: string; stage: string; priority: string; stageDueAt: string | null }[];
}
export interface CallScript {
  kind: string;
  title: string;
  steps: CallScriptSteps;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

async function get<T>(path: string): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body);
  return body as T;
}

export const loadCallSheet = (callbackId: string) => get<CallSheet>(`/callbacks/${encodeURIComponent(callbackId)}/sheet`);
export const loadCallScript = (kind: string) => get<CallScript>(`/call-scripts/${encodeURIComponent(kind)}`);
