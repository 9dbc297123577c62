import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { problemsOf as problemsOfDto, validated } from '../support/validation.js';
import { CallbacksQueryDto } from '../../src/callbacks/dto/callbacks-query.dto.js';

// Query values arrive as strings, or as arrays of strings when a parameter is repeated.
const parse = (query: Record<string, string | string[]>) => validated(CallbacksQueryDto, query, 'query');

const problemsOf = (value: unknown) => problemsOfDto(CallbacksQueryDto, value, 'query');

describe('callback queue query validation', () => {
  it('defaults to the first page of 50', async () => {
    const query = await parse({});
    assert.equal(query.page, 1);
    assert.equal(query.pageSize, 50);
    assert.equal(query.status, undefined);
  });

  it('converts every filter from its query string', async () => {
    const query = await parse({
      status: 'due, claimed',
      dueBefore: '2026-12-01T08:00:00+08:00',
      agent: 'zhang.wei',
      customerCategory: 'military',
      page: '3',
      pageSize: '200',
    });
    assert.deepEqual({ ...query }, {
      status: ['due', 'claimed'],
      dueBefore: '2026-12-01T08:00:00+08:00',
      agent: 'zhang.wei',
      customerCategory: 'military',
      page: 3,
      pageSize: 200,
    });
  });

  it('takes several statuses as a comma list or a repeated parameter', async () => {
    assert.deepEqual((await parse({ status: 'due' })).status, ['due']);
    assert.deepEqual((await parse({ status: 'scheduled,due' })).status, ['scheduled', 'due']);
    assert.deepEqual((await parse({ status: ['scheduled', 'due,claimed'] })).status, ['scheduled', 'due', 'claimed']);
  });

  it('accepts an instant in UTC, with an offset or with fractions of a second', async () => {
    for (const dueBefore of ['2026-12-01T00:00:00Z', '2026-12-01T00:00Z', '2026-12-01T00:00:00.123Z', '2026-12-01T08:00:00-05:00']) {
      assert.deepEqual(await problemsOf({ dueBefore }), {}, dueBefore);
    }
  });

  const cases: [string, Record<string, string | string[]>, string[]][] = [
    ['an unknown status', { status: 'lost' }, ['status']],
    ['an unknown status in a list', { status: 'due,lost' }, ['status']],
    ['an unknown status among repeated ones', { status: ['due', 'lost'] }, ['status']],
    ['an empty status', { status: '' }, ['status']],
    ['a word for an instant', { dueBefore: 'tomorrow' }, ['dueBefore']],
    ['a date for an instant', { dueBefore: '2026-12-01' }, ['dueBefore']],
    ['a local time without an offset', { dueBefore: '2026-12-01T10:00:00' }, ['dueBefore']],
    ['an impossible instant', { dueBefore: '2026-02-30T10:00:00Z' }, ['dueBefore']],
    ['an empty agent', { agent: '' }, ['agent']],
    ['two agents', { agent: ['a', 'b'] }, ['agent']],
    ['an unknown customer category', { customerCategory: 'space' }, ['customerCategory']],
    ['page 0', { page: '0' }, ['page']],
    ['a page that is not a number', { page: 'two' }, ['page']],
    ['a fractional page', { page: '1.5' }, ['page']],
    ['a page size of 0', { pageSize: '0' }, ['pageSize']],
    ['a page size above 200', { pageSize: '500' }, ['pageSize']],
    ['an unknown parameter', { sort: 'dueAt' }, ['sort']],
    ['several bad parameters at once', { status: 'lost', pageSize: '500', colour: 'red' }, ['colour', 'pageSize', 'status']],
  ];
  for (const [what, query, fields] of cases) {
    it(`names the parameter for ${what}`, async () => {
      const problems = await problemsOf(query);
      assert.deepEqual(Object.keys(problems).sort(), fields);
      for (const messages of Object.values(problems)) assert.ok(messages.length > 0);
    });
  }
});
