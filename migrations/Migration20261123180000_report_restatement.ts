import { Migration } from '@mikro-orm/migrations';

export class Migration20261123180000_report_restatement extends Migration {
  override up(): void {
    // When the figures of a version were read: a survey stored after it makes the report stale.
    this.addSql(`alter table "report" add column "data_as_of" timestamptz null;`);
    this.addSql(`update "report" set "data_as_of" = "generated_at";`);
    this.addSql(`alter table "report" alter column "data_as_of" set not null;`);
    // An unapproved version replaced by a restatement is superseded; approved ones are never touched.
    this.addSql(`alter table "report" drop constraint "report_status_check";`);
    this.addSql(`
      alter table "report" add constraint "report_status_check"
        check ("status" in ('awaiting_approval', 'escalated', 'approved', 'archived', 'superseded'));`);
    // The nightly look for surveys stored after a report only reads the recent ones.
    this.addSql(`create index "survey_record_created_at_index" on "survey_record" ("created_at");`);
  }

  override down(): void {
    this.addSql(`drop index if exists "survey_record_created_at_index";`);
    this.addSql(`update "report" set "status" = 'awaiting_approval' where "status" = 'superseded';`);
    this.addSql(`alter table "report" drop constraint "report_status_check";`);
    this.addSql(`
      alter table "report" add constraint "report_status_check"
        check ("status" in ('awaiting_approval', 'escalated', 'approved', 'archived'));`);
    this.addSql(`alter table "report" drop column "data_as_of";`);
  }
}
