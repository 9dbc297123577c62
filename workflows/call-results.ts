// What agents record about a call (回访话术 outcomes) and the survey record (客户满意度调查记录表).
import type { suggestedAssignment } from './domain/case-rules.js';
import type { FeedbackPriority, SurveyClass } from './domain/classification.js';
import type { SurveyAnswer } from './domain/scoring.js';
import type { ContactPerson } from './customer-types.js';

export type { SurveyAnswer } from './domain/scoring.js';

export const SURVEY_METHODS = ['phone', 'questionnaire', 'on_site', 'email', 'other'] as const;
export type SurveyMethod = (typeof SURVEY_METHODS)[number];

export const EXTERNAL_BODIES = ['manufacturer', 'media', 'government'] as const;
export type ExternalBody = (typeof EXTERNAL_BODIES)[number];

/** The fields of the survey record (DOMAIN §3), as the agent fills them in. */
export interface SurveyRecordInput {
  method: SurveyMethod;
  usage: { location?: string; usedBy?: string; city?: string; hoursPerDay?: number };
  /** Overall satisfaction: the survey's 100-point score comes from this answer. */
  overall: SurveyAnswer;
  productRating?: SurveyAnswer;
  staffAttitude?: SurveyAnswer;
  responseSpeed?: SurveyAnswer;
  overallService?: SurveyAnswer;
  saysDissatisfied: boolean;
  /** The customer complained to the manufacturer, the media or a government body (客户投诉). */
  complainedTo?: ExternalBody;
  /** The customer complained to the general manager or a department head. */
  complainedToManagement: boolean;
  /** The agent judged an opinion serious (较大意见). */
  seriousOpinion: boolean;
  /** The customer's own words, not paraphrased. */
  opinions?: string;
  problems?: string[];
  /** A question the agent could not answer during the call: it opens a feedback case. */
  unansweredQuestion?: string;
  /** What the customer would buy again; it becomes a lead for the sale's sales owner. */
  repurchaseIntent?: string;
  /** Any of these makes a feedback case of high priority, whatever the score. */
  safetyHazard?: boolean;
  majorLoss?: boolean;
  riskOfLosingCustomer?: boolean;
}

export const CALL_OUTCOMES = ['survey_done', 'busy', 'no_answer', 'wrong_person', 'refused', 'questionnaire_sent'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export type CallResult =
  | { outcome: 'survey_done'; survey: SurveyRecordInput }
  /** Customer busy (不方便): re-opened at the time the customer chose. */
  | { outcome: 'busy'; reason: string; callBackAt: string }
  /** No answer or line busy: retried in a later call window, at most 3 attempts. */
  | { outcome: 'no_answer' }
  /** Someone else answered: the callback continues with the product's actual user. */
  | { outcome: 'wrong_person'; actualUser: ContactPerson }
  | { outcome: 'refused'; reason: string }
  /** A questionnaire went out instead of a call: chased once, then back to a phone callback. */
  | { outcome: 'questionnaire_sent' };

export interface CallResultRequest {
  callbackId: string;
  /** Chosen by the agent's client: the same attempt recorded twice is applied once. */
  attemptId: string;
  agentId: string;
  result: CallResult;
}

export interface ClaimRequest {
  callbackId: string;
  agentId: string;
}

/** One recorded attempt, as GET /sales/:id shows it. */
export interface CallAttemptView {
  attemptId: string;
  callbackId: string;
  agentId: string;
  outcome: CallOutcome;
  recordedAt: string;
  /** Reason given (busy, refused). */
  reason?: string;
  /** For busy: the time the customer chose; for no answer: the next try. */
  nextTryAt?: string;
}

/** A completed survey with its score and classification. */
export interface SurveyView {
  attemptId: string;
  callbackId: string;
  method: SurveyMethod;
  /** 100-point score; null when the customer gave neither a score nor a grade. */
  score: number | null;
  classification: SurveyClass;
  feedbackCaseNo: string | null;
  leadCreated: boolean;
  recordedAt: string;
}

/** What a recorded result did. */
export interface CallResultOutcome {
  callbackId: string;
  attemptId: string;
  /** False when this attempt id had been recorded before: nothing was applied again. */
  applied: boolean;
  callbackStatus: string;
  survey?: SurveyView;
}

/** Rejections of claims and results; the API turns them into 4xx answers. */
export const CALLBACK_REJECTIONS = {
  UnknownCallback: 'not_found',
  CallbackNotOpen: 'conflict',
  CallbackFinished: 'conflict',
  CallbackClaimedByAnother: 'conflict',
  InvalidCallResult: 'unprocessable',
} as const;
export type CallbackRejection = keyof typeof CALLBACK_REJECTIONS;

/** Data a feedback case starts with (its full handling: FeedbackCase workflow). */
export interface FeedbackCaseStart {
  /** Idempotency key: the attempt that raised it. */
  sourceAttemptId: string;
  saleId: string;
  callbackId: string;
  customerId: string;
  orderNo: string;
  productModel: string;
  channel: 'PHONE' | 'QUESTIONNAIRE' | 'EMAIL' | 'OFFLINE' | 'OTHER';
  classification: SurveyClass | 'unanswered_question';
  priority: FeedbackPriority;
  /** The customer's own words. */
  customerWords: string;
  score: number | null;
  receivedAt: string;
  /** Where the worst-rated dimension points: the after-sales manager's starting point when assigning. */
  suggestion?: ReturnType<typeof suggestedAssignment>;
}
