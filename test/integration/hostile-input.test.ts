import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startApiWithoutTemporal } from '../support/app.js';
import { aDelivery } from '../support/fixtures.js';
import { ADMINISTRATOR, AGENT, bearer, GENERAL_MANAGER, SALES_SYSTEM, type Caller } from '../support/tokens.js';

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
  });
});
