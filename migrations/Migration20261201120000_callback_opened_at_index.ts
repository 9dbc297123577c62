import { Migration } from '@mikro-orm/migrations';

export class Migration20261201120000_callback_opened_at_index extends Migration {
  override up(): void {
    // The API's gauge of callbacks opened late reads the last day's openings every BUSINESS_METRICS_INTERVAL_S.
    this.addSql(`create index "callback_opened_at_index" on "callback" ("opened_at") where "opened_at" is not null;`);
  }

  override down(): void {
    this.addSql(`drop index if exists "callback_opened_at_index";`);
  }
}
