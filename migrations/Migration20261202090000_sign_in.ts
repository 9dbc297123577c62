import { Migration } from '@mikro-orm/migrations';

export class Migration20261202090000_sign_in extends Migration {
  override up(): void {
    // Apart from "person": directory reads never load a password hash.
    this.addSql(`
      create table "person_credential" (
        "person_id" varchar(100) primary key references "person" ("id") on update cascade on delete cascade,
        "password_hash" text not null,
        "changed_at" timestamptz not null,
        "changed_by" varchar(100) not null
      );`);
    // The cookie carries a random token; only its SHA-256 is stored, so a copy of the table opens no session.
    this.addSql(`
      create table "session" (
        "id" char(64) primary key,
        "person_id" varchar(100) not null references "person" ("id") on update cascade on delete cascade,
        "csrf_token" varchar(64) not null,
        "created_at" timestamptz not null,
        "last_seen_at" timestamptz not null,
        "expires_at" timestamptz not null,
        "ended_at" timestamptz null,
        "end_reason" varchar(32) null check ("end_reason" in ('logout', 'deactivated', 'password_changed', 'password_reset')),
        check (("ended_at" is null) = ("end_reason" is null))
      );`);
    this.addSql(`create index "session_person_id_index" on "session" ("person_id") where "ended_at" is null;`);
    // Failed sign-ins per user name ("user:<name>") and per client address ("address:<ip>").
    this.addSql(`
      create table "sign_in_throttle" (
        "key" varchar(160) primary key,
        "failures" integer not null check ("failures" > 0),
        "last_failure_at" timestamptz not null
      );`);
  }

  override down(): void {
    this.addSql(`drop table if exists "sign_in_throttle";`);
    this.addSql(`drop table if exists "session";`);
    this.addSql(`drop table if exists "person_credential";`);
  }
}
