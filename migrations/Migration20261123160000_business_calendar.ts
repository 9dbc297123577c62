import { Migration } from '@mikro-orm/migrations';

export class Migration20261123160000_business_calendar extends Migration {
  override up(): void {
    this.addSql(`
      create table "business_calendar_year" (
        "year" int primary key,
        "official" boolean not null,
        "holidays" jsonb not null,
        "workdays" jsonb not null,
        "source" varchar(200) not null,
        "loaded_at" timestamptz not null,
        constraint "business_calendar_year_year_check" check ("year" between 1900 and 9999),
        constraint "business_calendar_year_holidays_check" check (jsonb_typeof("holidays") = 'array'),
        constraint "business_calendar_year_workdays_check" check (jsonb_typeof("workdays") = 'array')
      );`);

    // Mainland China's official arrangements (国务院办公厅放假安排), the data of CHINA_CALENDAR in
    // workflows/domain/business-calendar.ts, written out so that this migration never changes with the code.
    this.addSql(`
      insert into "business_calendar_year" ("year", "official", "holidays", "workdays", "source", "loaded_at") values
      (2025, true,
        '["2025-01-01","2025-01-28","2025-01-29","2025-01-30","2025-01-31","2025-02-01","2025-02-02","2025-02-03","2025-02-04","2025-04-04","2025-04-05","2025-04-06","2025-05-01","2025-05-02","2025-05-03","2025-05-04","2025-05-05","2025-05-31","2025-06-01","2025-06-02","2025-10-01","2025-10-02","2025-10-03","2025-10-04","2025-10-05","2025-10-06","2025-10-07","2025-10-08"]',
        '["2025-01-26","2025-02-08","2025-04-27","2025-09-28","2025-10-11"]',
        '国务院办公厅 2025 notice', now()),
      (2026, true,
        '["2026-01-01","2026-01-02","2026-01-03","2026-02-15","2026-02-16","2026-02-17","2026-02-18","2026-02-19","2026-02-20","2026-02-21","2026-02-22","2026-02-23","2026-04-04","2026-04-05","2026-04-06","2026-05-01","2026-05-02","2026-05-03","2026-05-04","2026-05-05","2026-06-19","2026-06-20","2026-06-21","2026-09-25","2026-09-26","2026-09-27","2026-10-01","2026-10-02","2026-10-03","2026-10-04","2026-10-05","2026-10-06","2026-10-07"]',
        '["2026-01-04","2026-02-14","2026-02-28","2026-05-09","2026-09-20","2026-10-10"]',
        '国务院办公厅 2026 notice', now())
      on conflict ("year") do nothing;`);
  }

  override down(): void {
    this.addSql(`drop table if exists "business_calendar_year";`);
  }
}
