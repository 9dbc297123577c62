import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { AuthService, issueToken } from '../../src/auth/auth.service.js';
import { signToken, TokenError, verifyToken } from '../../src/auth/token.js';
import { loadConfig } from '../../src/config/config.js';

const SECRET = 'unit-test-secret-0123456789abcdefghij';
const NOW = 1_800_000_000;
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const sign = (input: string, secret = SECRET) => createHmac('sha256', secret).update(input).digest('base64url');
/** A token with exactly this header and payload, signed with the secret. */
const craft = (header: unknown, payload: unknown, secret = SECRET) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign(input, secret)}`;
};

function refused(token: string, message: RegExp, now = NOW): void {
  assert.throws(() => verifyToken(token, SECRET, now), (err: unknown) => err instanceof TokenError && message.test(err.message));
}

describe('HS256 bearer tokens', () => {
  it('signs a standard JWT that verifies to the same claims', () => {
    const token = signToken({ sub: 'A-1001', role: 'agent', iat: NOW, exp: NOW + 60 }, SECRET);
    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });
    assert.deepEqual(payload, { sub: 'A-1001', role: 'agent', iat: NOW, exp: NOW + 60 });
    assert.deepEqual(verifyToken(token, SECRET, NOW), { sub: 'A-1001', role: 'agent', iat: NOW, exp: NOW + 60 });
  });

  it('matches an HS256 signature computed independently (RFC 7515 signing input)', () => {
    const token = craft({ alg: 'HS256', typ: 'JWT' }, { sub: 'sales-system', role: 'sales_system', iat: NOW });
    assert.deepEqual(verifyToken(token, SECRET, NOW), { sub: 'sales-system', role: 'sales_system', iat: NOW });
  });

  it('accepts a token without exp', () => {
    assert.equal(verifyToken(signToken({ sub: 'admin', role: 'administrator', iat: NOW }, SECRET), SECRET, NOW + 10 ** 8).exp, undefined);
  });

  it('refuses an expired token, from its expiry second on', () => {
    const token = signToken({ sub: 'A-1001', role: 'agent', iat: NOW, exp: NOW + 60 }, SECRET);
    assert.equal(verifyToken(token, SECRET, NOW + 59).sub, 'A-1001');
    refused(token, /expired at 2027-01-15 16:01 \+08:00/, NOW + 60);
  });

  it('refuses a token signed with another secret, or changed after signing', () => {
    refused(signToken({ sub: 'A-1001', role: 'agent', iat: NOW }, 'another-secret-0123456789abcdefghijkl'), /signature does not match/);
    const [header, , signature] = signToken({ sub: 'A-1001', role: 'agent', iat: NOW }, SECRET).split('.');
    refused(`${header}.${b64({ sub: 'A-1001', role: 'administrator', iat: NOW })}.${signature}`, /signature does not match/);
    refused(`${header}.${b64({ sub: 'A-1001', role: 'agent', iat: NOW })}.${signature!.slice(0, -2)}`, /signature does not match/);
  });

  it('refuses any algorithm but HS256, including none', () => {
    const claims = { sub: 'A-1001', role: 'administrator', iat: NOW };
    refused(`${b64({ alg: 'none' })}.${b64(claims)}.`, /not a JWT/);
    refused(`${b64({ alg: 'none' })}.${b64(claims)}.${sign('x')}`, /algorithm must be HS256, not "none"/);
    refused(craft({ alg: 'HS512' }, claims), /algorithm must be HS256, not "HS512"/);
    refused(craft({ alg: 'RS256' }, claims), /algorithm must be HS256/);
    refused(craft({ typ: 'JWT' }, claims), /algorithm must be HS256, not null/);
  });

  it('refuses what is not a JWT', () => {
    for (const token of ['', 'abc', 'a.b', 'a.b.c.d', 'a.b.c d', '../../etc.passwd.x', `${b64({ alg: 'HS256' })}.${b64({})}.+/=`]) refused(token, /not a JWT/);
    refused(`${b64('not json')}.${b64({})}.${sign('x')}`, /header is not a JSON object/);
    refused(`${b64([1])}.${b64({})}.${sign('x')}`, /header is not a JSON object/);
    refused(craft({ alg: 'HS256' }, 'text'), /payload is not a JSON object/);
  });

  it('refuses signed claims that are not ours: unknown role, bad sub, bad times', () => {
    const header = { alg: 'HS256', typ: 'JWT' };
    refused(craft(header, { sub: 'A-1', role: 'root', iat: NOW }), /role must be one of sales_system, agent/);
    refused(craft(header, { sub: 'A-1', iat: NOW }), /role must be one of/);
    refused(craft(header, { sub: 'A 1', role: 'agent', iat: NOW }), /sub must be one plain id/);
    refused(craft(header, { sub: 42, role: 'agent', iat: NOW }), /sub must be one plain id/);
    refused(craft(header, { role: 'agent', iat: NOW }), /sub must be one plain id/);
    refused(craft(header, { sub: 'A-1', role: 'agent' }), /iat must be a time in seconds/);
    refused(craft(header, { sub: 'A-1', role: 'agent', iat: '1800000000' }), /iat must be a time in seconds/);
    refused(craft(header, { sub: 'A-1', role: 'agent', iat: NOW + 3600 }), /issued in the future/);
    refused(craft(header, { sub: 'A-1', role: 'agent', iat: NOW, exp: 'never' }), /exp must be a time in seconds/);
    refused(craft(header, { sub: 'A-1', role: 'agent', iat: NOW, exp: NOW + 0.5 }), /exp must be a time in seconds/);
  });

  it('will not sign a token for an id or role that could not be verified', () => {
    assert.throws(() => signToken({ sub: 'a b', role: 'agent', iat: NOW }, SECRET), TokenError);
    assert.throws(() => signToken({ sub: 'a', role: 'root' as 'agent', iat: NOW }, SECRET), TokenError);
  });

  it('issues tokens for a number of days, and AuthService verifies them with the configured secret', () => {
    const now = NOW * 1000;
    const token = issueToken(SECRET, { sub: 'A-1001', role: 'agent', days: 30 }, now);
    assert.equal(verifyToken(token, SECRET, NOW).exp, NOW + 30 * 86_400);
    const auth = new AuthService(loadConfig({ AUTH_TOKEN_SECRET: SECRET }));
    assert.deepEqual(auth.verify(token, now), { id: 'A-1001', role: 'agent', iat: NOW, exp: NOW + 30 * 86_400 });
    assert.deepEqual(auth.verify(auth.sign({ sub: 'gm.wang', role: 'general_manager' }, now), now), { id: 'gm.wang', role: 'general_manager', iat: NOW });
    assert.throws(() => auth.verify(token, now + 31 * 86_400_000), /expired/);
    const development = new AuthService(loadConfig({}));
    assert.throws(() => development.verify(token, now), /signature does not match/);
  });
});
