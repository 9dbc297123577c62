import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CallResultDto } from '../../src/callbacks/dto/call-result.dto.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { aDelivery } from '../support/fixtures.js';
import { ADMINISTRATOR, AGENT, bearer, GENERAL_MANAGER, SALES_SYSTEM, type Caller } from '../support/tokens.js';
import { problemsOf } from '../support/validation.js';

type Problem = { statusCode: number; error: string; message: string; fields?: { field: string; problems: string[] }[] };

describe('hostile input gets a 4xx that says what was wrong', () => {
  let app: NestExpressApplication;
  let base: string;

  before(async () => {
    ({ app, base } = await startApiWithoutTemporal());
  });
  after(async () => {
    await app?.close();
  });

  const send = async (method: string, path: string, as: Caller, body?: string): Promise<{ status: number; body: Problem }> => {
    const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...bearer(as) }, ...(body === undefined ? {} : { body }) });
    return { status: res.status, body: (await res.json()) as Problem };
  };
  const fieldsOf = (problem: Problem) => (problem.fields ?? []).map((f) => f.field).sort();

  it('refuses a body over 64 KiB with 413, before anything reads it', async () => {
    const body = JSON.stringify({ ...aDelivery(), padding: 'x'.repeat(70_000) });
    const res = await send('POST', '/sales', SALES_SYSTEM, body);
    assert.equal(res.status, 413);
    assert.deepEqual(res.body, {
      statusCode: 413,
      error: 'Payload Too Large',
      message: `the body (${Buffer.byteLength(body)} bytes) is larger than the limit of 65536 bytes (64 KiB)`,
    });
  });

  it('refuses a body that is not JSON, saying where', async () => {
    const res = await send('POST', '/sales', SALES_SYSTEM, '{"saleId": ');
    assert.equal(res.status, 400);
    assert.match(res.body.message, /^the body is not valid JSON: /);
  });

  it('refuses U+0000 in any string of a body, naming the field, before it reaches PostgreSQL', async () => {
    const res = await send('POST', '/auth/login', SALES_SYSTEM, JSON.stringify({ username: 'mgr.chen\u0000', password: 'x' }));
    assert.equal(res.status, 400);
    assert.equal(res.body.message, 'field username holds the character U+0000, which is not allowed in text');
    const calendar = await send('PUT', '/calendar/years/2031', ADMINISTRATOR, JSON.stringify({ official: true, holidays: [], workdays: [], source: 'x\u0000' }));
    assert.deepEqual([calendar.status, calendar.body.message], [400, 'field source holds the character U+0000, which is not allowed in text']);
  });

  it('names unknown fields, and null sent for a field that may only be left out', async () => {
    const res = await send('POST', '/sales', SALES_SYSTEM, JSON.stringify({ ...aDelivery(), discount: 5, warrantyMonths: null }));
    assert.equal(res.status, 400);
    assert.deepEqual(fieldsOf(res.body), ['discount', 'warrantyMonths']);
    assert.deepEqual(res.body.fields!.find((f) => f.field === 'discount')!.problems, ['property discount should not exist']);
  });

  it('names a list sent where an object belongs, instead of failing on it', async () => {
    const sale = await send('POST', '/sales', SALES_SYSTEM, JSON.stringify({ ...aDelivery(), customer: [], actualUser: [] }));
    assert.deepEqual([sale.status, fieldsOf(sale.body)], [400, ['actualUser', 'customer']]);
    assert.deepEqual(sale.body.fields!.find((f) => f.field === 'customer')!.problems, ['customer must be an object']);
    const attemptId = '7d3f0c2e-5b8a-4c1e-9f6d-2a4b8c0e1f35';
    const survey = await send('POST', '/callbacks/S-1-C1/results', AGENT, JSON.stringify({ attemptId, outcome: 'survey_done', survey: [] }));
    assert.deepEqual([survey.status, fieldsOf(survey.body)], [400, ['survey']]);
    const script = await send('PUT', '/call-scripts/revisit', ADMINISTRATOR, JSON.stringify({ title: 't', steps: { opening: [], identity: { ask: 'x', ifNo: [] }, convenience: [], questions: [[]], closing: { say: 'y' } } }));
    assert.deepEqual([script.status, fieldsOf(script.body)], [400, ['steps.convenience', 'steps.identity.ifNo', 'steps.opening', 'steps.questions']]);
  });

  it('refuses dates and instants outside the years it computes with, instead of failing on them', async () => {
    const early = await send('GET', '/calendar/business-days?from=0429-01-01T00:00:00Z&days=2', AGENT);
    assert.equal(early.status, 400);
    assert.deepEqual(early.body.fields, [{ field: 'from', problems: ['from must lie in the years 1970 to 2999'] }]);
    const range = await send('GET', '/reports?start=0429-01-01&end=3001-01-01', GENERAL_MANAGER);
    assert.deepEqual([range.status, fieldsOf(range.body)], [400, ['end', 'start']]);
    const delivery = await send('POST', '/sales', SALES_SYSTEM, JSON.stringify(aDelivery({ deliveredOn: '1066-10-14' })));
    assert.deepEqual([delivery.status, fieldsOf(delivery.body)], [400, ['deliveredOn']]);
    const calendar = await send('PUT', '/calendar/years/2097', ADMINISTRATOR, JSON.stringify({ official: false, holidays: ['0429-12-22'], workdays: ['0682-03-04'] }));
    assert.equal(calendar.status, 400);
    assert.deepEqual(calendar.body.fields, [
      { field: 'holidays', problems: ['holidays must lie in 2097; 0429-12-22 do not'] },
      { field: 'workdays', problems: ['workdays must lie in 2097; 0682-03-04 do not'] },
    ]);
  });

  it('answers an unknown route or method with 404 in the same problem shape', async () => {
    const res = await send('DELETE', '/sales/S-1', SALES_SYSTEM);
    assert.deepEqual(res, { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'Cannot DELETE /sales/S-1' } });
  });
});

describe('the OpenAPI document describes every operation', () => {
  let app: NestExpressApplication;
  let document: any;

  before(async () => {
    let base: string;
    ({ app, base } = await startApiWithoutTemporal());
    document = await (await fetch(`${base}/docs/openapi.json`)).json();
  });
  after(async () => {
    await app?.close();
  });

  const operations = () =>
    Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));

  it('gives each operation a success answer with a schema, and each error answer the problem schema', () => {
    for (const { name, op } of operations()) {
      const statuses = Object.keys(op.responses);
      const successes = statuses.filter((s) => Number(s) < 400);
      assert.ok(successes.length > 0, name);
      for (const status of successes) assert.ok(Object.values(op.responses[status].content ?? {}).every((c: any) => c.schema), `${name} ${status}`);
      assert.ok(statuses.includes('503'), name);
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        const schema = op.responses[status].content['application/json'].schema.$ref;
        assert.equal(schema, name === 'GET /health' ? '#/components/schemas/HealthReportDto' : '#/components/schemas/ProblemDto', `${name} ${status}`);
      }
      if (op.requestBody) assert.ok(statuses.includes('400') && statuses.includes('413'), name);
    }
  });

  it('offers one valid body per outcome for a call result, and documents what the answer shows after a survey', async () => {
    const body = document.paths['/callbacks/{callbackId}/results'].post.requestBody.content['application/json'];
    assert.deepEqual(Object.keys(body.examples).sort(), ['busy', 'no_answer', 'questionnaire_sent', 'refused', 'survey_done', 'wrong_person']);
    for (const [outcome, example] of Object.entries(body.examples as Record<string, { value: unknown }>)) {
      assert.deepEqual(await problemsOf(CallResultDto, example.value), {}, outcome);
    }
    const { CallResultOutcomeDto, SurveyViewDto } = document.components.schemas;
    assert.equal(CallResultOutcomeDto.properties.survey.allOf?.[0]?.$ref ?? CallResultOutcomeDto.properties.survey.$ref, '#/components/schemas/SurveyViewDto');
    assert.match(CallResultOutcomeDto.properties.survey.description, /class/);
    for (const field of ['score', 'classification', 'feedbackCaseNo', 'leadCreated']) assert.ok(SurveyViewDto.required.includes(field), field);
  });

  it('pre-fills no filter of a list with an example, and keeps <saleId> visible in Swagger UI', () => {
    for (const { name, op } of operations()) {
      // Filters are the optional query parameters; a required one (business-days' from) is an input, and its example helps.
      for (const parameter of (op.parameters ?? []).filter((p: { in: string; required?: boolean }) => p.in === 'query' && !p.required)) {
        assert.equal(parameter.example ?? parameter.schema?.example, undefined, `${name} ?${parameter.name}`);
      }
    }
    // A claim's body is {}: an example agent id would be refused (403) to every other agent.
    assert.equal(document.components.schemas.ClaimCallbackDto.properties.agentId.example, undefined);
    const callbackId = document.paths['/callbacks/{callbackId}/claim'].post.parameters.find((p: { name: string }) => p.name === 'callbackId');
    // Markdown shows code spans literally; a bare <saleId> is an HTML tag to it.
    assert.ok(callbackId.description.includes('`<saleId>-C1`'));
    assert.doesNotMatch(callbackId.description.replace(/`[^`]*`/g, ''), /<\w+>/);
  });

  it('writes the validators into the request schemas and closes them to unknown fields', () => {
    const { SaleDeliveryDto, ContactPersonDto, CalendarYearBodyDto } = document.components.schemas;
    assert.equal(SaleDeliveryDto.additionalProperties, false);
    assert.equal(SaleDeliveryDto.properties.saleId.pattern, '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$');
    assert.equal(SaleDeliveryDto.properties.deliveredOn.format, 'date');
    assert.equal(SaleDeliveryDto.properties.warrantyMonths.type, 'integer');
    assert.deepEqual([ContactPersonDto.properties.name.minLength, ContactPersonDto.properties.name.maxLength], [1, 100]);
    assert.equal(ContactPersonDto.properties.email.format, 'email');
    assert.equal(CalendarYearBodyDto.properties.holidays.maxItems, 366);
    assert.equal(CalendarYearBodyDto.properties.holidays.items.pattern, String.raw`^\d{4}-\d{2}-\d{2}$`);
    const { CallScriptBodyDto, CallScriptStepsDto, ScriptQuestionDto } = document.components.schemas;
    for (const schema of [CallScriptBodyDto, CallScriptStepsDto, ScriptQuestionDto]) assert.equal(schema.additionalProperties, false);
    assert.deepEqual([CallScriptStepsDto.properties.questions.minItems, CallScriptStepsDto.properties.questions.maxItems], [1, 30]);
    assert.deepEqual([ScriptQuestionDto.properties.ask.minLength, ScriptQuestionDto.properties.ask.maxLength], [1, 2000]);
  });
});
