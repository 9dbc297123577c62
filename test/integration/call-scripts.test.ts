import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { scriptProblems, scriptTexts, type CallScriptSteps } from '../../src/call-scripts/call-script-content.js';
import type { CallScriptDto } from '../../src/call-scripts/dto/call-script.dto.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { ADMINISTRATOR, AGENT, MANAGER, SALES_SYSTEM, bearer, type Caller } from '../support/tokens.js';

// Only this file changes the call scripts, and it puts back what it changed.
describe('call scripts (回访话术) as data', () => {
  let app: NestExpressApplication;
  let base: string;

  const request = async (method: string, path: string, caller: Caller, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...bearer(caller) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };
  const put = (kind: string, body: unknown, caller: Caller = ADMINISTRATOR) => request('PUT', `/call-scripts/${kind}`, caller, body);
  const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();
  let seeded: CallScriptDto;

  before(async () => {
    ({ app, base } = await startApiWithoutTemporal());
    seeded = (await request('GET', '/call-scripts/first_30_days', AGENT)).body;
  });
  after(async () => {
    await app?.close();
  });

  it('gives any agent the scripts of the three callbacks and the re-visit, in that order', async () => {
    const { status, body } = await request('GET', '/call-scripts', AGENT);
    assert.equal(status, 200, JSON.stringify(body));
    const scripts = body.items as CallScriptDto[];
    assert.deepEqual(scripts.map((s) => [s.kind, s.title]), [
      ['first_30_days', '第一次回访（送货满30天）'],
      ['second_3_months', '第二次回访（送货满三个月）'],
      ['warranty_expiry', '第三次回访（保修期满）'],
      ['revisit', '反馈处理后的独立回访'],
    ]);
    for (const script of scripts) {
      assert.deepEqual(scriptProblems(script.kind, script.steps), [], script.kind);
      assert.ok(script.steps.questions.length >= 3 && script.version >= 1, script.kind);
      assert.ok(!script.placeholders.some((p) => /name$|phone/i.test(p.name) && p.name !== 'agentName'), 'no placeholder for a customer\'s name or phone');
    }
    assert.deepEqual(scripts[0]!.placeholders.map((p) => p.name), ['agentName', 'contactTitle', 'productModel', 'deliveredOn', 'warrantyEndsOn']);
    assert.deepEqual(scripts[3]!.placeholders.map((p) => p.name), ['agentName', 'contactTitle', 'productModel', 'deliveredOn', 'warrantyEndsOn', 'caseNo', 'receivedOn']);
    assert.deepEqual(scripts[3]!.answerFields, ['satisfied', 'score', 'customerWords']);
    assert.equal((await request('GET', '/call-scripts', MANAGER)).status, 200);
    assert.equal((await request('GET', '/call-scripts', SALES_SYSTEM)).status, 403);
  });

  it('holds the steps of the seeded 话术: opening, are you the user, is now convenient, the questions, closing', async () => {
    const { steps } = seeded;
    assert.match(steps.opening.say, /我是售后客服部的\{agentName\}/);
    assert.match(steps.identity.ask, /请问您是这台\{productModel\}的使用人\{contactTitle\}吗？/);
    assert.match(steps.identity.ifNo.say, /记录使用人的姓名、职务和电话/);
    assert.match(steps.convenience.ask, /为了能更好地为您服务，加强彼此的沟通联系，现在想耽误您几分钟时间.*请问您现在方便吗？/);
    assert.equal(steps.convenience.ifNo.say, '请问您什么时间方便呢？我什么时间打给您合适？');
    assert.match(steps.convenience.ifNo.closing, /那您先忙，我们将会竭诚为您服务的，祝您生活愉快，再见！/);
    assert.ok(steps.questions.some((q) => q.ask === '您是否有更好的建议或者意见呢？' && q.answer === 'opinions'));
    assert.deepEqual(steps.questions.map((q) => q.answer), ['usage', 'problems', 'productRating', 'staffAttitude', 'responseSpeed', 'overall', 'opinions', 'repurchaseIntent']);
    assert.match(steps.closing.say, /非常感谢您对我们工作的支持，我们将会进一步改进；同时，您的问题我已经详细记录，我们将在工作日之内给您回复/);
    const warranty = (await request('GET', '/call-scripts/warranty_expiry', AGENT)).body as CallScriptDto;
    assert.match(warranty.steps.opening.say, /保修期到\{warrantyEndsOn\}届满/);
  });

  it('answers 400 for a kind that is not one', async () => {
    const { status, body } = await request('GET', '/call-scripts/fourth_call', AGENT);
    assert.equal(status, 400);
    assert.deepEqual(fieldsOf(body), ['kind']);
  });

  it('lets the administrator edit a script: stored with the next version and the editor, read back by agents', async () => {
    const steps: CallScriptSteps = {
      ...seeded.steps,
      questions: [...seeded.steps.questions, { ask: '您对{productModel}的培训还满意吗？', hint: '（培训满意度）' }],
    };
    const { status, body } = await put('first_30_days', { title: '第一次回访（30天，修订）', steps });
    try {
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual([body.title, body.version, body.updatedBy], ['第一次回访（30天，修订）', seeded.version + 1, ADMINISTRATOR.id]);
      const read = (await request('GET', '/call-scripts/first_30_days', AGENT)).body as CallScriptDto;
      assert.deepEqual(read.steps.questions.at(-1), { ask: '您对{productModel}的培训还满意吗？', hint: '（培训满意度）' });
      assert.equal(read.version, seeded.version + 1);
    } finally {
      const restored = await put('first_30_days', { title: seeded.title, steps: seeded.steps });
      assert.equal(restored.status, 200);
    }
    const after = (await request('GET', '/call-scripts/first_30_days', AGENT)).body as CallScriptDto;
    assert.deepEqual([after.title, after.steps, after.version], [seeded.title, seeded.steps, seeded.version + 2]);
  });

  it('refuses a script with an unknown placeholder, one this kind cannot fill, a stray brace or a foreign answer field, naming each', async () => {
    const steps = structuredClone(seeded.steps);
    steps.opening.say = '您好，{customerName}！';
    steps.closing.say = '再见 {agentName';
    const unknown = await put('first_30_days', { title: seeded.title, steps });
    assert.equal(unknown.status, 400);
    assert.deepEqual(fieldsOf(unknown.body), ['steps.closing.say', 'steps.opening.say']);
    assert.match(JSON.stringify(unknown.body.fields), /\{customerName\} is not a placeholder here/);
    assert.match(JSON.stringify(unknown.body.fields), /a brace that opens or closes no placeholder/);

    const ofRevisit = structuredClone(seeded.steps);
    ofRevisit.opening.say = '关于反馈单{caseNo}';
    ofRevisit.questions[0] = { ask: '满意吗？', answer: 'satisfied' };
    const wrongKind = await put('first_30_days', { title: seeded.title, steps: ofRevisit });
    assert.equal(wrongKind.status, 400);
    assert.deepEqual(fieldsOf(wrongKind.body), ['steps.opening.say', 'steps.questions.0.answer']);
    assert.match(JSON.stringify(wrongKind.body.fields), /satisfied is not a field of the first_30_days form/);
    // The same placeholder is the re-visit's own.
    const revisit = (await request('GET', '/call-scripts/revisit', AGENT)).body as CallScriptDto;
    assert.match(revisit.steps.opening.say, /\{caseNo\}/);
  });

  it('refuses a script missing a step, with no questions, empty or too long texts, or unknown fields', async () => {
    const { identity: _identity, ...withoutIdentity } = seeded.steps;
    const missing = await put('second_3_months', { title: seeded.title, steps: withoutIdentity });
    assert.deepEqual([missing.status, fieldsOf(missing.body)], [400, ['steps.identity']]);

    const noQuestions = await put('second_3_months', { title: '', steps: { ...seeded.steps, questions: [] } });
    assert.deepEqual([noQuestions.status, fieldsOf(noQuestions.body)], [400, ['steps.questions', 'title']]);

    const long = structuredClone(seeded.steps);
    long.convenience.ifNo.closing = '好'.repeat(2001);
    long.questions[1]!.ask = '';
    (long.questions[2] as unknown as Record<string, unknown>).asked = true;
    const bad = await put('second_3_months', { title: seeded.title, steps: long, version: 3 });
    assert.equal(bad.status, 400);
    assert.deepEqual(fieldsOf(bad.body), ['steps.convenience.ifNo.closing', 'steps.questions.1.ask', 'steps.questions.2.asked', 'version']);
  });

  it('lets only the administrator edit', async () => {
    for (const caller of [AGENT, MANAGER]) assert.equal((await put('revisit', { title: seeded.title, steps: seeded.steps }, caller)).status, 403);
    assert.ok(scriptTexts(seeded.steps).length > 8);
  });
});
