import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { AuthService, issueToken } from '../../src/auth/auth.service.js';
import { SharedSecretVerifier, signToken, TokenError } from '../../src/auth/token.js';
import { DEVELOPMENT_TOKEN_SECRET } from '../../src/config/config.js';

const SECRET = 'unit-test-secret-0123456789abcdefghij';
const NOW = 1_800_000_000;
const at = (seconds: number) => new Date(seconds * 1000);
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const sign = (input: string, secret = SECRET) => createHmac('sha256', secret).update(input).digest('base64url');
/** A token with exactly this header and payload, signed with the secret (independently of jose). */
const craft = (header: unknown, payload: unknown, secret = SECRET) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign(input, secret)}`;
};
const verifier = new SharedSecretVerifier(SECRET);
const HS256 = { alg: 'HS256', typ: 'JWT' };

async function refused(token: string, message: RegExp, now = NOW): Promise<void> {
  await assert.rejects(verifier.verify(token, at(now)), (err: unknown) => err instanceof TokenError && message.test(err.message));
}

describe('HS256 bearer tokens, signed and checked with jose', () => {
  it('signs a standard JWT that verifies to the same claims', async () => {
    const token = await signToken({ sub: 'A-1001', role: 'agent', iat: NOW, exp: NOW + 60 }, SECRET);
    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });
    assert.deepEqual(payload, { sub: 'A-1001', role: 'agent', iat: NOW, exp: NOW + 60 });
    assert.deepEqual(await verifier.verify(token, at(NOW)), { sub: 'A-1001', role: 'agent', iat: NOW, exp: NOW + 60 });
  });

  it('matches an HS256 signature computed independently (RFC 7515 signing input)', async () => {
    const claims = { role: 'sales_system', sub: 'sales-system', iat: NOW, exp: NOW + 60 } as const;
    const token = craft(HS256, claims);
    assert.deepEqual(await verifier.verify(token, at(NOW)), { sub: 'sales-system', role: 'sales_system', iat: NOW, exp: NOW + 60 });
    // The same claims in the same order: jose's token is byte for byte the one computed by hand.
    assert.equal(await signToken(claims, SECRET), token);
  });

  it('refuses a token without exp, saying so', async () => {
    await refused(craft(HS256, { sub: 'admin', role: 'administrator', iat: NOW }), /^the token has no exp: every token must say when it expires/);
  });

  it('refuses an expired token, from its expiry second on', async () => {
    const token = await signToken({ sub: 'A-1001', role: 'agent', iat: NOW, exp: NOW + 60 }, SECRET);
    assert.equal((await verifier.verify(token, at(NOW + 59))).sub, 'A-1001');
    await refused(token, /expired at 2027-01-15 16:01 \+08:00/, NOW + 60);
  });

  it('refuses a token signed with another secret, or changed after signing', async () => {
    const claims = { sub: 'A-1001', role: 'agent' as const, iat: NOW, exp: NOW + 60 };
    await refused(await signToken(claims, 'another-secret-0123456789abcdefghijkl'), /signature does not match/);
    const [header, , signature] = (await signToken(claims, SECRET)).split('.');
    await refused(`${header}.${b64({ ...claims, role: 'administrator' })}.${signature}`, /signature does not match/);
    await refused(`${header}.${b64(claims)}.${signature!.slice(0, -2)}`, /signature does not match/);
  });

  it('refuses any algorithm but HS256, including none', async () => {
    const claims = { sub: 'A-1001', role: 'administrator', iat: NOW, exp: NOW + 60 };
    await refused(`${b64({ alg: 'none' })}.${b64(claims)}.`, /not a JWT/);
    await refused(`${b64({ alg: 'none' })}.${b64(claims)}.${sign('x')}`, /algorithm must be HS256, not "none"/);
    await refused(craft({ alg: 'HS512' }, claims), /algorithm must be HS256, not "HS512"/);
    await refused(craft({ alg: 'RS256' }, claims), /algorithm must be HS256/);
    await refused(craft({ typ: 'JWT' }, claims), /algorithm must be HS256, not null/);
  });

  it('refuses what is not a JWT', async () => {
    for (const token of ['', 'abc', 'a.b', 'a.b.c.d', 'a.b.c d', '../../etc.passwd.x', `${b64({ alg: 'HS256' })}.${b64({})}.+/=`]) await refused(token, /not a JWT/);
    await refused(`${b64('not json')}.${b64({})}.${sign('x')}`, /header is not a JSON object/);
    await refused(`${b64([1])}.${b64({})}.${sign('x')}`, /header is not a JSON object/);
    await refused(craft(HS256, 'text'), /payload is not a JSON object/);
  });

  it('refuses signed claims that are not ours: unknown role, bad sub, bad times', async () => {
    const exp = NOW + 60;
    await refused(craft(HS256, { sub: 'A-1', role: 'root', iat: NOW, exp }), /role must be one of sales_system, agent/);
    await refused(craft(HS256, { sub: 'A-1', iat: NOW, exp }), /role must be one of/);
    await refused(craft(HS256, { sub: 'A 1', role: 'agent', iat: NOW, exp }), /sub must be one plain id/);
    await refused(craft(HS256, { sub: 42, role: 'agent', iat: NOW, exp }), /sub must be one plain id/);
    await refused(craft(HS256, { role: 'agent', iat: NOW, exp }), /sub must be one plain id/);
    await refused(craft(HS256, { sub: 'A-1', role: 'agent', exp }), /iat must be a time in seconds/);
    await refused(craft(HS256, { sub: 'A-1', role: 'agent', iat: '1800000000', exp }), /iat must be a time in seconds/);
    await refused(craft(HS256, { sub: 'A-1', role: 'agent', iat: NOW + 3600, exp: NOW + 7200 }), /issued in the future/);
    await refused(craft(HS256, { sub: 'A-1', role: 'agent', iat: NOW, exp: 'never' }), /exp must be a time in seconds/);
    await refused(craft(HS256, { sub: 'A-1', role: 'agent', iat: NOW, exp: NOW + 0.5 }), /exp must be a time in seconds/);
  });

  it('will not sign a token that could not be verified: a bad id or role, or no future exp', async () => {
    await assert.rejects(signToken({ sub: 'a b', role: 'agent', iat: NOW, exp: NOW + 60 }, SECRET), TokenError);
    await assert.rejects(signToken({ sub: 'a', role: 'root' as 'agent', iat: NOW, exp: NOW + 60 }, SECRET), TokenError);
    await assert.rejects(signToken({ sub: 'a', role: 'agent', iat: NOW, exp: NOW }, SECRET), /exp must be a time in seconds after iat/);
  });

  it('issues tokens for a number of days, always with exp, and AuthService verifies them with its verifier', async () => {
    const now = NOW * 1000;
    const token = await issueToken(SECRET, { sub: 'A-1001', role: 'agent', days: 30 }, now);
    assert.equal((await verifier.verify(token, at(NOW))).exp, NOW + 30 * 86_400);
    await assert.rejects(issueToken(SECRET, { sub: 'A-1001', role: 'agent', days: 0 }, now), /days must be above 0/);
    await assert.rejects(issueToken(SECRET, { sub: 'A-1001', role: 'agent', days: 3651 }, now), /at most 3650/);
    const auth = new AuthService(verifier);
    assert.deepEqual(await auth.verify(token, at(NOW)), { id: 'A-1001', role: 'agent', iat: NOW, exp: NOW + 30 * 86_400 });
    await assert.rejects(auth.verify(token, at(NOW + 31 * 86_400)), /expired/);
    const development = new AuthService(new SharedSecretVerifier(DEVELOPMENT_TOKEN_SECRET));
    await assert.rejects(development.verify(token, at(NOW)), /signature does not match/);
  });
});
