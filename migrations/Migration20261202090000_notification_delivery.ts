import { Migration } from '@mikro-orm/migrations';

export class Migration20261202090000_notification_delivery extends Migration {
  override up(): void {
    // Structured facts (stage, deadline, priority, report, who else is told) that the templates render; and whether
    // the notification goes out day or night.
    this.addSql(`alter table "notification" add column "facts" jsonb not null default '{}'::jsonb;`);
    this.addSql(`alter table "notification" add column "urgent" boolean not null default false;`);
    this.addSql(`alter table "notification" drop constraint "notification_recipient_check";`);
    this.addSql(`
      alter table "notification" add constraint "notification_recipient_check"
        check ("recipient" in ('general_manager', 'after_sales_manager', 'sales_owner', 'department_owner', 'agent', 'administrator'));`);

    // One entry per notification and person told, rendered in the person's language; read by its person only.
    this.addSql(`
      create table "inbox_item" (
        "id" uuid primary key,
        "notification_key" varchar(200) not null references "notification" ("key") on update cascade,
        "person_id" varchar(100) not null references "person" ("id") on update cascade on delete restrict,
        "kind" varchar(64) not null,
        "title" varchar(300) not null,
        "body" text not null,
        "link" text not null,
        "sale_id" varchar(64) null,
        "callback_id" varchar(80) null,
        "case_no" varchar(40) null,
        "urgent" boolean not null,
        "created_at" timestamptz not null,
        "read_at" timestamptz null,
        constraint "inbox_item_notification_person_unique" unique ("notification_key", "person_id")
      );`);
    this.addSql(`create index "inbox_item_person_index" on "inbox_item" ("person_id", ("read_at" is null) desc, "created_at" desc);`);

    // The delivery status of each notification per person and channel; a row without a person records that its
    // recipient resolved to nobody active.
    this.addSql(`
      create table "notification_delivery" (
        "id" uuid primary key,
        "notification_key" varchar(200) not null references "notification" ("key") on update cascade,
        "recipient_id" varchar(100) null,
        "channel" varchar(8) not null check ("channel" in ('inbox', 'email', 'chat')),
        "status" varchar(8) not null check ("status" in ('pending', 'waiting', 'retrying', 'sent', 'failed')),
        "department_code" varchar(32) null,
        "attempts" integer not null default 0,
        "last_error" varchar(500) null,
        "not_before" timestamptz null,
        "sent_at" timestamptz null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null
      );`);
    this.addSql(`
      create unique index "notification_delivery_unique"
        on "notification_delivery" ("notification_key", coalesce("recipient_id", ''), "channel");`);
    this.addSql(`create index "notification_delivery_status_index" on "notification_delivery" ("status", "channel");`);
    this.addSql(`create index "notification_delivery_updated_at_index" on "notification_delivery" ("updated_at" desc);`);

    // A channel (e-mail, or one department's chat robot) that keeps failing: open until a send on it succeeds, so the
    // administrators are told once per spell, not once per notification.
    this.addSql(`
      create table "delivery_alert" (
        "id" uuid primary key,
        "channel" varchar(8) not null,
        "target" varchar(64) not null,
        "opened_at" timestamptz not null,
        "closed_at" timestamptz null
      );`);
    this.addSql(`create unique index "delivery_alert_open_unique" on "delivery_alert" ("channel", "target") where "closed_at" is null;`);
  }

  override down(): void {
    this.addSql(`drop table if exists "delivery_alert";`);
    this.addSql(`drop table if exists "notification_delivery";`);
    this.addSql(`drop table if exists "inbox_item";`);
    this.addSql(`delete from "notification" where "recipient" = 'administrator';`);
    this.addSql(`alter table "notification" drop constraint "notification_recipient_check";`);
    this.addSql(`
      alter table "notification" add constraint "notification_recipient_check"
        check ("recipient" in ('general_manager', 'after_sales_manager', 'sales_owner', 'department_owner', 'agent'));`);
    this.addSql(`alter table "notification" drop column "urgent";`);
    this.addSql(`alter table "notification" drop column "facts";`);
  }
}
