import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { startApiWithoutTemporal } from '../support/app.js';
import { requireEnv } from '../support/env.js';
import { uniqueId } from '../support/fixtures.js';
import { signIn } from '../support/people.js';
import { ADMINISTRATOR, as, bearer } from '../support/tokens.js';

const code = () => `d_${uniqueId('x').slice(2).replace(/-/g, '_')}`;

describe('the administrator\'s directory API', () => {
  let app: NestExpressApplication;
  let base: string;
  let db: pg.Pool;
  const call = async (method: string, path: string, body?: unknown, who = ADMINISTRATOR): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...bearer(who) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();

  before(async () => {
    ({ app, base } = await startApiWithoutTemporal());
    db = new pg.Pool({ connectionString: requireEnv('TEST_DATABASE_URL'), max: 1 });
  });
  after(async () => {
    await app?.close();
    await db?.end();
  });

  it('creates a department with a chat robot and never shows its webhook or secret', async () => {
    const rnd = code();
    const created = await call('POST', '/directory/departments', {
      code: rnd,
      name: '研发部',
      chat: { platform: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=SECRET-TOKEN', secret: 'SEC-SIGNING' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { createdAt, updatedAt, ...rest } = created.body;
    assert.ok(createdAt && updatedAt);
    assert.deepEqual(rest, { code: rnd, name: '研发部', chatPlatform: 'dingtalk', chatWebhookSet: true, chatSecretSet: true, activePeople: 0 });
    const listed = await call('GET', '/directory/departments');
    const shown = JSON.stringify([listed.body, (await call('GET', `/directory/departments/${rnd}`)).body]);
    assert.ok(listed.body.items.some((d: { code: string }) => d.code === rnd));
    assert.doesNotMatch(shown, /SECRET-TOKEN|SEC-SIGNING|oapi\.dingtalk/);

    const renamed = await call('PATCH', `/directory/departments/${rnd}`, { name: '研发中心', chat: { platform: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K' } });
    assert.deepEqual([renamed.status, renamed.body.name, renamed.body.chatPlatform, renamed.body.chatSecretSet], [200, '研发中心', 'wecom', false]);
    const removed = await call('PATCH', `/directory/departments/${rnd}`, { chat: null });
    assert.deepEqual([removed.body.chatPlatform, removed.body.chatWebhookSet], [null, false]);
  });

  it('answers 409 for a department code or person id that is taken, and 404 for unknown ones', async () => {
    const dept = code();
    assert.equal((await call('POST', '/directory/departments', { code: dept, name: 'x' })).status, 201);
    const again = await call('POST', '/directory/departments', { code: dept, name: 'y' });
    assert.deepEqual([again.status, again.body.message], [409, `a department with code ${dept} is already in the directory`]);
    const id = uniqueId('p');
    assert.equal((await call('POST', '/directory/people', { id, displayName: '张伟', roles: ['agent'] })).status, 201);
    const twice = await call('POST', '/directory/people', { id, displayName: '张伟', roles: ['agent'] });
    assert.deepEqual([twice.status, twice.body.message], [409, `a person with id ${id} is already in the directory`]);
    for (const [method, path, body] of [
      ['GET', `/directory/people/${uniqueId('nobody')}`],
      ['PATCH', `/directory/people/${uniqueId('nobody')}`, { displayName: 'x' }],
      ['POST', `/directory/people/${uniqueId('nobody')}/deactivation`],
      ['PUT', `/directory/people/${uniqueId('nobody')}/password`, { password: 'a fine password' }],
      ['GET', `/directory/departments/${code()}`],
      ['PATCH', `/directory/departments/${code()}`, { name: 'x' }],
    ] as const) {
      assert.equal((await call(method, path, body)).status, 404, `${method} ${path}`);
    }
  });

  it('creates, lists, changes, deactivates and activates people, never showing a password hash', async () => {
    const dept = code();
    await call('POST', '/directory/departments', { code: dept, name: '售后客服部' });
    const id = uniqueId('owner');
    const created = await call('POST', '/directory/people', {
      id,
      displayName: '刘工',
      roles: ['department_owner', 'agent'],
      department: dept,
      email: 'liu@aftercare.example',
      chatHandle: 'liu.gong',
      locale: 'en',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { createdAt, updatedAt, ...person } = created.body;
    assert.deepEqual(person, {
      id, displayName: '刘工', roles: ['department_owner', 'agent'], department: dept, email: 'liu@aftercare.example',
      chatHandle: 'liu.gong', locale: 'en', active: true, hasPassword: false,
    });
    assert.equal((await call('PUT', `/directory/people/${id}/password`, { password: 'a fine password' })).status, 204);
    assert.equal((await call('GET', `/directory/people/${id}`)).body.hasPassword, true);
    const [{ hash }] = (await db.query('select "password_hash" as hash from "person_credential" where "person_id" = $1', [id])).rows;
    assert.match(hash, /^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);

    const filtered = await call('GET', `/directory/people?department=${dept}&role=department_owner&active=true`);
    assert.deepEqual(filtered.body.items.map((p: { id: string }) => p.id), [id]);
    assert.equal((await call('GET', `/directory/departments/${dept}`)).body.activePeople, 1);

    const changed = await call('PATCH', `/directory/people/${id}`, { roles: ['agent'], email: null, chatHandle: null, department: null });
    assert.deepEqual([changed.status, changed.body.roles, changed.body.email, changed.body.chatHandle, changed.body.department], [200, ['agent'], null, null, null]);

    const deactivated = await call('POST', `/directory/people/${id}/deactivation`);
    assert.deepEqual([deactivated.status, deactivated.body.active], [200, false]);
    assert.equal((await call('POST', `/directory/people/${id}/deactivation`)).body.active, false);
    assert.deepEqual((await call('GET', `/directory/people?active=false&pageSize=200`)).body.items.filter((p: { id: string }) => p.id === id).length, 1);
    // The person's own bearer token (npm run token) stops with the deactivation and works again after activation.
    const ownToken = as('agent', id);
    const refused = await call('GET', '/notifications/unread-count', undefined, ownToken);
    assert.deepEqual([refused.status, refused.body.message], [401, `the bearer token is refused: ${id} is deactivated in the staff directory`]);
    assert.equal((await call('POST', `/directory/people/${id}/activation`)).body.active, true);
    assert.equal((await call('GET', '/notifications/unread-count', undefined, ownToken)).status, 200);

    const everything = JSON.stringify([(await call('GET', '/directory/people?pageSize=200')).body, (await call('GET', `/directory/people/${id}`)).body]);
    assert.doesNotMatch(everything, /argon2|passwordHash|password_hash/);
  });

  const badPeople: [string, unknown, string[]][] = [
    ['an id with a space', { id: 'has space', displayName: 'x', roles: ['agent'] }, ['id']],
    ['no roles', { id: 'p1', displayName: 'x', roles: [] }, ['roles']],
    ['an unknown role', { id: 'p1', displayName: 'x', roles: ['boss'] }, ['roles']],
    ['a role twice', { id: 'p1', displayName: 'x', roles: ['agent', 'agent'] }, ['roles']],
    ['a blank name, a bad e-mail, an unknown locale', { id: 'p1', displayName: ' ', roles: ['agent'], email: 'nope', locale: 'fr' }, ['displayName', 'email', 'locale']],
    ['a malformed department', { id: 'p1', displayName: 'x', roles: ['agent'], department: 'R&D' }, ['department']],
    ['an unknown field', { id: 'p1', displayName: 'x', roles: ['agent'], passwordHash: 'x' }, ['passwordHash']],
    ['missing fields', {}, ['displayName', 'id', 'roles']],
  ];
  for (const [what, body, fields] of badPeople) {
    it(`answers 400 naming the fields for a person with ${what}`, async () => {
      const res = await call('POST', '/directory/people', body);
      assert.equal(res.status, 400);
      assert.deepEqual(fieldsOf(res.body), fields);
    });
  }

  it('answers 400 naming the field for a department that does not exist, a bad change, a bad filter and a weak password', async () => {
    const unknown = await call('POST', '/directory/people', { id: uniqueId('p'), displayName: 'x', roles: ['agent'], department: code() });
    assert.deepEqual([unknown.status, fieldsOf(unknown.body)], [400, ['department']]);
    assert.match(unknown.body.fields[0].problems[0], /is not a department of the directory/);
    const id = uniqueId('p');
    await call('POST', '/directory/people', { id, displayName: 'x', roles: ['agent'] });
    const patch = await call('PATCH', `/directory/people/${id}`, { id: 'renamed', roles: null, active: false });
    assert.deepEqual([patch.status, fieldsOf(patch.body)], [400, ['active', 'id', 'roles']]);
    for (const body of [undefined, {}]) {
      const nothing = await call('PATCH', `/directory/people/${id}`, body);
      assert.deepEqual([nothing.status, fieldsOf(nothing.body)], [400, ['body']], JSON.stringify(body));
      assert.equal((await call('PATCH', '/directory/departments/rnd', body)).status, 400);
    }
    const filter = await call('GET', '/directory/people?active=yes&role=boss&pageSize=1000');
    assert.deepEqual([filter.status, fieldsOf(filter.body)], [400, ['active', 'pageSize', 'role']]);
    const weak = await call('PUT', `/directory/people/${id}/password`, { password: 'short' });
    assert.deepEqual([weak.status, fieldsOf(weak.body)], [400, ['password']]);
    const wecom = await call('POST', '/directory/departments', { code: code(), name: 'x', chat: { platform: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/x', secret: 's' } });
    assert.deepEqual([wecom.status, fieldsOf(wecom.body)], [400, ['chat.secret']]);
    const bad = await call('POST', '/directory/departments', { code: 'RND', name: '', chat: { platform: 'slack', webhookUrl: 'ftp://x' } });
    assert.deepEqual([bad.status, fieldsOf(bad.body)], [400, ['chat.platform', 'chat.webhookUrl', 'code', 'name']]);
  });

  it('is for administrators only, by token or by their session', async () => {
    assert.equal((await call('GET', '/directory/people', undefined, as('after_sales_manager', 'mgr.chen'))).status, 403);
    const id = uniqueId('admin');
    await call('POST', '/directory/people', { id, displayName: '管理员', roles: ['agent', 'administrator'] });
    await call('PUT', `/directory/people/${id}/password`, { password: 'administrator password' });
    const { cookie } = await signIn(base, id, 'administrator password');
    assert.equal((await fetch(`${base}/directory/people?pageSize=1`, { headers: { cookie } })).status, 200);
  });
});
