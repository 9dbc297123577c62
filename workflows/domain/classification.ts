// Classification of a completed callback (顾客满意度调查特殊情况) [004] and what each class sets off.

export type SurveyClass = 'complaint' | 'dissatisfied' | 'grievance' | 'opinion' | 'satisfied';

export type FeedbackPriority = 'high' | 'medium' | 'low';

export interface SurveyFindings {
  /** The 100-point score, or null when the customer gave neither a score nor a grade. */
  score100: number | null;
  /** The customer said they are dissatisfied (表明不满意). */
  saysDissatisfied: boolean;
  /** Complained to the manufacturer, the media or a government body (客户投诉). */
  complainedExternally: boolean;
  /** Complained to the general manager or a department head (客户抱怨). */
  complainedToManagement: boolean;
  /** The agent judged the customer's opinion serious (较大意见). */
  seriousOpinion: boolean;
  /** The customer's own words of opinion or suggestion, or null. */
  opinion: string | null;
  /** A question the agent could not answer; it opens a case (see consequencesOf), not a class. */
  unansweredQuestion: boolean;
}

/** Below this a score is a stated dissatisfaction (评分低于70分). */
export const DISSATISFIED_BELOW = 70;

function hasOpinion(opinion: string | null): boolean {
  return opinion !== null && opinion.trim() !== '';
}

/** The first class of [004] whose rule matches, in the order complaint → dissatisfied → grievance → opinion → satisfied. */
export function classifySurvey(findings: SurveyFindings): SurveyClass {
  const { score100 } = findings;
  if (score100 !== null && (typeof score100 !== 'number' || !Number.isFinite(score100) || score100 < 0 || score100 > 100)) {
    throw new Error(`A 100-point score must be a number from 0 to 100 or null, got ${String(score100)}`);
  }
  if (findings.complainedExternally) return 'complaint';
  if (findings.saysDissatisfied || (score100 !== null && score100 < DISSATISFIED_BELOW)) return 'dissatisfied';
  if (findings.seriousOpinion || findings.complainedToManagement) return 'grievance';
  // [004] describes 客户意见 as an opinion from a customer "still at 80 or more"; read as: an opinion
  // from anyone not already dissatisfied. Scores 70–80 and unrated surveys have no class of their own
  // there, and [004] asks for every customer opinion to be collated in the monthly report.
  if (hasOpinion(findings.opinion)) return 'opinion';
  return 'satisfied';
}

export interface Consequences {
  /** Open a feedback case (客户信息反馈单) for the responsible department. */
  openFeedbackCase: boolean;
  /** The case's priority; null when no case is opened. */
  priority: FeedbackPriority | null;
  /** Tell the general manager at once (external complaint). */
  notifyGeneralManagerNow: boolean;
  /** List among the customer opinions of the monthly report; cases reach the report through their own records. */
  listInMonthlyReport: boolean;
  /** Pass a repurchase lead to the sale's sales owner at once. */
  createLead: boolean;
}

const CASE_PRIORITY: Readonly<Record<SurveyClass, FeedbackPriority | null>> = {
  complaint: 'high',
  dissatisfied: 'high',
  grievance: 'medium',
  opinion: null,
  satisfied: null,
};

const RANK: Readonly<Record<FeedbackPriority, number>> = { low: 0, medium: 1, high: 2 };

export function consequencesOf(
  surveyClass: SurveyClass,
  extras: { unansweredQuestion: boolean; repurchaseIntent: boolean },
): Consequences {
  if (!Object.hasOwn(CASE_PRIORITY, surveyClass)) throw new Error(`Unknown survey class "${String(surveyClass)}"`);
  let priority = CASE_PRIORITY[surveyClass];
  if (extras.unansweredQuestion && (priority === null || RANK[priority] < RANK.medium)) priority = 'medium';
  return {
    openFeedbackCase: priority !== null,
    priority,
    notifyGeneralManagerNow: surveyClass === 'complaint',
    listInMonthlyReport: surveyClass === 'opinion',
    createLead: extras.repurchaseIntent,
  };
}

/** Reprocessing raises a case's priority one level; high stays high. */
export function raisedPriority(priority: FeedbackPriority): FeedbackPriority {
  return priority === 'low' ? 'medium' : 'high';
}
