import { Migration } from '@mikro-orm/migrations';

export class Migration20261123150000_call_results extends Migration {
  override up(): void {
    this.addSql(`alter table "callback" add column "questionnaire_sent_at" timestamptz null;`);

    this.addSql(`
      create table "call_attempt" (
        "id" varchar(100) primary key,
        "callback_id" varchar(80) not null references "callback" ("id") on update cascade,
        "agent_id" varchar(100) not null,
        "outcome" varchar(24) not null,
        "reason" text null,
        "next_try_at" timestamptz null,
        "recorded_at" timestamptz not null,
        "created_at" timestamptz not null,
        constraint "call_attempt_outcome_check"
          check ("outcome" in ('survey_done', 'busy', 'no_answer', 'wrong_person', 'refused', 'questionnaire_sent'))
      );`);
    this.addSql(`create index "call_attempt_callback_id_index" on "call_attempt" ("callback_id");`);

    this.addSql(`
      create table "survey_record" (
        "attempt_id" varchar(100) primary key,
        "callback_id" varchar(80) not null references "callback" ("id") on update cascade,
        "sale_id" varchar(64) not null references "sale" ("id") on update cascade,
        "customer_id" varchar(64) not null,
        "agent_id" varchar(100) not null,
        "method" varchar(16) not null,
        "usage_location" varchar(200) null,
        "usage_used_by" varchar(200) null,
        "usage_city" varchar(100) null,
        "usage_hours_per_day" numeric(4,2) null,
        "score" numeric(5,2) null,
        "product_score" numeric(5,2) null,
        "attitude_score" numeric(5,2) null,
        "speed_score" numeric(5,2) null,
        "service_score" numeric(5,2) null,
        "classification" varchar(16) not null,
        "says_dissatisfied" boolean not null,
        "complained_to" varchar(16) null,
        "complained_to_management" boolean not null,
        "serious_opinion" boolean not null,
        "opinions" text null,
        "problems" jsonb not null,
        "unanswered_question" text null,
        "repurchase_intent" text null,
        "answers" jsonb not null,
        "customer_category" varchar(32) not null,
        "key_account" boolean not null,
        "customer_region" varchar(100) null,
        "customer_industry" varchar(100) null,
        "product_model" varchar(100) not null,
        "recorded_at" timestamptz not null,
        "created_at" timestamptz not null,
        constraint "survey_record_method_check" check ("method" in ('phone', 'questionnaire', 'on_site', 'email', 'other')),
        constraint "survey_record_classification_check"
          check ("classification" in ('complaint', 'dissatisfied', 'grievance', 'opinion', 'satisfied')),
        constraint "survey_record_complained_to_check" check ("complained_to" in ('manufacturer', 'media', 'government')),
        constraint "survey_record_score_check" check (
          "score" between 0 and 100 and "product_score" between 0 and 100 and "attitude_score" between 0 and 100
          and "speed_score" between 0 and 100 and "service_score" between 0 and 100)
      );`);
    // Monthly and quarterly reports: by period, and by customer segment within a period.
    this.addSql(`create index "survey_record_recorded_at_index" on "survey_record" ("recorded_at");`);
    this.addSql(`create index "survey_record_customer_category_recorded_at_index" on "survey_record" ("customer_category", "recorded_at");`);
    this.addSql(`create index "survey_record_callback_id_index" on "survey_record" ("callback_id");`);
    this.addSql(`create index "survey_record_sale_id_index" on "survey_record" ("sale_id");`);

    this.addSql(`
      create table "lead" (
        "id" varchar(100) primary key,
        "sale_id" varchar(64) not null references "sale" ("id") on update cascade,
        "customer_id" varchar(64) not null,
        "sales_owner" varchar(100) not null,
        "product_interest" text not null,
        "status" varchar(16) not null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        constraint "lead_status_check" check ("status" in ('new', 'contacted', 'won', 'lost'))
      );`);
    this.addSql(`create index "lead_sales_owner_status_index" on "lead" ("sales_owner", "status");`);
    this.addSql(`create index "lead_sale_id_index" on "lead" ("sale_id");`);

    this.addSql(`
      create table "notification" (
        "key" varchar(200) primary key,
        "recipient" varchar(32) not null,
        "recipient_id" varchar(100) null,
        "kind" varchar(64) not null,
        "sale_id" varchar(64) null,
        "callback_id" varchar(80) null,
        "case_no" varchar(40) null,
        "message" text not null,
        "notified_at" timestamptz not null,
        "created_at" timestamptz not null,
        constraint "notification_recipient_check"
          check ("recipient" in ('general_manager', 'after_sales_manager', 'sales_owner', 'department_owner', 'agent'))
      );`);
    this.addSql(`create index "notification_recipient_notified_at_index" on "notification" ("recipient", "notified_at");`);

    this.addSql(`
      create table "feedback_case" (
        "case_no" varchar(40) primary key,
        "source_attempt_id" varchar(100) not null,
        "sale_id" varchar(64) not null references "sale" ("id") on update cascade,
        "callback_id" varchar(80) not null,
        "customer_id" varchar(64) not null,
        "order_no" varchar(64) not null,
        "product_model" varchar(100) not null,
        "channel" varchar(16) not null,
        "classification" varchar(24) not null,
        "priority" varchar(8) not null,
        "customer_words" text not null,
        "score" numeric(5,2) null,
        "received_at" timestamptz not null,
        "stage" varchar(24) not null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        constraint "feedback_case_source_attempt_id_unique" unique ("source_attempt_id"),
        constraint "feedback_case_channel_check" check ("channel" in ('PHONE', 'QUESTIONNAIRE', 'EMAIL', 'OFFLINE', 'OTHER')),
        constraint "feedback_case_priority_check" check ("priority" in ('high', 'medium', 'low')),
        constraint "feedback_case_score_check" check ("score" between 0 and 100)
      );`);
    this.addSql(`create index "feedback_case_sale_id_index" on "feedback_case" ("sale_id");`);
    this.addSql(`create index "feedback_case_received_at_index" on "feedback_case" ("received_at");`);
    this.addSql(`create index "feedback_case_stage_priority_index" on "feedback_case" ("stage", "priority");`);

    // One counter per company-time day and channel; openFeedbackCase increments it in the case's transaction.
    this.addSql(`
      create table "feedback_case_sequence" (
        "day" date not null,
        "channel" varchar(16) not null,
        "last" int not null,
        primary key ("day", "channel")
      );`);
  }

  override down(): void {
    this.addSql(`drop table if exists "feedback_case_sequence";`);
    this.addSql(`drop table if exists "feedback_case";`);
    this.addSql(`drop table if exists "notification";`);
    this.addSql(`drop table if exists "lead";`);
    this.addSql(`drop table if exists "survey_record";`);
    this.addSql(`drop table if exists "call_attempt";`);
    this.addSql(`alter table "callback" drop column if exists "questionnaire_sent_at";`);
  }
}
