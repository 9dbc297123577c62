import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type Consequences,
  type SurveyClass,
  type SurveyFindings,
  classifySurvey,
  consequencesOf,
} from '../../../workflows/domain/classification.js';

const calm: SurveyFindings = {
  score100: 95,
  saysDissatisfied: false,
  complainedExternally: false,
  complainedToManagement: false,
  seriousOpinion: false,
  opinion: null,
  unansweredQuestion: false,
};

describe('classifySurvey', () => {
  const rows: Array<[string, Partial<SurveyFindings>, SurveyClass]> = [
    // complaint 客户投诉: to the manufacturer, media or a government body
    ['complained externally', { complainedExternally: true }, 'complaint'],
    ['complained externally with a perfect score', { complainedExternally: true, score100: 100 }, 'complaint'],
    ['complaint wins over dissatisfied', { complainedExternally: true, saysDissatisfied: true, score100: 10 }, 'complaint'],
    ['complaint wins over grievance', { complainedExternally: true, complainedToManagement: true, seriousOpinion: true }, 'complaint'],
    // dissatisfied 回访不满意: says so, or score below 70
    ['says dissatisfied despite a high score', { saysDissatisfied: true, score100: 95 }, 'dissatisfied'],
    ['says dissatisfied, unrated', { saysDissatisfied: true, score100: null }, 'dissatisfied'],
    ['score 69.9', { score100: 69.9 }, 'dissatisfied'],
    ['score 50', { score100: 50 }, 'dissatisfied'],
    ['score 0', { score100: 0 }, 'dissatisfied'],
    ['dissatisfied wins over grievance', { score100: 60, complainedToManagement: true }, 'dissatisfied'],
    ['dissatisfied wins over opinion', { score100: 65, opinion: '送货太慢' }, 'dissatisfied'],
    // grievance 客户抱怨: serious opinion, or complained to the GM or a department head
    ['serious opinion', { seriousOpinion: true, opinion: '维修师傅迟到两小时' }, 'grievance'],
    ['complained to management', { complainedToManagement: true }, 'grievance'],
    ['grievance at a score of exactly 70', { score100: 70, seriousOpinion: true }, 'grievance'],
    ['grievance wins over opinion', { score100: 90, complainedToManagement: true, opinion: '希望提前通知' }, 'grievance'],
    // opinion 客户意见
    ['score 80 with an opinion', { score100: 80, opinion: '希望提前通知' }, 'opinion'],
    ['score 100 with an opinion', { score100: 100, opinion: '说明书可以更详细' }, 'opinion'],
    ['score 79.9 with an opinion (decision: not dropped as satisfied)', { score100: 79.9, opinion: '希望提前通知' }, 'opinion'],
    ['score 70 with an opinion (decision)', { score100: 70, opinion: '希望提前通知' }, 'opinion'],
    ['unrated with an opinion (decision)', { score100: null, opinion: '希望提前通知' }, 'opinion'],
    // satisfied
    ['score 95, nothing said', {}, 'satisfied'],
    ['score exactly 70, nothing said', { score100: 70 }, 'satisfied'],
    ['score 75, nothing said', { score100: 75 }, 'satisfied'],
    ['unrated, nothing said', { score100: null }, 'satisfied'],
    ['a blank opinion is no opinion', { opinion: '   ' }, 'satisfied'],
    ['an empty opinion is no opinion', { opinion: '' }, 'satisfied'],
    ['an unanswered question alone does not change the class', { unansweredQuestion: true }, 'satisfied'],
  ];
  for (const [name, findings, expected] of rows) {
    it(`${name} → ${expected}`, () => assert.equal(classifySurvey({ ...calm, ...findings }), expected));
  }

  for (const score of [-1, 100.5, Number.NaN]) {
    it(`refuses the score ${score}`, () => assert.throws(() => classifySurvey({ ...calm, score100: score }), /100-point score must be a number from 0 to 100 or null/));
  }
});

describe('consequencesOf', () => {
  const none: Consequences = {
    openFeedbackCase: false,
    priority: null,
    notifyGeneralManagerNow: false,
    listInMonthlyReport: false,
    createLead: false,
  };
  const rows: Array<[SurveyClass, { unansweredQuestion?: boolean; repurchaseIntent?: boolean }, Partial<Consequences>]> = [
    ['complaint', {}, { openFeedbackCase: true, priority: 'high', notifyGeneralManagerNow: true }],
    ['complaint', { unansweredQuestion: true, repurchaseIntent: true }, { openFeedbackCase: true, priority: 'high', notifyGeneralManagerNow: true, createLead: true }],
    ['dissatisfied', {}, { openFeedbackCase: true, priority: 'high' }],
    ['dissatisfied', { unansweredQuestion: true }, { openFeedbackCase: true, priority: 'high' }],
    ['grievance', {}, { openFeedbackCase: true, priority: 'medium' }],
    ['grievance', { unansweredQuestion: true }, { openFeedbackCase: true, priority: 'medium' }],
    ['opinion', {}, { listInMonthlyReport: true }],
    ['opinion', { unansweredQuestion: true }, { openFeedbackCase: true, priority: 'medium', listInMonthlyReport: true }],
    ['satisfied', {}, {}],
    ['satisfied', { unansweredQuestion: true }, { openFeedbackCase: true, priority: 'medium' }],
    ['satisfied', { repurchaseIntent: true }, { createLead: true }],
    ['opinion', { repurchaseIntent: true }, { listInMonthlyReport: true, createLead: true }],
  ];
  for (const [surveyClass, extras, expected] of rows) {
    const label = Object.entries(extras).filter(([, on]) => on).map(([key]) => key).join(' + ') || 'nothing else';
    it(`${surveyClass} with ${label}`, () => {
      const result = consequencesOf(surveyClass, { unansweredQuestion: false, repurchaseIntent: false, ...extras });
      assert.deepEqual(result, { ...none, ...expected });
    });
  }
  it('refuses an unknown class', () => {
    assert.throws(() => consequencesOf('angry' as SurveyClass, { unansweredQuestion: false, repurchaseIntent: false }), /Unknown survey class "angry"/);
  });
});
