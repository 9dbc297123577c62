// The survey form's values and the survey_done body they become (the survey record of DOMAIN §3).
import rules from '../../api/rules.json';
import { RATINGS } from '../../api/validation';

const scoreRanges = rules.scoreRanges as Record<string, { min: number; max: number }>;
const gradeLabels = rules.gradeLabels as Record<string, Record<string, string>>;
/** A rating the agent did not ask about: left out of the record. */
export const NOT_ASKED = 'not_asked';
/** The scale overall satisfaction is asked on unless the agent picks another: the 1–10 of the phone script. */
export const DEFAULT_SCALE = 'score_1_to_10';

export type Rating = (typeof RATINGS)[number];
export interface SurveyFormValues {
  survey: Record<string, unknown> & { problems?: string; usage?: Record<string, unknown> };
}

/** The body of a survey_done result from the form's values: what was left empty is not sent. */
export function surveyBody(values: SurveyFormValues): Record<string, unknown> {
  const s = values.survey;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  const usage = Object.fromEntries(Object.entries(s.usage ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const rating = (r: Rating) => {
    const answer = s[r] as { scale?: string; score?: number; grade?: string } | undefined;
    if (!answer?.scale || answer.scale === NOT_ASKED) return undefined;
    if (scoreRanges[answer.scale]) return { scale: answer.scale, score: answer.score };
    if (gradeLabels[answer.scale]) return { scale: answer.scale, grade: answer.grade };
    return { scale: answer.scale };
  };
  const body: Record<string, unknown> = {
    method: s.method,
    usage,
    ...Object.fromEntries(RATINGS.map((r) => [r, rating(r)])),
    saysDissatisfied: !!s.saysDissatisfied,
    complainedTo: s.complainedTo || undefined,
    complainedToManagement: !!s.complainedToManagement,
    seriousOpinion: !!s.seriousOpinion,
    opinions: text(s.opinions),
    problems: text(s.problems)
      ?.split('\n')
      .map((p) => p.trim())
      .filter(Boolean),
    unansweredQuestion: text(s.unansweredQuestion),
    repurchaseIntent: text(s.repurchaseIntent),
    safetyHazard: s.safetyHazard ? true : undefined,
    majorLoss: s.majorLoss ? true : undefined,
    riskOfLosingCustomer: s.riskOfLosingCustomer ? true : undefined,
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

export const initialSurvey = (scale = DEFAULT_SCALE): SurveyFormValues => ({
  survey: {
    method: 'phone',
    usage: {},
    overall: { scale },
    ...Object.fromEntries(RATINGS.filter((r) => r !== 'overall').map((r) => [r, { scale: NOT_ASKED }])),
    saysDissatisfied: false,
    complainedToManagement: false,
    seriousOpinion: false,
  },
});

