import { Migration } from '@mikro-orm/migrations';

export class Migration20261123161000_case_handling extends Migration {
  override up(): void {
    // The case row mirrors the FeedbackCase workflow's latest recorded event (see recordCaseEvent), for lists and reports.
    this.addSql(`
      alter table "feedback_case"
        alter column "stage" set default 'registered',
        add column "cycle" int not null default 1,
        add column "department" varchar(16) null,
        add column "owner_id" varchar(100) null,
        add column "nature" varchar(24) null,
        add column "scope" varchar(16) null,
        add column "stage_due_at" timestamptz null,
        add column "calendar_version" varchar(64) null,
        add column "deadline_provisional" boolean not null default false,
        add column "missed_deadlines" int not null default 0,
        add column "resolution" varchar(16) null,
        add column "closed_at" timestamptz null,
        add column "source_agent_id" varchar(100) null,
        add constraint "feedback_case_stage_check"
          check ("stage" in ('registered', 'assigned', 'in_progress', 'verifying', 'revisiting', 'closed')),
        add constraint "feedback_case_department_check" check ("department" in ('after_sales', 'rnd', 'logistics', 'sales')),
        add constraint "feedback_case_nature_check"
          check ("nature" in ('attitude', 'technical_ability', 'process_efficiency', 'product_quality', 'communication')),
        add constraint "feedback_case_scope_check" check ("scope" in ('single', 'common', 'systemic')),
        add constraint "feedback_case_resolution_check" check ("resolution" in ('resolved')),
        add constraint "feedback_case_cycle_check" check ("cycle" >= 1 and "missed_deadlines" >= 0);`);
    // The case list: by stage (with priority, already indexed), priority, department, and overdue open cases, newest first.
    this.addSql(`create index "feedback_case_priority_received_at_index" on "feedback_case" ("priority", "received_at");`);
    this.addSql(`create index "feedback_case_department_received_at_index" on "feedback_case" ("department", "received_at");`);
    this.addSql(`create index "feedback_case_stage_due_at_index" on "feedback_case" ("stage_due_at") where "stage" <> 'closed';`);
    // The archive: every case of a customer.
    this.addSql(`create index "feedback_case_customer_id_index" on "feedback_case" ("customer_id");`);

    this.addSql(`
      create table "case_event" (
        "event_id" varchar(200) primary key,
        "case_no" varchar(40) not null references "feedback_case" ("case_no") on update cascade,
        "type" varchar(24) not null,
        "at" timestamptz not null,
        "cycle" int not null,
        "actor_id" varchar(100) null,
        "actor_role" varchar(24) null,
        "details" jsonb null,
        "created_at" timestamptz not null,
        constraint "case_event_type_check" check ("type" in (
          'registered', 'assigned', 'analysed', 'done_reported', 'verified', 'verification_failed',
          'revisited', 'reprocessed', 'closed', 'warning', 'escalated')),
        constraint "case_event_actor_role_check"
          check ("actor_role" in ('agent', 'department_owner', 'after_sales_manager', 'general_manager'))
      );`);
    this.addSql(`create index "case_event_case_no_at_index" on "case_event" ("case_no", "at");`);

    this.addSql(`
      create table "corrective_action" (
        "id" varchar(120) primary key,
        "case_no" varchar(40) not null references "feedback_case" ("case_no") on update cascade,
        "cycle" int not null,
        "kind" varchar(16) not null,
        "description" text not null,
        "deadline" timestamptz not null,
        "created_at" timestamptz not null,
        constraint "corrective_action_kind_check" check ("kind" in ('short_term', 'long_term'))
      );`);
    this.addSql(`create index "corrective_action_case_no_index" on "corrective_action" ("case_no");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "corrective_action";`);
    this.addSql(`drop table if exists "case_event";`);
    this.addSql(`drop index if exists "feedback_case_customer_id_index";`);
    this.addSql(`drop index if exists "feedback_case_stage_due_at_index";`);
    this.addSql(`drop index if exists "feedback_case_department_received_at_index";`);
    this.addSql(`drop index if exists "feedback_case_priority_received_at_index";`);
    this.addSql(`
      alter table "feedback_case"
        drop constraint if exists "feedback_case_cycle_check",
        drop constraint if exists "feedback_case_resolution_check",
        drop constraint if exists "feedback_case_scope_check",
        drop constraint if exists "feedback_case_nature_check",
        drop constraint if exists "feedback_case_department_check",
        drop constraint if exists "feedback_case_stage_check",
        drop column if exists "source_agent_id",
        drop column if exists "closed_at",
        drop column if exists "resolution",
        drop column if exists "missed_deadlines",
        drop column if exists "deadline_provisional",
        drop column if exists "calendar_version",
        drop column if exists "stage_due_at",
        drop column if exists "scope",
        drop column if exists "nature",
        drop column if exists "owner_id",
        drop column if exists "department",
        drop column if exists "cycle",
        alter column "stage" drop default;`);
  }
}
