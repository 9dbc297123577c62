import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Clock } from '../../src/common/clock.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { uniqueId } from '../support/fixtures.js';
import { addPerson, signIn } from '../support/people.js';
import { ADMINISTRATOR, bearer } from '../support/tokens.js';

/** Time that moves only when the test says so: lockouts and lifetimes without sleeping. */
class TestClock implements Clock {
  private ms = Date.now();
  now(): Date {
    return new Date(this.ms);
  }
  advance({ seconds = 0, minutes = 0 }: { seconds?: number; minutes?: number }): void {
    this.ms += seconds * 1000 + minutes * 60_000;
  }
}

const MINUTE = 60;
let addresses = 0;
const RUN = randomBytes(2).toString('hex');
/**
 * A client address of its own per call (IPv6 documentation range, this run's prefix), sent as X-Forwarded-For, so
 * that the address counts of tests and of earlier runs on the same database never mix.
 */
const anAddress = () => ({ 'x-forwarded-for': `2001:db8:${RUN}::${(addresses += 1).toString(16)}` });

describe('sign-in for people: POST /auth/login, the session cookie, logout and passwords', () => {
  let app: NestExpressApplication;
  let base: string;
  const clock = new TestClock();
  const admin = { 'content-type': 'application/json', ...bearer(ADMINISTRATOR) };

  before(async () => {
    ({ app, base } = await startApiWithoutTemporal({
      clock,
      env: {
        TRUST_PROXY: 'loopback',
        SIGN_IN_LOCK_AFTER: '5',
        SIGN_IN_ADDRESS_LOCK_AFTER: '8',
        SIGN_IN_LOCK_MINUTES: '15',
        SIGN_IN_SLOWDOWN_SECONDS: '5',
        SESSION_IDLE_MINUTES: '30',
        SESSION_ABSOLUTE_HOURS: '2',
      },
    }));
  });
  after(async () => {
    await app?.close();
  });

  const login = (username: string, password: string, headers: Record<string, string>) =>
    fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });
  const answer = async (res: Response) => ({ status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { message: string } });
  const withCookie = (cookie: string, path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { 'content-type': 'application/json', cookie, ...init.headers } });
  const aPerson = async (roles: Parameters<typeof addPerson>[1]['roles'] = ['after_sales_manager']) => {
    const id = uniqueId('p');
    const password = `pw ${Math.random().toString(36).slice(2)} !`;
    await addPerson(base, { id, displayName: '陈经理', roles, department: null }, password);
    return { id, password };
  };

  it('signs a person in: the session body, an HttpOnly SameSite cookie, and GET /auth/session', async () => {
    const { id, password } = await aPerson(['after_sales_manager', 'agent']);
    const { setCookie, cookie, body } = await signIn(base, id, password, anAddress());
    assert.deepEqual(Object.keys(body).sort(), ['csrfToken', 'expiresAt', 'person']);
    assert.deepEqual(body.person, { id, displayName: '陈经理', roles: ['after_sales_manager', 'agent'], locale: 'zh-CN', department: null });
    assert.match(setCookie, /^aftercare_session=[A-Za-z0-9_-]{43}; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/);
    assert.doesNotMatch(setCookie, /Secure/);
    const session = await withCookie(cookie, '/auth/session');
    assert.equal(session.status, 200);
    assert.deepEqual(await session.json(), body);
    // The person acts in their roles: a manager's list, by cookie alone.
    assert.equal((await withCookie(cookie, '/feedback-cases?pageSize=1')).status, 200);
    assert.equal((await fetch(`${base}/auth/session`)).status, 401);
  });

  it('answers a wrong password, an unknown user name, a deactivated person and one without a password identically', async () => {
    const { id, password } = await aPerson();
    const noPassword = uniqueId('p');
    await addPerson(base, { id: noPassword, roles: ['agent'] });
    const deactivated = await aPerson();
    assert.equal((await fetch(`${base}/directory/people/${deactivated.id}/deactivation`, { method: 'POST', headers: admin })).status, 200);
    const answers = [
      await answer(await login(id, `${password}x`, anAddress())),
      await answer(await login(uniqueId('nobody'), password, anAddress())),
      await answer(await login(noPassword, 'any password at all', anAddress())),
      await answer(await login(deactivated.id, deactivated.password, anAddress())),
    ];
    for (const a of answers) {
      assert.deepEqual(a, { status: 401, retryAfter: null, body: { statusCode: 401, error: 'unauthorized', message: 'the user name or the password is wrong' } });
    }
  });

  it('slows repeated failures, then locks the user name whether or not it exists, and unlocks after the period', async () => {
    const { id, password } = await aPerson();
    for (const username of [id, uniqueId('nobody')]) {
      const address = anAddress();
      const tryWrong = async () => answer(await login(username, 'not the password', address));
      // Failures 1 and 2 answer at once; 3 and 4 make the next try wait 5 s, then 10 s.
      assert.equal((await tryWrong()).status, 401);
      assert.equal((await tryWrong()).status, 401);
      assert.equal((await tryWrong()).status, 401);
      const slowed = await tryWrong();
      assert.deepEqual([slowed.status, slowed.retryAfter, slowed.body.message], [429, '5', 'too many failed sign-ins: try again in 5 s']);
      clock.advance({ seconds: 5 });
      assert.equal((await tryWrong()).status, 401);
      assert.equal((await tryWrong()).retryAfter, '10');
      clock.advance({ seconds: 10 });
      assert.equal((await tryWrong()).status, 401);
      // Five failures: locked for 15 minutes, even for the right password.
      const locked = await answer(await login(username, password, address));
      assert.deepEqual([locked.status, locked.retryAfter], [429, String(15 * MINUTE)]);
      clock.advance({ minutes: 14 });
      assert.equal((await answer(await login(username, password, anAddress()))).retryAfter, String(MINUTE));
      clock.advance({ minutes: 1 });
      const after = await login(username, password, address);
      assert.equal(after.status, username === id ? 200 : 401, username);
    }
  });

  it('locks a client address after too many failures across user names, and no other address', async () => {
    const { id, password } = await aPerson();
    const address = anAddress();
    for (let i = 0; i < 8; i++) {
      const res = await login(uniqueId('guess'), 'not the password', address);
      // The address's last two failures before its lock are slowed too.
      if (res.status === 429) clock.advance({ seconds: Number(res.headers.get('retry-after')) });
      else assert.equal(res.status, 401);
      if (res.status === 429) i -= 1;
    }
    const locked = await answer(await login(id, password, address));
    assert.equal(locked.status, 429);
    assert.equal((await login(id, password, anAddress())).status, 200);
  });

  it('ends the session at logout, which needs the CSRF header', async () => {
    const { id, password } = await aPerson();
    const { cookie, csrfToken } = await signIn(base, id, password, anAddress());
    const refused = await withCookie(cookie, '/auth/logout', { method: 'POST' });
    assert.equal(refused.status, 403);
    const out = await withCookie(cookie, '/auth/logout', { method: 'POST', headers: { 'x-csrf-token': csrfToken } });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /^aftercare_session=; Path=\/; Expires=Thu, 01 Jan 1970/);
    const after = await withCookie(cookie, '/auth/session');
    assert.equal(after.status, 401);
    assert.match(((await after.json()) as { message: string }).message, /^the session has ended: sign in again/);
    assert.equal((await withCookie(cookie, '/feedback-cases')).status, 401);
    // Signing out again, or without a session, only clears the cookie.
    assert.equal((await withCookie(cookie, '/auth/logout', { method: 'POST' })).status, 204);
  });

  it('ends every session of a deactivated person, who cannot sign in until activated again', async () => {
    const { id, password } = await aPerson();
    const first = await signIn(base, id, password, anAddress());
    const second = await signIn(base, id, password, anAddress());
    const deactivated = await fetch(`${base}/directory/people/${id}/deactivation`, { method: 'POST', headers: admin });
    assert.equal(((await deactivated.json()) as { active: boolean }).active, false);
    for (const { cookie } of [first, second]) assert.equal((await withCookie(cookie, '/feedback-cases')).status, 401);
    assert.equal((await login(id, password, anAddress())).status, 401);
    assert.equal((await fetch(`${base}/directory/people/${id}/activation`, { method: 'POST', headers: admin })).status, 200);
    await signIn(base, id, password, anAddress());
  });

  it('ends the sessions when the administrator resets the password; only the new one signs in', async () => {
    const { id, password } = await aPerson();
    const { cookie } = await signIn(base, id, password, anAddress());
    const reset = await fetch(`${base}/directory/people/${id}/password`, { method: 'PUT', headers: admin, body: JSON.stringify({ password: 'a brand new secret' }) });
    assert.equal(reset.status, 204);
    assert.equal((await withCookie(cookie, '/auth/session')).status, 401);
    assert.equal((await login(id, password, anAddress())).status, 401);
    await signIn(base, id, 'a brand new secret', anAddress());
  });

  it('lets a person change their own password with the current one; their other sessions end', async () => {
    const { id, password } = await aPerson();
    const here = await signIn(base, id, password, anAddress());
    const elsewhere = await signIn(base, id, password, anAddress());
    const change = (body: unknown, csrf = here.csrfToken) =>
      withCookie(here.cookie, '/auth/password', { method: 'POST', headers: { 'x-csrf-token': csrf, ...anAddress() }, body: JSON.stringify(body) });
    assert.equal((await change({ currentPassword: password, newPassword: 'another good one' }, 'wrong')).status, 403);
    const wrong = await change({ currentPassword: 'not it at all', newPassword: 'another good one' });
    assert.equal(wrong.status, 403);
    assert.match(((await wrong.json()) as { message: string }).message, /currentPassword is not your current password/);
    for (const [newPassword, problem] of [
      ['short', /at least 10 characters/],
      [`my ${id} password`, /must not contain the user name/],
      ['aaaaaaaaaaaa', /at least 4 different characters/],
      [password, /must differ from the current one/],
    ] as const) {
      const res = await change({ currentPassword: password, newPassword });
      assert.equal(res.status, 400, newPassword);
      const body = (await res.json()) as { fields: { field: string; problems: string[] }[] };
      assert.equal(body.fields[0]!.field, 'newPassword');
      assert.match(body.fields[0]!.problems[0]!, problem);
    }
    assert.equal((await change({ currentPassword: password, newPassword: 'another good one' })).status, 204);
    assert.equal((await withCookie(here.cookie, '/auth/session')).status, 200);
    assert.equal((await withCookie(elsewhere.cookie, '/auth/session')).status, 401);
    assert.equal((await login(id, password, anAddress())).status, 401);
    await signIn(base, id, 'another good one', anAddress());
  });

  it('ends a session left idle, and any session at its maximum lifetime however busy', async () => {
    const { id, password } = await aPerson();
    const idle = await signIn(base, id, password, anAddress());
    const busy = await signIn(base, id, password, anAddress());
    for (let minutes = 20; minutes < 120; minutes += 20) {
      clock.advance({ minutes: 20 });
      assert.equal((await withCookie(busy.cookie, '/auth/session')).status, 200, `busy after ${minutes} min`);
    }
    const ended = await withCookie(idle.cookie, '/auth/session');
    assert.equal(ended.status, 401);
    assert.match(((await ended.json()) as { message: string }).message, /idle too long/);
    clock.advance({ minutes: 20 });
    const expired = await withCookie(busy.cookie, '/auth/session');
    assert.match(((await expired.json()) as { message: string }).message, /maximum lifetime/);
  });

  it('refuses a state-changing request by cookie without the CSRF header, and takes it with the header', async () => {
    const { id, password } = await aPerson(['administrator']);
    const { cookie, csrfToken } = await signIn(base, id, password, anAddress());
    const body = JSON.stringify({ id: uniqueId('new'), displayName: '新人', roles: ['agent'] });
    const refused = await withCookie(cookie, '/directory/people', { method: 'POST', body });
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { message: string }).message, /X-CSRF-Token/);
    assert.equal((await withCookie(cookie, '/directory/people', { method: 'POST', body, headers: { 'x-csrf-token': csrfToken } })).status, 201);
    // A bearer caller needs none.
    assert.equal((await fetch(`${base}/directory/people`, { method: 'POST', headers: admin, body: JSON.stringify({ id: uniqueId('new'), displayName: '新人', roles: ['agent'] }) })).status, 201);
  });

  it('answers 400 naming the fields of a malformed sign-in', async () => {
    const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: '', extra: 1 }) });
    assert.equal(res.status, 400);
    const fields = ((await res.json()) as { fields: { field: string }[] }).fields.map((f) => f.field).sort();
    assert.deepEqual(fields, ['extra', 'password', 'username']);
  });
});

describe('the session cookie over https', () => {
  it('is Secure when APP_BASE_URL is https', async () => {
    const { app, base } = await startApiWithoutTemporal({ env: { APP_BASE_URL: 'https://aftercare.example.com/app' } });
    try {
      const id = uniqueId('p');
      await addPerson(base, { id, roles: ['agent'] }, 'a secure password');
      const { setCookie } = await signIn(base, id, 'a secure password');
      assert.match(setCookie, /; Secure; SameSite=Lax$/);
    } finally {
      await app.close();
    }
  });
});
