import { Migration } from '@mikro-orm/migrations';

/** Corrections the sales system sends for a recorded sale (PATCH /sales/:saleId), in order, as the sale's history. */
export class Migration20261202110000_sale_corrections extends Migration {
  override up(): void {
    // How many corrections the sale has had: the workflow applies them in this order, whatever order they arrive in.
    this.addSql(`alter table "sale" add column "revision" int not null default 0;`);
    this.addSql(`
      create table "sale_correction" (
        "id" varchar(64) primary key,
        "sale_id" varchar(64) not null references "sale" ("id") on update cascade,
        "revision" int not null,
        "changes" jsonb not null,
        "corrected_by" varchar(100) not null,
        "corrected_at" timestamptz not null,
        constraint "sale_correction_sale_id_revision_unique" unique ("sale_id", "revision"),
        constraint "sale_correction_revision_check" check ("revision" >= 1)
      );`);
  }

  override down(): void {
    this.addSql(`drop table if exists "sale_correction";`);
    this.addSql(`alter table "sale" drop column "revision";`);
  }
}
