import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { problemsOf as problemsOfDto, validated } from '../support/validation.js';
import { CallResultDto } from '../../src/callbacks/dto/call-result.dto.js';
import { toSurveyRecord, type SurveyRecordDto } from '../../src/callbacks/dto/survey-record.dto.js';

type Body = Record<string, any>;

const problemsOf = (value: unknown) => problemsOfDto(CallResultDto, value);

const aSurvey = (overrides: Body = {}): Body => ({
  method: 'phone',
  usage: { location: '放射科', usedBy: '技师', city: '上海', hoursPerDay: 8 },
  overall: { scale: 'score_1_to_10', score: 9 },
  staffAttitude: { scale: 'three_grades', grade: 'satisfied' },
  saysDissatisfied: false,
  complainedToManagement: false,
  seriousOpinion: false,
  opinions: '希望培训再详细一些',
  problems: ['说明书不清楚'],
  repurchaseIntent: 'two more XR-200 next year',
  ...overrides,
});

const base = (outcome: string, fields: Body = {}): Body => ({ attemptId: randomUUID(), agentId: 'zhang.wei', outcome, ...fields });
const anActualUser = { name: '李强', title: '设备科科长', phone: '+86 139 0000 0000' };

const valid: Record<string, Body> = {
  survey_done: base('survey_done', { survey: aSurvey() }),
  busy: base('busy', { reason: 'in surgery', callBackAt: '2026-12-21T15:30:00+08:00' }),
  no_answer: base('no_answer'),
  wrong_person: base('wrong_person', { actualUser: anActualUser }),
  refused: base('refused', { reason: 'no time for surveys' }),
  questionnaire_sent: base('questionnaire_sent'),
};

const withSurvey = (change: Body): Body => ({ ...valid.survey_done, survey: aSurvey(change) });
const withOverall = (overall: unknown): Body => withSurvey({ overall });

describe('call result validation', () => {
  for (const [outcome, body] of Object.entries(valid)) {
    it(`accepts a complete ${outcome} result`, async () => {
      assert.deepEqual(await problemsOf(body), {});
    });
  }

  it('accepts a minimal survey, and every scale with an answer in its range', async () => {
    const minimal = { method: 'questionnaire', usage: {}, overall: { scale: 'unrated' }, saysDissatisfied: true, complainedToManagement: false, seriousOpinion: true };
    assert.deepEqual(await problemsOf({ ...valid.survey_done, survey: minimal }), {});
    const answers = [
      { scale: 'score_0_to_100', score: 0 }, { scale: 'score_0_to_100', score: 100 }, { scale: 'score_0_to_100', score: 72.5 },
      { scale: 'score_1_to_10', score: 1 }, { scale: 'score_1_to_10', score: 10 },
      { scale: 'score_1_to_5', score: 1 }, { scale: 'score_1_to_5', score: 5 },
      { scale: 'grade', grade: 'very_satisfied' }, { scale: 'grade', grade: 'very_dissatisfied' }, { scale: 'grade', grade: 'good' },
      { scale: 'four_grades', grade: 'fairly_satisfied' }, { scale: 'three_grades', grade: 'average' }, { scale: 'unrated' },
    ];
    for (const answer of answers) assert.deepEqual(await problemsOf(withOverall(answer)), {}, JSON.stringify(answer));
  });

  const cases: [string, Body, string[]][] = [
    // What each outcome needs.
    ['survey_done without a survey', base('survey_done'), ['survey']],
    ['busy without a reason or a time', base('busy'), ['callBackAt', 'reason']],
    ['busy without a time', base('busy', { reason: 'in surgery' }), ['callBackAt']],
    ['busy with an empty reason', base('busy', { reason: '', callBackAt: '2026-12-21T07:30:00Z' }), ['reason']],
    ['busy with a local time', base('busy', { reason: 'x', callBackAt: '2026-12-21T15:30:00' }), ['callBackAt']],
    ['busy with a bare date', base('busy', { reason: 'x', callBackAt: '2026-12-21' }), ['callBackAt']],
    ['busy with an impossible time', base('busy', { reason: 'x', callBackAt: '2026-02-30T10:00:00Z' }), ['callBackAt']],
    ['wrong_person without the actual user', base('wrong_person'), ['actualUser']],
    ['wrong_person with an actual user without a phone', base('wrong_person', { actualUser: { name: '李强' } }), ['actualUser.phone']],
    ['refused without a reason', base('refused'), ['reason']],
    // Fields that do not belong to the outcome.
    ['no_answer with a reason', base('no_answer', { reason: 'x' }), ['reason']],
    ['no_answer with a survey', base('no_answer', { survey: aSurvey() }), ['survey']],
    ['questionnaire_sent with a time', base('questionnaire_sent', { callBackAt: '2026-12-21T07:30:00Z' }), ['callBackAt']],
    ['refused with a time', { ...valid.refused, callBackAt: '2026-12-21T07:30:00Z' }, ['callBackAt']],
    ['refused with an actual user', { ...valid.refused, actualUser: anActualUser }, ['actualUser']],
    ['survey_done with a reason', { ...valid.survey_done, reason: 'x' }, ['reason']],
    ['busy with a survey and an actual user', { ...valid.busy, survey: aSurvey(), actualUser: anActualUser }, ['actualUser', 'survey']],
    ['wrong_person with a null survey', { ...valid.wrong_person, survey: null }, ['survey']],
    // The envelope.
    ['an unknown outcome', base('hung_up'), ['outcome']],
    ['a missing outcome', { attemptId: randomUUID(), agentId: 'a' }, ['outcome']],
    ['an attempt id that is not a UUID', { ...valid.no_answer, attemptId: 'attempt-1' }, ['attemptId']],
    ['a missing attempt id', { agentId: 'a', outcome: 'no_answer' }, ['attemptId']],
    ['an empty agent', { ...valid.no_answer, agentId: '' }, ['agentId']],
    ['an unknown field', { ...valid.no_answer, note: 'x' }, ['note']],
    // The survey.
    ['a survey that is not an object', { ...valid.survey_done, survey: 'fine' }, ['survey']],
    ['an unknown survey method', withSurvey({ method: 'fax' }), ['survey.method']],
    ['a missing overall answer', withSurvey({ overall: undefined }), ['survey.overall']],
    ['a missing usage', withSurvey({ usage: undefined }), ['survey.usage']],
    ['25 hours a day', withSurvey({ usage: { hoursPerDay: 25 } }), ['survey.usage.hoursPerDay']],
    ['negative hours a day', withSurvey({ usage: { hoursPerDay: -1 } }), ['survey.usage.hoursPerDay']],
    ['missing booleans', withSurvey({ saysDissatisfied: undefined, complainedToManagement: 'no', seriousOpinion: undefined }),
      ['survey.complainedToManagement', 'survey.saysDissatisfied', 'survey.seriousOpinion']],
    ['an unknown external body', withSurvey({ complainedTo: 'neighbours' }), ['survey.complainedTo']],
    ['opinions over 2000 characters', withSurvey({ opinions: 'x'.repeat(2001) }), ['survey.opinions']],
    ['21 problems', withSurvey({ problems: Array.from({ length: 21 }, (_, i) => `p${i}`) }), ['survey.problems']],
    ['a problem that is not text', withSurvey({ problems: ['ok', 5] }), ['survey.problems']],
    ['an unanswered question over 1000 characters', withSurvey({ unansweredQuestion: 'x'.repeat(1001) }), ['survey.unansweredQuestion']],
    ['a repurchase intent over 1000 characters', withSurvey({ repurchaseIntent: 'x'.repeat(1001) }), ['survey.repurchaseIntent']],
    ['an unknown survey field', withSurvey({ mood: 'good' }), ['survey.mood']],
    ['a bad per-dimension answer', withSurvey({ productRating: { scale: 'score_1_to_5', score: 6 } }), ['survey.productRating.score']],
    // Every scale's range, and grades.
    ['0–100 below its range', withOverall({ scale: 'score_0_to_100', score: -1 }), ['survey.overall.score']],
    ['0–100 above its range', withOverall({ scale: 'score_0_to_100', score: 101 }), ['survey.overall.score']],
    ['1–10 below its range', withOverall({ scale: 'score_1_to_10', score: 0 }), ['survey.overall.score']],
    ['1–10 above its range', withOverall({ scale: 'score_1_to_10', score: 11 }), ['survey.overall.score']],
    ['1–5 below its range', withOverall({ scale: 'score_1_to_5', score: 0 }), ['survey.overall.score']],
    ['1–5 above its range', withOverall({ scale: 'score_1_to_5', score: 5.5 }), ['survey.overall.score']],
    ['a score scale without a score', withOverall({ scale: 'score_1_to_10' }), ['survey.overall.score']],
    ['a score given as text', withOverall({ scale: 'score_0_to_100', score: '90' }), ['survey.overall.score']],
    ['a score scale with a grade', withOverall({ scale: 'score_1_to_10', score: 9, grade: 'satisfied' }), ['survey.overall.grade']],
    ['a grade scale without a grade', withOverall({ scale: 'grade' }), ['survey.overall.grade']],
    ['an unknown grade', withOverall({ scale: 'grade', grade: 'ecstatic' }), ['survey.overall.grade']],
    ['a grade of another scale on four grades', withOverall({ scale: 'four_grades', grade: 'good' }), ['survey.overall.grade']],
    ['a grade of another scale on three grades', withOverall({ scale: 'three_grades', grade: 'very_satisfied' }), ['survey.overall.grade']],
    ['a grade scale with a score', withOverall({ scale: 'three_grades', grade: 'average', score: 70 }), ['survey.overall.score']],
    ['unrated with a score', withOverall({ scale: 'unrated', score: 70 }), ['survey.overall.score']],
    ['unrated with a grade', withOverall({ scale: 'unrated', grade: 'average' }), ['survey.overall.grade']],
    ['an unknown scale', withOverall({ scale: 'stars', score: 4 }), ['survey.overall.scale']],
  ];
  for (const [what, body, fields] of cases) {
    it(`names the field for ${what}`, async () => {
      const problems = await problemsOf(body);
      assert.deepEqual(Object.keys(problems).sort(), fields, JSON.stringify(problems));
      for (const messages of Object.values(problems)) assert.ok(messages.length > 0);
    });
  }

  it('says which outcome a foreign field belongs to', async () => {
    const problems = await problemsOf({ ...valid.no_answer, reason: 'x' });
    assert.match(problems.reason!.join(' '), /does not belong to outcome no_answer; only to busy, refused/);
  });

  it('says the range of the scale', async () => {
    const problems = await problemsOf(withOverall({ scale: 'score_1_to_5', score: 0 }));
    assert.match(problems['survey.overall.score']!.join(' '), /from 1 to 5/);
  });

  it("turns a validated survey into the workflow's record, without the parts left out or the other scale's part", async () => {
    const dto = await validated(CallResultDto, valid.survey_done);
    const survey = toSurveyRecord(dto.survey as SurveyRecordDto);
    assert.deepEqual(JSON.parse(JSON.stringify(survey)), survey);
    assert.deepEqual(survey, aSurvey());
  });
});
