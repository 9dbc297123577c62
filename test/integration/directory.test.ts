import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../src/database/orm-config.js';
import { Department } from '../../src/directory/department.entity.js';
import { activePeopleInRole, personById } from '../../src/directory/directory.js';
import { Person } from '../../src/directory/person.entity.js';
import { requireEnv } from '../support/env.js';
import { uniqueId } from '../support/fixtures.js';

describe('the staff directory on PostgreSQL', () => {
  let orm: MikroORM;
  before(async () => {
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
  });
  after(async () => {
    await orm?.close();
  });

  it('finds the active people of a role, and a person by id whether active or not', async () => {
    const em = orm.em.fork();
    const code = `d_${uniqueId('x').slice(2).replace(/-/g, '_')}`;
    const department = new Department({ code, name: '研发部', chatPlatform: 'dingtalk', chatWebhookUrl: 'http://127.0.0.1:1/robot/send?access_token=t', chatSecret: 'SEC1' });
    // A role of its own, so other tests' people do not count.
    const [active, inactive, other] = [uniqueId('p'), uniqueId('p'), uniqueId('p')];
    em.persist([
      department,
      new Person({ id: active, displayName: '陈经理', roles: ['after_sales_manager', 'agent'], department, email: 'a@example.com' }),
      new Person({ id: inactive, displayName: '旧经理', roles: ['after_sales_manager'], active: false }),
      new Person({ id: other, displayName: '客服', roles: ['agent'] }),
    ]);
    await em.flush();

    const managers = (await activePeopleInRole(orm.em.fork(), 'after_sales_manager')).map((p) => p.id);
    assert.ok(managers.includes(active));
    assert.ok(!managers.includes(inactive));
    assert.ok(!managers.includes(other));

    const found = await personById(orm.em.fork(), inactive);
    assert.equal(found?.active, false);
    const withDepartment = await personById(orm.em.fork(), active);
    assert.equal(withDepartment?.department?.name, '研发部');
    assert.equal(await personById(orm.em.fork(), uniqueId('nobody')), null);
  });

  it('refuses a person or a department that breaks an invariant', () => {
    assert.throws(() => new Person({ id: 'has space', displayName: 'x', roles: ['agent'] }), /id must be/);
    assert.throws(() => new Person({ id: 'p1', displayName: 'x', roles: [] }), /at least one role/);
    assert.throws(() => new Person({ id: 'p1', displayName: 'x', roles: ['boss' as never] }), /unknown role boss/);
    assert.throws(() => new Person({ id: 'p1', displayName: 'x', roles: ['agent'], email: 'nope' }), /e-mail/);
    assert.throws(() => new Department({ code: 'RND', name: 'x' }), /lower-case/);
    assert.throws(() => new Department({ code: 'rnd', name: 'x', chatPlatform: 'wecom' }), /together/);
    assert.throws(() => new Department({ code: 'rnd', name: 'x', chatPlatform: 'wecom', chatWebhookUrl: 'http://h/x', chatSecret: 's' }), /does not sign/);
  });
});
