import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  FOUR_GRADE_LABELS,
  SATISFACTION_GRADES,
  type SurveyAnswer,
  THREE_GRADE_LABELS,
  meanScore,
  toHundredPointScore,
} from '../../../workflows/domain/scoring.js';

describe('toHundredPointScore', () => {
  const rows: Array<[string, SurveyAnswer, number | null]> = [
    // the grade table [004]
    ['非常满意', { scale: 'grade', grade: 'very_satisfied' }, 100],
    ['满意', { scale: 'grade', grade: 'satisfied' }, 95],
    ['比较满意', { scale: 'grade', grade: 'fairly_satisfied' }, 90],
    ['良好 (80–90)', { scale: 'grade', grade: 'good' }, 85],
    ['一般 (70–80)', { scale: 'grade', grade: 'average' }, 75],
    ['及格 (60–70)', { scale: 'grade', grade: 'passable' }, 65],
    ['不太满意 (40–59)', { scale: 'grade', grade: 'not_very_satisfied' }, 50],
    ['不满意 (20–40)', { scale: 'grade', grade: 'dissatisfied' }, 30],
    ['很不满意 (0–20)', { scale: 'grade', grade: 'very_dissatisfied' }, 10],
    // four grades [000]
    ['4 grades: 很满意', { scale: 'four_grades', grade: 'very_satisfied' }, 100],
    ['4 grades: 较满意', { scale: 'four_grades', grade: 'fairly_satisfied' }, 90],
    ['4 grades: 一般', { scale: 'four_grades', grade: 'average' }, 75],
    ['4 grades: 不满意', { scale: 'four_grades', grade: 'dissatisfied' }, 30],
    // three grades for attitude [000]
    ['3 grades: 满意', { scale: 'three_grades', grade: 'satisfied' }, 95],
    ['3 grades: 一般', { scale: 'three_grades', grade: 'average' }, 75],
    ['3 grades: 不满意', { scale: 'three_grades', grade: 'dissatisfied' }, 30],
    // 1–5, linear
    ['1 of 5', { scale: 'score_1_to_5', score: 1 }, 0],
    ['2 of 5', { scale: 'score_1_to_5', score: 2 }, 25],
    ['3 of 5', { scale: 'score_1_to_5', score: 3 }, 50],
    ['4 of 5', { scale: 'score_1_to_5', score: 4 }, 75],
    ['4.5 of 5', { scale: 'score_1_to_5', score: 4.5 }, 87.5],
    ['5 of 5', { scale: 'score_1_to_5', score: 5 }, 100],
    // 1–10, times ten
    ...Array.from({ length: 10 }, (_, i): [string, SurveyAnswer, number] => [`${i + 1} of 10`, { scale: 'score_1_to_10', score: i + 1 }, (i + 1) * 10]),
    ['7.5 of 10', { scale: 'score_1_to_10', score: 7.5 }, 75],
    // 0–100 as is
    ['0 of 100', { scale: 'score_0_to_100', score: 0 }, 0],
    ['69.5 of 100', { scale: 'score_0_to_100', score: 69.5 }, 69.5],
    ['100 of 100', { scale: 'score_0_to_100', score: 100 }, 100],
    // neither score nor grade
    ['unrated', { scale: 'unrated' }, null],
  ];
  for (const [name, answer, expected] of rows) {
    it(`${name} → ${expected}`, () => assert.equal(toHundredPointScore(answer), expected));
  }

  const invalid: Array<[string, unknown, RegExp]> = [
    ['0 on 1–5', { scale: 'score_1_to_5', score: 0 }, /1–5 score must be a number from 1 to 5, got 0/],
    ['6 on 1–5', { scale: 'score_1_to_5', score: 6 }, /1–5 score/],
    ['0 on 1–10', { scale: 'score_1_to_10', score: 0 }, /1–10 score must be a number from 1 to 10/],
    ['11 on 1–10', { scale: 'score_1_to_10', score: 11 }, /1–10 score/],
    ['-1 on 0–100', { scale: 'score_0_to_100', score: -1 }, /0–100 score/],
    ['101 on 0–100', { scale: 'score_0_to_100', score: 101 }, /0–100 score/],
    ['NaN', { scale: 'score_0_to_100', score: Number.NaN }, /0–100 score/],
    ['Infinity', { scale: 'score_1_to_10', score: Number.POSITIVE_INFINITY }, /1–10 score/],
    ['a string score', { scale: 'score_1_to_5', score: '4' }, /1–5 score/],
    ['an unknown grade', { scale: 'grade', grade: 'great' }, /"great" is not a grade of the satisfaction grade scale/],
    ['满意 on the four-grade scale', { scale: 'four_grades', grade: 'satisfied' }, /not a grade of the four-grade scale/],
    ['非常满意 on the three-grade scale', { scale: 'three_grades', grade: 'very_satisfied' }, /not a grade of the three-grade scale/],
    ['an inherited property as grade', { scale: 'grade', grade: 'toString' }, /not a grade/],
    ['an unknown scale', { scale: 'stars', score: 4 }, /Unknown rating scale "stars"/],
  ];
  for (const [name, answer, message] of invalid) {
    it(`refuses ${name}`, () => assert.throws(() => toHundredPointScore(answer as SurveyAnswer), message));
  }

  it('labels the grades in the business’s words', () => {
    assert.deepEqual(
      Object.values(SATISFACTION_GRADES).map((g) => g.label),
      ['非常满意', '满意', '比较满意', '良好', '一般', '及格', '不太满意', '不满意', '很不满意'],
    );
    assert.deepEqual(Object.values(FOUR_GRADE_LABELS), ['很满意', '较满意', '一般', '不满意']);
    assert.deepEqual(Object.values(THREE_GRADE_LABELS), ['满意', '一般', '不满意']);
  });

  it('scores every grade inside its band of [004]', () => {
    const bands: Record<keyof typeof SATISFACTION_GRADES, [number, number]> = {
      very_satisfied: [100, 100], satisfied: [95, 95], fairly_satisfied: [90, 90], good: [80, 90], average: [70, 80],
      passable: [60, 70], not_very_satisfied: [40, 59], dissatisfied: [20, 40], very_dissatisfied: [0, 20],
    };
    for (const [grade, { score }] of Object.entries(SATISFACTION_GRADES)) {
      const [low, high] = bands[grade as keyof typeof bands];
      assert.ok(score >= low && score <= high, `${grade}: ${score} outside ${low}–${high}`);
    }
  });
});

describe('meanScore', () => {
  const rows: Array<[Array<number | null>, number | null]> = [
    [[], null],
    [[null, null], null],
    [[95], 95],
    [[100, null, 80], 90],
    [[100, 95, 90, 75], 90],
    [[0, 100], 50],
    [[null, 30, null, 10, 50], 30],
  ];
  for (const [scores, expected] of rows) {
    it(`[${scores.join(', ')}] → ${expected}`, () => assert.equal(meanScore(scores), expected));
  }
  it('refuses a score outside 0–100', () => assert.throws(() => meanScore([90, 120]), /100-point score must be a number from 0 to 100, got 120/));
  it('refuses NaN', () => assert.throws(() => meanScore([Number.NaN]), /100-point score/));
});
