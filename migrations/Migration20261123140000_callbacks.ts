import { Migration } from '@mikro-orm/migrations';

export class Migration20261123140000_callbacks extends Migration {
  override up(): void {
    this.addSql(`
      alter table "sale"
        add column "cancelled_at" timestamptz null,
        add column "cancellation_reason" varchar(16) null,
        add column "cancellation_note" varchar(500) null,
        add constraint "sale_cancellation_reason_check" check ("cancellation_reason" in ('return', 'refund'));`);
    this.addSql(`
      create table "callback" (
        "id" varchar(80) primary key,
        "sale_id" varchar(64) not null references "sale" ("id") on update cascade,
        "kind" varchar(32) not null,
        "status" varchar(16) not null,
        "nominal_date" date not null,
        "due_at" timestamptz not null,
        "late" boolean not null,
        "customer_id" varchar(64) not null,
        "customer_category" varchar(32) not null,
        "claimed_by" varchar(100) null,
        "claimed_at" timestamptz null,
        "opened_at" timestamptz null,
        "closed_at" timestamptz null,
        "attempts" int not null default 0,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null
      );`);
    // The agents' queue: GET /callbacks filters on these and orders by due_at, id.
    this.addSql(`create index "callback_status_due_at_index" on "callback" ("status", "due_at");`);
    this.addSql(`create index "callback_claimed_by_index" on "callback" ("claimed_by");`);
    this.addSql(`create index "callback_customer_category_index" on "callback" ("customer_category");`);
    this.addSql(`create index "callback_sale_id_index" on "callback" ("sale_id");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "callback";`);
    this.addSql(`
      alter table "sale"
        drop constraint if exists "sale_cancellation_reason_check",
        drop column if exists "cancelled_at",
        drop column if exists "cancellation_reason",
        drop column if exists "cancellation_note";`);
  }
}
