import { describe, expect, it } from 'vitest';
import { validateBody } from '../../api/validation';
import { fillPlaceholders } from './callScript';
import { initialSurvey, NOT_ASKED, surveyBody } from './surveyBody';

describe('the survey form becomes the survey record the API takes', () => {
  it('leaves out what was not asked or left empty, keeps only the part of each rating its scale uses', () => {
    const values = initialSurvey();
    values.survey.overall = { scale: 'score_1_to_10', score: 3, grade: 'satisfied' };
    values.survey.productRating = { scale: 'four_grades', grade: 'dissatisfied', score: 7 };
    values.survey.staffAttitude = { scale: NOT_ASKED };
    values.survey.usage = { city: '西安', location: '', hoursPerDay: null };
    values.survey.problems = ' 开机慢 \n\n售后电话打不通';
    values.survey.opinions = '   ';
    values.survey.saysDissatisfied = true;
    const body = surveyBody(values);
    expect(body).toEqual({
      method: 'phone',
      usage: { city: '西安' },
      overall: { scale: 'score_1_to_10', score: 3 },
      productRating: { scale: 'four_grades', grade: 'dissatisfied' },
      saysDissatisfied: true,
      complainedToManagement: false,
      seriousOpinion: false,
      problems: ['开机慢', '售后电话打不通'],
    });
    expect(validateBody('CallResultDto', { attemptId: crypto.randomUUID(), outcome: 'survey_done', survey: body })).toEqual([]);
  });

  it('an untouched form still needs its overall score', () => {
    const problems = validateBody('CallResultDto', { attemptId: crypto.randomUUID(), outcome: 'survey_done', survey: surveyBody(initialSurvey()) });
    expect(problems.map((p) => p.field)).toEqual(['survey.overall.score']);
  });
});

describe('call script placeholders', () => {
  it('fills the names it has and leaves the others as written', () => {
    expect(fillPlaceholders('您好，我是{agentName}，关于{productModel}的回访（{unknown}）', { agentName: '张伟', productModel: 'XR-200' })).toBe('您好，我是张伟，关于XR-200的回访（{unknown}）');
  });
});
