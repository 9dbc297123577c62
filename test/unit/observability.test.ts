import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { describeError, safeError } from '../../src/logging/logger.js';
import { TemporalPinoLogger } from '../../src/logging/temporal-logger.js';
import { routeTemplate } from '../../src/metrics/route-template.js';
import { withoutLiterals } from '../../src/telemetry/tracing.js';

/** A pino logger writing JSON lines into an array. */
function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level, formatters: { level: (label) => ({ level: label }) } }, stream), lines };
}

describe('SQL in trace spans', () => {
  const cases: [string, string, string][] = [
    ['strings, JSON and numbers', `insert into "customer" ("id", "name", "buyer", "n") values ('C-1', '华东第一人民医院', '{"phone":"+86 138"}', 12.5)`, `insert into "customer" ("id", "name", "buyer", "n") values (?, ?, ?, ?)`],
    ['a doubled quote inside a string', `update "x" set "name" = 'O''Brien 王芳' where "id" = 'a'`, `update "x" set "name" = ? where "id" = ?`],
    ['a backslash in a standard string', `select 'C:\\', '王芳'`, `select ?, ?`],
    ['an escape string', `select E'it\\'s 王芳'`, `select ?`],
    ['a dollar-quoted string', `select $tag$王芳$tag$, $$李强$$`, `select ?, ?`],
    ['placeholders, identifiers with digits and negative numbers', `select "t1"."c2" from "t1" where "a" = $1 and "b" > -3 limit 10`, `select "t1"."c2" from "t1" where "a" = $1 and "b" > ? limit ?`],
  ];
  for (const [what, sql, expected] of cases) {
    it(`keeps no values: ${what}`, () => assert.equal(withoutLiterals(sql), expected));
  }
});

describe('errors in logs', () => {
  it('keeps the message of a Temporal failure, written by this code with ids only', () => {
    const logged = safeError(ApplicationFailure.nonRetryable('callback S-1-C1 is not known', 'UnknownCallback'));
    assert.deepEqual([logged.type, logged.message, logged.failureType], ['ApplicationFailure', 'callback S-1-C1 is not known', 'UnknownCallback']);
  });

  it("drops a driver error's message, which can quote a row's values, and keeps its code, frames and cause", () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const err = Object.assign(new Error('duplicate key value: Key (name)=(王芳) already exists', { cause }), { name: 'DatabaseError', code: '23505' });
    const logged = safeError(err);
    assert.equal(logged.message, undefined);
    assert.equal(logged.code, '23505');
    assert.match(logged.stack ?? '', /^\s+at /);
    assert.ok(!JSON.stringify(logged).includes('王芳'));
    assert.deepEqual([logged.cause?.type, logged.cause?.code], ['Error', 'ECONNREFUSED']);
    assert.equal(describeError(err), 'DatabaseError (code 23505) <- Error (code ECONNREFUSED)');
  });
});

describe("the Temporal runtime's log lines", () => {
  it('arrive in the pino stream at their level, with one name for each id and errors made safe', () => {
    const { logger, lines } = capture('debug');
    const sdk = new TemporalPinoLogger(logger);
    sdk.debug('Activity completed', { workflowId: 'sale-S-1', workflowRunId: 'run-1', activityType: 'registerSale', taskToken: 'AAAA', sdkComponent: 'worker' });
    sdk.warn('Activity failed', { workflow_id: 'sale-S-2', run_id: 'run-2', trace_id: 't', span_id: 's', trace_flags: '01', error: new Error('王芳 violates') });
    sdk.trace('polled', {});
    assert.equal(lines.length, 2);
    assert.deepEqual(
      [lines[0]!.level, lines[0]!.msg, lines[0]!.workflowId, lines[0]!.runId, lines[0]!.activityType, 'taskToken' in lines[0]!],
      ['debug', 'Activity completed', 'sale-S-1', 'run-1', 'registerSale', false],
    );
    assert.deepEqual([lines[1]!.level, lines[1]!.workflowId, lines[1]!.runId, lines[1]!.traceId, lines[1]!.spanId, 'trace_flags' in lines[1]!], ['warn', 'sale-S-2', 'run-2', 't', 's', false]);
    assert.equal((lines[1]!.error as { type: string }).type, 'Error');
    assert.ok(!JSON.stringify(lines).includes('王芳'));
  });

  it('honours the level: at warn, info and debug lines are dropped', () => {
    const { logger, lines } = capture('warn');
    const sdk = new TemporalPinoLogger(logger);
    sdk.info('Worker state changed', { state: 'RUNNING' });
    sdk.debug('Activity started');
    sdk.error('Worker failed', { error: new Error('x') });
    assert.deepEqual(lines.map((line) => line.msg), ['Worker failed']);
  });
});

describe('route templates in labels', () => {
  const request = (extra: object) => Object.assign(Object.create(null) as object, extra) as Parameters<typeof routeTemplate>[0];
  it('is the route as declared, with its mount path', () => {
    assert.equal(routeTemplate(request({ route: { path: '/sales/:saleId' }, baseUrl: '' })), '/sales/:saleId');
    assert.equal(routeTemplate(request({ route: { path: '/:id' }, baseUrl: '/app' })), '/app/:id');
  });
  it('is "unmatched" for a request no route answered: never the path with its ids', () => {
    assert.equal(routeTemplate(request({ url: '/sales/S-2026-0001/x' })), 'unmatched');
  });
});

describe('operations settings', () => {
  it('has defaults: metrics and health on their own ports, JSON logs, tracing off', () => {
    const config = loadConfig({});
    assert.deepEqual(
      [config.API_METRICS_PORT, config.WORKER_METRICS_PORT, config.WORKER_HEALTH_PORT, config.METRICS_HOST, config.LOG_FORMAT],
      [9464, 9465, 9466, '127.0.0.1', 'json'],
    );
    assert.deepEqual([config.BUSINESS_METRICS_INTERVAL_S, config.WORKER_POLL_MAX_AGE_S, config.OTEL_EXPORTER_OTLP_ENDPOINT], [30, 90, undefined]);
  });

  it('reads an empty OTLP endpoint, as Compose passes it, as none', () => {
    assert.equal(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).OTEL_EXPORTER_OTLP_ENDPOINT, undefined);
    assert.equal(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).OTEL_EXPORTER_OTLP_ENDPOINT, 'http://collector:4318');
  });

  const invalid: [string, Record<string, string>, RegExp][] = [
    ['metrics on the API port', { API_PORT: '3000', API_METRICS_PORT: '3000' }, /API_METRICS_PORT: must differ from API_PORT/],
    ['worker health on its metrics port', { WORKER_METRICS_PORT: '9500', WORKER_HEALTH_PORT: '9500' }, /WORKER_HEALTH_PORT: must differ/],
    ['an unknown log format', { LOG_FORMAT: 'xml' }, /LOG_FORMAT/],
    ['an OTLP endpoint that is not a URL', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' }, /OTEL_EXPORTER_OTLP_ENDPOINT/],
    ['a gauge interval of zero', { BUSINESS_METRICS_INTERVAL_S: '0' }, /BUSINESS_METRICS_INTERVAL_S/],
  ];
  for (const [what, env, message] of invalid) {
    it(`refuses ${what}, naming the variable`, () => {
      assert.throws(() => loadConfig(env), (err: unknown) => err instanceof ConfigError && message.test(err.message));
    });
  }
});
