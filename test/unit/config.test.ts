import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('configuration from the environment', () => {
  it('has working defaults for a local run', () => {
    const config = loadConfig({});
    assert.equal(config.API_PORT, 3000);
    assert.equal(config.TEMPORAL_ADDRESS, '127.0.0.1:7233');
    assert.equal(config.TEMPORAL_TASK_QUEUE, 'aftercare');
    assert.equal(config.COMPANY_TIME_ZONE, 'Asia/Shanghai');
    assert.equal(config.TEMPORAL_MAX_CACHED_WORKFLOWS, 500);
  });

  it('reads the call windows', () => {
    assert.deepEqual(loadConfig({ CALL_WINDOWS: '09:00-12:00' }).CALL_WINDOWS, [{ start: '09:00', end: '12:00' }]);
    assert.equal(loadConfig({}).CALL_WINDOWS.length, 2);
  });

  it('coerces numbers', () => {
    assert.equal(loadConfig({ API_PORT: '8080' }).API_PORT, 8080);
  });

  const invalid: [string, Record<string, string>, RegExp][] = [
    ['a port out of range', { API_PORT: '70000' }, /API_PORT/],
    ['a port that is not a number', { API_PORT: 'http' }, /API_PORT/],
    ['a database URL of another kind', { DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL: must be a postgres:\/\/ connection URL/],
    ['an unknown environment', { NODE_ENV: 'staging' }, /NODE_ENV/],
    ['a UI URL that is not a URL', { TEMPORAL_UI_URL: 'localhost' }, /TEMPORAL_UI_URL/],
    ['a time zone without a known offset', { COMPANY_TIME_ZONE: 'Mars/Olympus' }, /COMPANY_TIME_ZONE: must be one of/],
    ['a workflow cache of one', { TEMPORAL_MAX_CACHED_WORKFLOWS: '1' }, /TEMPORAL_MAX_CACHED_WORKFLOWS/],
    ['overlapping call windows', { CALL_WINDOWS: '10:00-12:00,11:00-13:00' }, /CALL_WINDOWS: call windows must be in order/],
  ];
  for (const [what, env, message] of invalid) {
    it(`refuses ${what}, naming the variable`, () => {
      assert.throws(() => loadConfig(env), (err: unknown) => err instanceof ConfigError && message.test(err.message));
    });
  }

  it('names every bad variable at once', () => {
    assert.throws(() => loadConfig({ API_PORT: '0', LOG_LEVEL: 'loud' }), /API_PORT[\s\S]*LOG_LEVEL/);
  });
});
