import { Migration } from '@mikro-orm/migrations';

export class Migration20261201090000_staff_directory extends Migration {
  override up(): void {
    this.addSql(`
      create table "department" (
        "code" varchar(32) primary key,
        "name" varchar(100) not null,
        "chat_platform" varchar(16) null check ("chat_platform" in ('wecom', 'dingtalk', 'feishu')),
        "chat_webhook_url" text null,
        "chat_secret" varchar(200) null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        check (("chat_platform" is null) = ("chat_webhook_url" is null))
      );`);
    this.addSql(`
      create table "person" (
        "id" varchar(100) primary key,
        "display_name" varchar(100) not null,
        "roles" jsonb not null check (jsonb_typeof("roles") = 'array' and jsonb_array_length("roles") > 0),
        "department_code" varchar(32) null references "department" ("code") on update cascade on delete restrict,
        "email" varchar(254) null,
        "chat_handle" varchar(100) null,
        "locale" varchar(8) not null check ("locale" in ('zh-CN', 'en')),
        "active" boolean not null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null
      );`);
    // "The after-sales managers": the active people whose roles contain one.
    this.addSql(`create index "person_roles_index" on "person" using gin ("roles") where "active";`);
    this.addSql(`create index "person_department_code_index" on "person" ("department_code");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "person";`);
    this.addSql(`drop table if exists "department";`);
  }
}
