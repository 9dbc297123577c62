import { Migration } from '@mikro-orm/migrations';

/** The first answer to each state-changing request sent with an Idempotency-Key, per caller and key. */
export class Migration20261202120000_idempotent_requests extends Migration {
  override up(): void {
    this.addSql(`
      create table "idempotent_request" (
        "caller_id" varchar(100) not null,
        "key" varchar(200) not null,
        "method" varchar(8) not null,
        "path" varchar(500) not null,
        "fingerprint" char(64) not null,
        "status_code" int null,
        "body" jsonb null,
        "created_at" timestamptz not null,
        "completed_at" timestamptz null,
        primary key ("caller_id", "key")
      );`);
    this.addSql(`create index "idempotent_request_created_at_index" on "idempotent_request" ("created_at");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "idempotent_request";`);
  }
}
