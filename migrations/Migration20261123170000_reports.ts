import { Migration } from '@mikro-orm/migrations';

export class Migration20261123170000_reports extends Migration {
  override up(): void {
    // One row per version of a satisfaction report; an approved version is never changed, a new one is added instead.
    this.addSql(`
      create table "report" (
        "id" varchar(80) primary key,
        "kind" varchar(16) not null,
        "label" varchar(16) not null,
        "period_start" date not null,
        "period_end" date not null,
        "version" int not null,
        "figures" jsonb not null,
        "previous_version" int null,
        "differences" jsonb null,
        "status" varchar(24) not null,
        "generated_at" timestamptz not null,
        "approved_by" varchar(100) null,
        "approved_at" timestamptz null,
        "archived_at" timestamptz null,
        "source_key" varchar(200) not null,
        constraint "report_source_key_unique" unique ("source_key"),
        constraint "report_kind_label_version_unique" unique ("kind", "label", "version"),
        constraint "report_kind_check" check ("kind" in ('monthly', 'quarterly')),
        constraint "report_status_check" check ("status" in ('awaiting_approval', 'escalated', 'approved', 'archived')),
        constraint "report_version_check" check ("version" >= 1),
        constraint "report_period_check" check ("period_start" < "period_end")
      );`);
    // The list of stored reports: by kind, newest first.
    this.addSql(`create index "report_kind_generated_at_index" on "report" ("kind", "generated_at");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "report";`);
  }
}
