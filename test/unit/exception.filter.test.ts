import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestException, HttpException, Logger, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { ConnectionException, DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { AppExceptionFilter } from '../../src/common/exception.filter.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../src/common/errors.js';

function respond(err: unknown) {
  const res = {
    statusCode: 0,
    body: undefined as unknown,
    headers: {} as Record<string, string>,
    status(code: number) { this.statusCode = code; return this; },
    setHeader(name: string, value: string) { this.headers[name] = value; return this; },
    json(body: unknown) { this.body = body; return this; },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ method: 'POST', path: '/sales', route: { path: '/sales' } }) }),
  } as unknown as ArgumentsHost;
  new AppExceptionFilter().catch(err, host);
  return res;
}

const pgError = (message: string, code: string) => new DriverException(Object.assign(new Error(message), { code }));
const grpcError = (code: number) => new ServiceError('failed', { cause: Object.assign(new Error(`${code} failed`), { code }) });

describe('AppExceptionFilter', () => {
  const cases: [string, unknown, number][] = [
    ['a validation error keeps its 400 and body', new BadRequestException({ statusCode: 400, fields: [] }), 400],
    ['not found', new NotFoundError('sale S-1 is not known'), 404],
    ['a conflict', new ConflictError('callback already claimed'), 409],
    ['a forbidden action', new ForbiddenError('only the after-sales manager may do this'), 403],
    ['Temporal unavailable', new ServiceError('down', { cause: Object.assign(new Error('14 UNAVAILABLE'), { code: 14 }) }), 503],
    ['an update Temporal did not answer in time', new WorkflowUpdateRPCTimeoutOrCancelledError('timed out', { cause: new Error('deadline') }), 503],
    ['the database unavailable', new ConnectionException(new Error('connect ECONNREFUSED')), 503],
    ['the database recovering after a crash (57P03)', pgError('the database system is not yet accepting connections', '57P03'), 503],
    ['the database shutting down (57P01)', pgError('terminating connection due to administrator command', '57P01'), 503],
    ['a lost database connection (class 08)', pgError('connection failure', '08006'), 503],
    ['a refused database connection', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 503],
    ['a database with no free connection (53300)', pgError('sorry, too many clients already', '53300'), 503],
    ['a broken constraint, which a retry cannot fix', new UniqueConstraintViolationException(Object.assign(new Error('duplicate key'), { code: '23505' })), 500],
    ['a query Temporal gave up on (CANCELLED)', grpcError(1), 503],
    ['Temporal rate limiting (RESOURCE_EXHAUSTED)', grpcError(8), 503],
    ['a request Temporal refused as invalid', grpcError(3), 500],
    ['anything else', new TypeError('x is undefined'), 500],
  ];
  for (const [what, err, status] of cases) {
    it(`answers ${status} for ${what}`, (t) => {
      t.mock.method(Logger.prototype, 'error', () => undefined);
      t.mock.method(Logger.prototype, 'warn', () => undefined);
      assert.equal(respond(err).statusCode, status);
    });
  }

  it('logs neither the message nor the body of an unexpected error, which may quote customer data', (t) => {
    const logged = t.mock.method(Logger.prototype, 'error', () => undefined);
    const res = respond(new Error('duplicate key (phone)=(+86 138 0013 8000)'));
    assert.deepEqual(res.body, { statusCode: 500, error: 'internal', message: 'internal error' });
    const text = JSON.stringify(logged.mock.calls.map((c) => c.arguments));
    assert.ok(logged.mock.callCount() === 1);
    assert.ok(!text.includes('138 0013 8000'), text);
  });

  it('gives every HTTP error the one problem shape: statusCode, error and message', () => {
    assert.deepEqual(respond(new NotFoundException('Cannot GET /nope')).body, { statusCode: 404, error: 'Not Found', message: 'Cannot GET /nope' });
    assert.deepEqual(respond(new HttpException('gone', 410)).body, { statusCode: 410, error: 'Gone', message: 'gone' });
    assert.deepEqual(respond(new BadRequestException({ message: ['a is wrong', 'b is wrong'] })).body, { statusCode: 400, error: 'Bad Request', message: 'a is wrong; b is wrong' });
    const fields = [{ field: 'customer.phone', problems: ['customer.phone is wrong'] }];
    assert.deepEqual(respond(new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'invalid customer.phone', fields })).body, {
      statusCode: 400, error: 'Bad Request', message: 'invalid customer.phone', fields,
    });
  });

  it('says what the body parser found wrong: a body over the limit, or one that is not JSON', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { type: 'entity.too.large', limit: 65_536, length: 70_000 });
    assert.deepEqual(respond(new HttpException('request entity too large', 413, { cause: tooLarge })).body, {
      statusCode: 413, error: 'Payload Too Large', message: 'the body (70000 bytes) is larger than the limit of 65536 bytes (64 KiB)',
    });
    const notJson = new SyntaxError("Expected property name or '}' in JSON at position 1");
    assert.equal((respond(new BadRequestException(notJson.message, { cause: notJson })).body as { message: string }).message,
      "the body is not valid JSON: Expected property name or '}' in JSON at position 1");
  });

  it('logs the type and code of an unexpected error and of its cause, for the operator', (t) => {
    const logged = t.mock.method(Logger.prototype, 'error', () => undefined);
    respond(grpcError(3));
    assert.match(String(logged.mock.calls[0]!.arguments[0]), /failed: ServiceError <- Error \(code 3\)$/);
  });
});
