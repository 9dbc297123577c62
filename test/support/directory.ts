import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChatPlatform } from '../../src/directory/department.entity.js';

/** A department row, written directly: the directory's administrator API is not what these tests exercise. */
export async function addDepartment(
  em: EntityManager,
  d: { code: string; name?: string; chatPlatform?: ChatPlatform; chatWebhookUrl?: string; chatSecret?: string | null },
): Promise<void> {
  await em.execute(
    `insert into "department" ("code", "name", "chat_platform", "chat_webhook_url", "chat_secret", "created_at", "updated_at")
     values (?, ?, ?, ?, ?, now(), now())
     on conflict ("code") do update set "chat_platform" = excluded."chat_platform", "chat_webhook_url" = excluded."chat_webhook_url", "chat_secret" = excluded."chat_secret"`,
    [d.code, d.name ?? d.code, d.chatPlatform ?? null, d.chatWebhookUrl ?? null, d.chatSecret ?? null],
  );
}

export interface TestPerson {
  id: string;
  roles: string[];
  department?: string;
  email?: string | null;
  chatHandle?: string | null;
  locale?: 'zh-CN' | 'en';
  active?: boolean;
}

/** A person row, written directly (roles such as sales_owner included, whatever the role table of this build). */
export async function addPerson(em: EntityManager, p: TestPerson): Promise<void> {
  await em.execute(
    `insert into "person" ("id", "display_name", "roles", "department_code", "email", "chat_handle", "locale", "active", "created_at", "updated_at")
     values (?, ?, ?::jsonb, ?, ?, ?, ?, ?, now(), now())
     on conflict ("id") do update set "roles" = excluded."roles", "department_code" = excluded."department_code", "email" = excluded."email",
       "chat_handle" = excluded."chat_handle", "locale" = excluded."locale", "active" = excluded."active"`,
    [p.id, `Test ${p.id}`, JSON.stringify(p.roles), p.department ?? null, p.email === undefined ? `${p.id}@example.com` : p.email, p.chatHandle ?? null, p.locale ?? 'zh-CN', p.active ?? true],
  );
}
