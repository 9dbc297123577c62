// Every survey answer becomes a 100-point score (百分制) [004]: asked directly where possible,
// otherwise converted from the grade or scale the customer answered on.

export const SATISFACTION_GRADES = {
  very_satisfied: { label: '非常满意', score: 100 },
  satisfied: { label: '满意', score: 95 },
  fairly_satisfied: { label: '比较满意', score: 90 },
  // Grades given as a band in [004] score at the band's middle.
  good: { label: '良好', score: 85 },
  average: { label: '一般', score: 75 },
  passable: { label: '及格', score: 65 },
  not_very_satisfied: { label: '不太满意', score: 50 },
  dissatisfied: { label: '不满意', score: 30 },
  very_dissatisfied: { label: '很不满意', score: 10 },
} as const satisfies Record<string, { label: string; score: number }>;

export type SatisfactionGrade = keyof typeof SATISFACTION_GRADES;

/** The questionnaire's four grades [000]: 很满意 / 较满意 / 一般 / 不满意. */
export const FOUR_GRADE_LABELS = {
  very_satisfied: '很满意',
  fairly_satisfied: '较满意',
  average: '一般',
  dissatisfied: '不满意',
} as const;
export type FourGrade = keyof typeof FOUR_GRADE_LABELS;

/** The three grades used for staff attitude [000]: 满意 / 一般 / 不满意. */
export const THREE_GRADE_LABELS = {
  satisfied: '满意',
  average: '一般',
  dissatisfied: '不满意',
} as const;
export type ThreeGrade = keyof typeof THREE_GRADE_LABELS;

/** One rating as the customer gave it. */
export type SurveyAnswer =
  | { scale: 'score_0_to_100'; score: number }
  | { scale: 'score_1_to_10'; score: number }
  | { scale: 'score_1_to_5'; score: number }
  | { scale: 'grade'; grade: SatisfactionGrade }
  | { scale: 'four_grades'; grade: FourGrade }
  | { scale: 'three_grades'; grade: ThreeGrade }
  /** Neither a score nor a grade: left out of the average's base [004]. */
  | { scale: 'unrated' };

function scoreWithin(score: number, min: number, max: number, scaleName: string): number {
  if (typeof score !== 'number' || !Number.isFinite(score) || score < min || score > max) {
    throw new Error(`A ${scaleName} score must be a number from ${min} to ${max}, got ${String(score)}`);
  }
  return score;
}

function gradeOn<G extends string>(grade: G, allowed: Readonly<Record<G, unknown>>, scaleName: string): G {
  if (typeof grade !== 'string' || !Object.hasOwn(allowed, grade)) {
    throw new Error(
      `"${String(grade)}" is not a grade of the ${scaleName} scale; expected one of ${Object.keys(allowed).join(', ')}`,
    );
  }
  return grade;
}

export function scoreOfGrade(grade: SatisfactionGrade): number {
  return SATISFACTION_GRADES[gradeOn(grade, SATISFACTION_GRADES, 'satisfaction grade')].score;
}

/** The answer on the 100-point scale, or null when the customer gave neither a score nor a grade. */
export function toHundredPointScore(answer: SurveyAnswer): number | null {
  switch (answer.scale) {
    case 'score_0_to_100':
      return scoreWithin(answer.score, 0, 100, '0–100');
    case 'score_1_to_10':
      return scoreWithin(answer.score, 1, 10, '1–10') * 10;
    case 'score_1_to_5':
      return ((scoreWithin(answer.score, 1, 5, '1–5') - 1) / 4) * 100;
    case 'grade':
      return scoreOfGrade(answer.grade);
    case 'four_grades':
      return scoreOfGrade(gradeOn(answer.grade, FOUR_GRADE_LABELS, 'four-grade'));
    case 'three_grades':
      return scoreOfGrade(gradeOn(answer.grade, THREE_GRADE_LABELS, 'three-grade'));
    case 'unrated':
      return null;
    default:
      throw new Error(`Unknown rating scale "${String((answer as { scale: unknown }).scale)}"`);
  }
}

/** The mean of the rated surveys; unrated ones (null) are not in the base. Null when none is rated. */
export function meanScore(scores: readonly (number | null)[]): number | null {
  const rated = scores.filter((score): score is number => score !== null);
  if (rated.length === 0) return null;
  return rated.reduce((sum, score) => sum + scoreWithin(score, 0, 100, '100-point'), 0) / rated.length;
}
