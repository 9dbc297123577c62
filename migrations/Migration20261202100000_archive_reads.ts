import { Migration } from '@mikro-orm/migrations';

/**
 * What a sale's or a case's read needs once Temporal has forgotten its workflow: PostgreSQL answers in the shape the
 * workflow's query has (README, "What is kept where").
 */
export class Migration20261202100000_archive_reads extends Migration {
  override up(): void {
    // The delivery as the sales system last stated it (delivered, then corrected): a re-post is compared with it.
    this.addSql(`alter table "sale" add column "delivery" jsonb null;`);
    // The callback's status right after each attempt: a repeated attempt is answered with it.
    this.addSql(`alter table "call_attempt" add column "callback_status" varchar(16) null;`);
    // Where the survey pointed, who handled the case and every stage deadline, as of the latest event.
    this.addSql(`alter table "feedback_case" add column "suggestion" jsonb null;`);
    this.addSql(`alter table "feedback_case" add column "handlers" jsonb null;`);
    this.addSql(`alter table "feedback_case" add column "deadlines" jsonb null;`);
    // Nothing wrote 'completed' before: a sale whose callbacks have all ended (and not by cancellation) is completed.
    this.addSql(`
      update "sale" s set "status" = 'completed'
       where s."status" = 'following'
         and exists (select 1 from "callback" c where c."sale_id" = s."id")
         and not exists (select 1 from "callback" c where c."sale_id" = s."id"
                          and c."status" not in ('completed', 'unreachable', 'refused'));`);
  }

  override down(): void {
    this.addSql(`update "sale" set "status" = 'following' where "status" = 'completed';`);
    for (const column of ['deadlines', 'handlers', 'suggestion']) {
      this.addSql(`alter table "feedback_case" drop column "${column}";`);
    }
    this.addSql(`alter table "call_attempt" drop column "callback_status";`);
    this.addSql(`alter table "sale" drop column "delivery";`);
  }
}
