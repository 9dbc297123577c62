import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkWorkerSettings, ConfigError, DEVELOPMENT_PAYLOAD_KEY, DEVELOPMENT_TOKEN_SECRET, loadConfig } from '../../src/config/config.js';

const KEY_A = Buffer.alloc(32, 'a').toString('base64');
const KEY_B = Buffer.alloc(32, 'b').toString('base64');
/** What production needs besides the variable under test. */
const PAYLOAD_KEY = { PAYLOAD_ENCRYPTION_KEY: KEY_A, PAYLOAD_ENCRYPTION_KEY_ID: '2026-01' };
const TOKEN_SECRET = { AUTH_TOKEN_SECRET: 'a-production-secret-0123456789abcdefghij' };

describe('configuration from the environment', () => {
  it('has working defaults for a local run', () => {
    const config = loadConfig({});
    assert.equal(config.API_PORT, 3000);
    assert.equal(config.TEMPORAL_ADDRESS, '127.0.0.1:7233');
    assert.equal(config.TEMPORAL_TASK_QUEUE, 'aftercare');
    assert.equal(config.COMPANY_TIME_ZONE, 'Asia/Shanghai');
    assert.equal(config.TEMPORAL_CALL_TIMEOUT_MS, 10_000);
    assert.equal(config.TEMPORAL_MAX_CACHED_WORKFLOWS, 200);
    assert.equal(config.WORKER_HEAP_LIMIT_MIB, 384);
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
    ['a Temporal call timeout too short to answer anything', { TEMPORAL_CALL_TIMEOUT_MS: '100' }, /TEMPORAL_CALL_TIMEOUT_MS/],
    ['a workflow cache of one', { TEMPORAL_MAX_CACHED_WORKFLOWS: '1' }, /TEMPORAL_MAX_CACHED_WORKFLOWS/],
    ['a worker heap too small to start', { WORKER_HEAP_LIMIT_MIB: '64' }, /WORKER_HEAP_LIMIT_MIB/],
    ['overlapping call windows', { CALL_WINDOWS: '10:00-12:00,11:00-13:00' }, /CALL_WINDOWS: call windows must be in order/],
    ['a payload key that is not 32 bytes', { PAYLOAD_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }, /PAYLOAD_ENCRYPTION_KEY: must be 32 random bytes in base64/],
    ['a payload key that is not base64', { PAYLOAD_ENCRYPTION_KEY: 'not a key!'.repeat(5) }, /PAYLOAD_ENCRYPTION_KEY: must be 32 random bytes/],
    ['a payload key id with a colon', { PAYLOAD_ENCRYPTION_KEY_ID: '2026:01' }, /PAYLOAD_ENCRYPTION_KEY_ID: must be 1-64 letters/],
    ['a previous key without its id', { PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: KEY_A }, /PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: key id .* \(entries are id:base64key\)/],
    ['a previous key that is too short', { PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: 'old:AAAA' }, /PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: key old must be 32 random bytes/],
    ['a previous key under the current id', { PAYLOAD_ENCRYPTION_KEY_ID: 'k1', PAYLOAD_ENCRYPTION_KEY: KEY_A, PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: `k1:${KEY_B}` }, /PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: holds key id k1/],
  ];
  for (const [what, env, message] of invalid) {
    it(`refuses ${what}, naming the variable`, () => {
      assert.throws(() => loadConfig(env), (err: unknown) => err instanceof ConfigError && message.test(err.message));
    });
  }

  it('names every bad variable at once', () => {
    assert.throws(() => loadConfig({ API_PORT: '0', LOG_LEVEL: 'loud' }), /API_PORT[\s\S]*LOG_LEVEL/);
  });

  describe('the key that encrypts Temporal payloads', () => {
    it('is the published development key when none is set outside production', () => {
      for (const NODE_ENV of ['development', 'test']) {
        const { payloadKeys } = loadConfig({ NODE_ENV });
        assert.equal(payloadKeys.current.id, 'dev');
        assert.equal(payloadKeys.current.key.toString('base64'), DEVELOPMENT_PAYLOAD_KEY);
        assert.equal(payloadKeys.current.key.length, 32);
        assert.equal(payloadKeys.previous.size, 0);
      }
    });

    it('reads the current key, its id and the previous keys kept for decoding', () => {
      const { payloadKeys } = loadConfig({
        NODE_ENV: 'production',
        ...TOKEN_SECRET,
        PAYLOAD_ENCRYPTION_KEY: KEY_A,
        PAYLOAD_ENCRYPTION_KEY_ID: '2026-01',
        PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: ` 2025-06:${KEY_B} , 2024.12:${KEY_A}`,
      });
      assert.equal(payloadKeys.current.id, '2026-01');
      assert.deepEqual(payloadKeys.current.key, Buffer.from(KEY_A, 'base64'));
      assert.deepEqual([...payloadKeys.previous.keys()], ['2025-06', '2024.12']);
      assert.deepEqual(payloadKeys.previous.get('2025-06'), Buffer.from(KEY_B, 'base64'));
    });

    it('is required in production, naming both variables, alongside any other bad variable', () => {
      assert.throws(
        () => loadConfig({ NODE_ENV: 'production', API_PORT: '0' }),
        (err: unknown) =>
          err instanceof ConfigError &&
          /API_PORT/.test(err.message) &&
          /PAYLOAD_ENCRYPTION_KEY: required in production/.test(err.message) &&
          /PAYLOAD_ENCRYPTION_KEY_ID: required in production/.test(err.message),
      );
    });

    it('refuses the development key in production', () => {
      assert.throws(
        () => loadConfig({ NODE_ENV: 'production', ...TOKEN_SECRET, PAYLOAD_ENCRYPTION_KEY: DEVELOPMENT_PAYLOAD_KEY, PAYLOAD_ENCRYPTION_KEY_ID: 'dev' }),
        /PAYLOAD_ENCRYPTION_KEY: is the published development key/,
      );
    });

    it('names a malformed key in production once, not also as missing', () => {
      assert.throws(
        () => loadConfig({ NODE_ENV: 'production', ...TOKEN_SECRET, PAYLOAD_ENCRYPTION_KEY: 'short', PAYLOAD_ENCRYPTION_KEY_ID: 'k' }),
        (err: unknown) => err instanceof ConfigError && /must be 32 random bytes/.test(err.message) && !/required/.test(err.message),
      );
    });
  });
});

describe('the token secret', () => {
  const secret = 'a-production-secret-0123456789abcdefghij';

  it('defaults to the published development secret outside production', () => {
    assert.equal(loadConfig({}).AUTH_TOKEN_SECRET, DEVELOPMENT_TOKEN_SECRET);
    assert.equal(loadConfig({ NODE_ENV: 'test' }).AUTH_TOKEN_SECRET, DEVELOPMENT_TOKEN_SECRET);
    assert.equal(loadConfig({ AUTH_TOKEN_SECRET: secret }).AUTH_TOKEN_SECRET, secret);
  });

  it('is required in production, naming AUTH_TOKEN_SECRET', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), (err: unknown) => err instanceof ConfigError && /AUTH_TOKEN_SECRET: is required in production/.test(err.message));
    assert.equal(loadConfig({ NODE_ENV: 'production', ...PAYLOAD_KEY, AUTH_TOKEN_SECRET: secret }).AUTH_TOKEN_SECRET, secret);
  });

  it('may not be the development secret in production, nor shorter than 32 characters anywhere', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production', ...PAYLOAD_KEY, AUTH_TOKEN_SECRET: DEVELOPMENT_TOKEN_SECRET }), /AUTH_TOKEN_SECRET: must not be the published development secret/);
    assert.throws(() => loadConfig({ AUTH_TOKEN_SECRET: 'short' }), /AUTH_TOKEN_SECRET: must be at least 32 characters/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', AUTH_TOKEN_SECRET: '' }), /AUTH_TOKEN_SECRET: must be at least 32 characters/);
  });
});

describe('notification delivery settings', () => {
  it('e-mail through mailpit on 127.0.0.1:1025 outside production, retried from 10 s up to 10 min', () => {
    const config = loadConfig({});
    assert.deepEqual(config.smtp, { host: '127.0.0.1', port: 1025, secure: false, auth: null, from: 'Aftercare <aftercare@aftercare.local>' });
    assert.deepEqual(config.deliveryPolicy, { retryInitialMs: 10_000, retryMaxMs: 600_000, failingAfterAttempts: 5, giveUpAfterMs: 72 * 3_600_000 });
    assert.equal(config.APP_BASE_URL, 'http://127.0.0.1:3000/app');
  });

  it('reads the SMTP server, its account and the sender', () => {
    const config = loadConfig({
      SMTP_HOST: 'smtp.example.com',
      SMTP_PORT: '465',
      SMTP_SECURE: 'true',
      SMTP_USER: 'aftercare',
      SMTP_PASSWORD: 'pw',
      SMTP_FROM: '售后回访 <aftercare@example.com>',
    });
    assert.deepEqual(config.smtp, { host: 'smtp.example.com', port: 465, secure: true, auth: { user: 'aftercare', pass: 'pw' }, from: '售后回访 <aftercare@example.com>' });
    // Compose passes unset ones as empty strings.
    assert.equal(loadConfig({ SMTP_USER: '', SMTP_PASSWORD: '' }).smtp.auth, null);
  });

  const invalid: [string, Record<string, string>, RegExp][] = [
    ['a user without a password', { SMTP_USER: 'aftercare' }, /SMTP_PASSWORD: SMTP_USER and SMTP_PASSWORD are set together/],
    ['a password without a user', { SMTP_PASSWORD: 'pw' }, /SMTP_USER: SMTP_USER and SMTP_PASSWORD are set together/],
    ['a sender that is not an address', { SMTP_FROM: 'Aftercare' }, /SMTP_FROM: must be an e-mail address/],
    ['secure that is not true or false', { SMTP_SECURE: 'yes' }, /SMTP_SECURE/],
    ['an SMTP port out of range', { SMTP_PORT: '0' }, /SMTP_PORT/],
    ['an app URL that is not http(s)', { APP_BASE_URL: 'ftp://host/app' }, /APP_BASE_URL/],
    ['a retry interval under 100 ms', { DELIVERY_RETRY_INITIAL_MS: '10' }, /DELIVERY_RETRY_INITIAL_MS/],
    ['a longest retry interval under the first', { DELIVERY_RETRY_INITIAL_MS: '5000', DELIVERY_RETRY_MAX_MS: '1000' }, /DELIVERY_RETRY_MAX_MS: must be at least DELIVERY_RETRY_INITIAL_MS/],
    ['no attempts before the administrators are told', { DELIVERY_FAILING_AFTER_ATTEMPTS: '0' }, /DELIVERY_FAILING_AFTER_ATTEMPTS/],
    ['a give-up time over 90 days', { DELIVERY_GIVE_UP_AFTER_HOURS: '3000' }, /DELIVERY_GIVE_UP_AFTER_HOURS/],
  ];
  for (const [what, env, message] of invalid) {
    it(`refuses ${what}, naming the variable`, () => {
      assert.throws(() => loadConfig(env), (err: unknown) => err instanceof ConfigError && message.test(err.message));
    });
  }

  it('the worker needs the SMTP server and the sender in production', () => {
    const production = loadConfig({ NODE_ENV: 'production', ...PAYLOAD_KEY, ...TOKEN_SECRET });
    assert.throws(
      () => checkWorkerSettings(production),
      (err: unknown) => err instanceof ConfigError && /SMTP_HOST: is required in production/.test(err.message) && /SMTP_FROM: is required in production/.test(err.message),
    );
    assert.doesNotThrow(() => checkWorkerSettings(loadConfig({ NODE_ENV: 'production', ...PAYLOAD_KEY, ...TOKEN_SECRET, SMTP_HOST: 'smtp', SMTP_FROM: 'a@example.com' })));
    assert.doesNotThrow(() => checkWorkerSettings(loadConfig({})));
  });
});

describe('the sign-in settings', () => {
  const production = { NODE_ENV: 'production', ...PAYLOAD_KEY, ...TOKEN_SECRET };

  it('has defaults: an hour idle, twelve hours at most, five failures lock for fifteen minutes', () => {
    const config = loadConfig({});
    assert.deepEqual(
      [config.APP_BASE_URL, config.SESSION_IDLE_MINUTES, config.SESSION_ABSOLUTE_HOURS, config.SIGN_IN_LOCK_AFTER, config.SIGN_IN_ADDRESS_LOCK_AFTER, config.SIGN_IN_LOCK_MINUTES, config.SIGN_IN_SLOWDOWN_SECONDS, config.TRUST_PROXY],
      ['http://127.0.0.1:3000/app', 60, 12, 5, 30, 15, 5, false],
    );
  });

  it('reads the trust proxy setting as Express takes it', () => {
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY, 1);
    assert.equal(loadConfig({ TRUST_PROXY: 'loopback' }).TRUST_PROXY, 'loopback');
    assert.equal(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).TRUST_PROXY, '10.0.0.0/8, 127.0.0.1');
  });

  const invalid: [Record<string, string>, RegExp][] = [
    [{ APP_BASE_URL: 'ftp://x.example' }, /APP_BASE_URL: must be an http:\/\/ or https:\/\/ URL/],
    [{ SESSION_IDLE_MINUTES: '0' }, /SESSION_IDLE_MINUTES/],
    [{ SESSION_ABSOLUTE_HOURS: '1.5' }, /SESSION_ABSOLUTE_HOURS: must be a whole number of hours/],
    [{ SIGN_IN_LOCK_AFTER: '2' }, /SIGN_IN_LOCK_AFTER/],
    [{ SIGN_IN_LOCK_MINUTES: 'soon' }, /SIGN_IN_LOCK_MINUTES/],
    [{ TRUST_PROXY: 'everyone' }, /TRUST_PROXY: must be false, true, loopback/],
    [{ DIRECTORY_INITIAL_PASSWORD: 'short' }, /DIRECTORY_INITIAL_PASSWORD: must be at least 10 characters/],
  ];
  for (const [env, message] of invalid) {
    it(`refuses ${JSON.stringify(env)}, naming the variable`, () => {
      assert.throws(() => loadConfig(env), (err: unknown) => err instanceof ConfigError && message.test(err.message));
    });
  }

  it('needs https in production for any host but localhost, and refuses an initial directory password there', () => {
    assert.throws(() => loadConfig({ ...production, APP_BASE_URL: 'http://aftercare.example.com/app' }), /APP_BASE_URL: must be https in production/);
    assert.equal(loadConfig({ ...production, APP_BASE_URL: 'http://localhost:3000/app' }).APP_BASE_URL, 'http://localhost:3000/app');
    assert.equal(loadConfig({ ...production, APP_BASE_URL: 'https://aftercare.example.com/app' }).APP_BASE_URL, 'https://aftercare.example.com/app');
    assert.throws(() => loadConfig({ ...production, DIRECTORY_INITIAL_PASSWORD: 'development only!' }), /DIRECTORY_INITIAL_PASSWORD: is for development only/);
  });
});
