import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ormConfig } from '../../src/database/orm-config.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { addPerson } from '../support/directory.js';
import { requireEnv } from '../support/env.js';
import { uniqueId } from '../support/fixtures.js';
import { ADMINISTRATOR, as, bearer, type Caller } from '../support/tokens.js';

interface Page {
  items: { id: string; kind: string; title: string; caseNo: string | null; createdAt: string; readAt: string | null; urgent: boolean }[];
  page: number;
  pageSize: number;
  total: number;
  unread: number;
}

describe('the inbox API: each person reads their own notifications', () => {
  let app: NestExpressApplication;
  let base: string;
  let orm: MikroORM;
  const owner = as('department_owner', uniqueId('owner'));
  const other = as('after_sales_manager', uniqueId('mgr'));
  const items: { id: string; kind: string; createdAt: string }[] = [];

  /** One notification with an entry in each given person's inbox, created `minutesAgo` ago. */
  async function entry(kind: string, minutesAgo: number, people: Caller[], urgent = false): Promise<string[]> {
    const key = `test:${randomUUID()}`;
    const createdAt = new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const em = orm.em.fork();
    await em.execute(
      `insert into "notification" ("key", "recipient", "kind", "case_no", "message", "facts", "urgent", "notified_at", "created_at")
       values (?, 'department_owner', ?, '20261123-PHONE-001', 'test', '{}', ?, ?, ?)`,
      [key, kind, urgent, createdAt, createdAt],
    );
    const ids: string[] = [];
    for (const person of people) {
      const id = randomUUID();
      await em.execute(
        `insert into "inbox_item" ("id", "notification_key", "person_id", "kind", "title", "body", "link", "case_no", "urgent", "created_at")
         values (?, ?, ?, ?, ?, 'body', 'http://127.0.0.1:3000/app/cases/20261123-PHONE-001', '20261123-PHONE-001', ?, ?)`,
        [id, key, person.id, kind, `${kind} ${minutesAgo}`, urgent, createdAt],
      );
      await em.execute(
        `insert into "notification_delivery" ("id", "notification_key", "recipient_id", "channel", "status", "attempts", "sent_at", "created_at", "updated_at")
         values (?, ?, ?, 'inbox', 'sent', 1, ?, ?, ?)`,
        [randomUUID(), key, person.id, createdAt, createdAt, createdAt],
      );
      if (person === owner) items.push({ id, kind, createdAt });
      ids.push(id);
    }
    return ids;
  }

  before(async () => {
    orm = await MikroORM.init(ormConfig(requireEnv('TEST_DATABASE_URL')));
    for (const person of [owner, other]) await addPerson(orm.em.fork(), { id: person.id, roles: [person.role] });
    ({ app, base } = await startApiWithoutTemporal());
    await entry('case_assigned', 50, [owner]);
    await entry('case_deadline_warning', 40, [owner]);
    await entry('case_deadline_missed', 30, [owner, other], true);
    await entry('case_deadline_warning', 20, [owner]);
    await entry('report_review', 10, [other]);
  });
  after(async () => {
    await app?.close();
    await orm?.close();
  });

  const get = (path: string, who: Caller) => fetch(`${base}${path}`, { headers: bearer(who) });
  const post = (path: string, who: Caller) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(who) }, body: '{}' });
  const page = async (query: string, who: Caller = owner): Promise<Page> => {
    const res = await get(`/notifications${query}`, who);
    assert.equal(res.status, 200);
    return (await res.json()) as Page;
  };

  it('lists only the caller\'s own entries, newest first, with the unread count', async () => {
    const mine = await page('');
    assert.deepEqual(mine.items.map((i) => i.kind), ['case_deadline_warning', 'case_deadline_missed', 'case_deadline_warning', 'case_assigned']);
    assert.deepEqual([mine.total, mine.unread, mine.page, mine.pageSize], [4, 4, 1, 50]);
    assert.equal(mine.items[1]!.urgent, true);
    const theirs = await page('', other);
    assert.deepEqual(theirs.items.map((i) => i.kind), ['report_review', 'case_deadline_missed']);
    assert.ok(!theirs.items.some((i) => items.some((m) => m.id === i.id)));
  });

  it('marks an entry read once: again keeps the first time; unread entries stay first', async () => {
    const newest = items.find((i) => i.kind === 'case_deadline_warning' && i.createdAt === items.filter((m) => m.kind === 'case_deadline_warning').at(-1)!.createdAt)!;
    const first = await post(`/notifications/${newest.id}/read`, owner);
    assert.equal(first.status, 200);
    const read = (await first.json()) as { id: string; readAt: string };
    assert.equal(read.id, newest.id);
    assert.ok(Date.parse(read.readAt) > 0);
    const again = (await (await post(`/notifications/${newest.id}/read`, owner)).json()) as { readAt: string };
    assert.equal(again.readAt, read.readAt);

    const mine = await page('');
    assert.deepEqual(mine.items.map((i) => [i.kind, i.readAt !== null]), [
      ['case_deadline_missed', false],
      ['case_deadline_warning', false],
      ['case_assigned', false],
      ['case_deadline_warning', true],
    ]);
    assert.equal(mine.unread, 3);
    assert.deepEqual(await (await get('/notifications/unread-count', owner)).json(), { unread: 3 });
  });

  it('filters by kind and by read or unread, and pages', async () => {
    assert.deepEqual((await page('?kind=case_deadline_warning')).items.length, 2);
    const unread = await page('?read=false');
    assert.deepEqual([unread.total, unread.unread, unread.items.every((i) => i.readAt === null)], [3, 3, true]);
    const read = await page('?read=true&kind=case_deadline_warning');
    assert.deepEqual([read.total, read.items.length, read.unread], [1, 1, 3]);
    const [p1, p2, p3] = [await page('?pageSize=3&page=1'), await page('?pageSize=3&page=2'), await page('?pageSize=3&page=3')];
    assert.deepEqual([p1.items.length, p2.items.length, p3.items.length, p1.total, p2.total], [3, 1, 0, 4, 4]);
    assert.equal(new Set([...p1.items, ...p2.items].map((i) => i.id)).size, 4);
  });

  it('never shows or marks another person\'s entry', async () => {
    const [otherOnly] = (await page('', other)).items.filter((i) => i.kind === 'report_review');
    const res = await post(`/notifications/${otherOnly!.id}/read`, owner);
    assert.equal(res.status, 404);
    assert.match(((await res.json()) as { message: string }).message, /your inbox has no entry/);
    assert.equal((await page('', other)).items.find((i) => i.id === otherOnly!.id)!.readAt, null);
    assert.equal((await post(`/notifications/${randomUUID()}/read`, owner)).status, 404);
  });

  it('answers 400 naming the parameter for bad input', async () => {
    const bad: [string, string][] = [
      ['/notifications?read=maybe', 'read'],
      ['/notifications?kind=gossip', 'kind'],
      ['/notifications?page=0', 'page'],
      ['/notifications?pageSize=500', 'pageSize'],
      ['/notifications?recipient=someone', 'recipient'],
      ['/notifications/deliveries?status=lost', 'status'],
      ['/notifications/deliveries?channel=fax', 'channel'],
    ];
    for (const [path, field] of bad) {
      const res = await get(path, path.includes('deliveries') ? ADMINISTRATOR : owner);
      const body = (await res.json()) as { fields?: { field: string }[] };
      assert.equal(res.status, 400, path);
      assert.deepEqual(body.fields?.map((f) => f.field), [field], path);
    }
    const res = await post('/notifications/not-a-uuid/read', owner);
    assert.equal(res.status, 400);
    assert.deepEqual(((await res.json()) as { fields: { field: string }[] }).fields.map((f) => f.field), ['id']);
  });

  it('lists the deliveries for the administrators, filtered by status, channel, kind and person', async () => {
    const res = await get(`/notifications/deliveries?channel=inbox&status=sent&kind=case_deadline_missed&recipientId=${other.id}`, ADMINISTRATOR);
    assert.equal(res.status, 200);
    const list = (await res.json()) as { items: { recipientId: string; channel: string; status: string; kind: string; caseNo: string }[]; total: number };
    assert.deepEqual(
      list.items.map((i) => [i.recipientId, i.channel, i.status, i.kind, i.caseNo]),
      [[other.id, 'inbox', 'sent', 'case_deadline_missed', '20261123-PHONE-001']],
    );
    assert.equal(list.total, 1);
    assert.equal((await get('/notifications/deliveries', owner)).status, 403);
  });
});
