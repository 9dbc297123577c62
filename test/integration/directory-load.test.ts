import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import { requireEnv } from '../support/env.js';
import { uniqueId } from '../support/fixtures.js';

const run = promisify(execFile);

/** `npm run directory:load -- <file>`, as a user runs it: exit code and what it printed. */
async function load(file: string, env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['dist/src/directory/load-directory.js', file], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: requireEnv('TEST_DATABASE_URL'), NODE_ENV: 'test', ...env },
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (err) {
    const { code, stdout, stderr } = err as { code: number; stdout: string; stderr: string };
    return { code, out: stdout, err: stderr };
  }
}

describe('npm run directory:load', () => {
  let dir: string;
  let db: pg.Pool;
  const tag = uniqueId('x').slice(2).replace(/-/g, '_');
  const dept = `qa_${tag}`;
  const [agent, owner] = [`agent.${tag}`, `owner.${tag}`];
  const directory = {
    departments: [{ code: dept, name: '质量部', chat: { platform: 'feishu', webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/T', secret: 'S' } }],
    people: [
      { id: agent, displayName: '周客服', roles: ['agent'], department: dept, email: 'zhou@aftercare.example' },
      { id: owner, displayName: '质量负责人', roles: ['department_owner'], department: dept, locale: 'en' },
    ],
  };
  const file = async (name: string, content: unknown) => {
    const path = join(dir, name);
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aftercare-directory-'));
    db = new pg.Pool({ connectionString: requireEnv('TEST_DATABASE_URL'), max: 1 });
  });
  after(async () => {
    await db?.end();
  });

  it('creates what is new and prints it; a second run changes nothing', async () => {
    const path = await file('directory.json', directory);
    const first = await load(path);
    assert.equal(first.code, 0, first.err);
    assert.deepEqual(first.out.trim().split('\n'), [`department ${dept}: created`, `person ${agent}: created`, `person ${owner}: created`, '0 unchanged']);
    const again = await load(path);
    assert.deepEqual([again.code, again.out.trim()], [0, '3 unchanged']);
    const { rows } = await db.query('select "id", "roles", "department_code", "locale", "active" from "person" where "id" = any($1) order by "id"', [[agent, owner]]);
    assert.deepEqual(rows, [
      { id: agent, roles: ['agent'], department_code: dept, locale: 'zh-CN', active: true },
      { id: owner, roles: ['department_owner'], department_code: dept, locale: 'en', active: true },
    ]);
  });

  it('prints the fields that changed; a deactivated person\'s sessions end; people left out of the file are left alone', async () => {
    await load(await file('directory.json', directory));
    const sessionId = randomBytes(32).toString('hex');
    await db.query(
      `insert into "session" ("id", "person_id", "csrf_token", "created_at", "last_seen_at", "expires_at") values ($1, $2, 'csrf', now(), now(), now() + interval '1 hour')`,
      [sessionId, agent],
    );
    const changed = {
      departments: [{ code: dept, name: '质量管理部' }],
      people: [{ id: agent, displayName: '周客服', roles: ['agent', 'after_sales_manager'], active: false }],
    };
    const res = await load(await file('changed.json', changed));
    assert.equal(res.code, 0, res.err);
    assert.deepEqual(res.out.trim().split('\n'), [`department ${dept}: name changed`, `person ${agent}: roles, active changed`, '0 unchanged']);
    const { rows } = await db.query('select "id", "active", "department_code" from "person" where "id" = any($1) order by "id"', [[agent, owner]]);
    assert.deepEqual(rows.map((r) => [r.id, r.active, r.department_code]), [[agent, false, dept], [owner, true, dept]]);
    const [session] = (await db.query('select "end_reason" from "session" where "id" = $1', [sessionId])).rows;
    assert.equal(session.end_reason, 'deactivated');
    const [{ chat }] = (await db.query('select "chat_platform" as chat from "department" where "code" = $1', [dept])).rows;
    assert.equal(chat, 'feishu', 'a department\'s chat left out of the file stays');
  });

  it('gives an initial password, outside production only, to people who have none', async () => {
    const id = `new.${tag}`;
    const path = await file('new.json', { people: [{ id, displayName: '新人', roles: ['agent'] }] });
    const res = await load(path, { DIRECTORY_INITIAL_PASSWORD: 'development only!' });
    assert.equal(res.code, 0, res.err);
    assert.match(res.out, new RegExp(`initial password given to: ${id.replace(/\./g, '\\.')}`));
    const again = await load(path, { DIRECTORY_INITIAL_PASSWORD: 'another one, later' });
    assert.doesNotMatch(again.out, /initial password/);
    const production = await load(path, { NODE_ENV: 'production', DIRECTORY_INITIAL_PASSWORD: 'development only!', AUTH_TOKEN_SECRET: 'x'.repeat(40), PAYLOAD_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), PAYLOAD_ENCRYPTION_KEY_ID: 'k1' });
    assert.equal(production.code, 78);
    assert.match(production.err, /DIRECTORY_INITIAL_PASSWORD: is for development only/);
  });

  it('refuses a bad file, naming each problem with its place, and changes nothing', async () => {
    const bad = {
      departments: [{ code: 'R&D', name: '' }],
      people: [
        { id: 'has space', displayName: 'x', roles: ['boss'] },
        { id: `ok.${tag}`, displayName: 'x', roles: ['agent'], password: 'plain' },
      ],
    };
    const res = await load(await file('bad.json', bad));
    assert.equal(res.code, 65);
    for (const field of ['departments.0.code', 'departments.0.name', 'people.0.id', 'people.0.roles', 'people.1.password']) assert.match(res.err, new RegExp(`  ${field.replace(/\./g, '\\.')}: `));
    const unknownDepartment = await load(await file('unknown.json', { people: [{ id: `ok.${tag}`, displayName: 'x', roles: ['agent'], department: 'no_such_dept' }] }));
    assert.equal(unknownDepartment.code, 65);
    assert.match(unknownDepartment.err, /people\.0\.department: people\.0\.department no_such_dept is not a department of the directory/);
    assert.equal((await db.query('select 1 from "person" where "id" = $1', [`ok.${tag}`])).rowCount, 0);
    assert.match((await load(await file('twice.json', { people: [directory.people[0], directory.people[0]] }))).err, /listed more than once/);
    assert.match((await load(await file('text.json', 'not json'))).err, /not valid JSON/);
    assert.equal((await load(join(dir, 'missing.json'))).code, 65);
  });
});
