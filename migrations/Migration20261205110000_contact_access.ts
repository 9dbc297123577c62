import { Migration } from '@mikro-orm/migrations';

export class Migration20261205110000_contact_access extends Migration {
  override up(): void {
    // Who read which customer's contact, when and why (DOMAIN §7); written before the contact is shown, never changed.
    this.addSql(`
      create table "contact_access" (
        "id" uuid primary key,
        "person_id" varchar(100) not null,
        "role" varchar(32) not null,
        "customer_id" varchar(64) not null,
        "sale_id" varchar(64) not null,
        "purpose" varchar(16) not null check ("purpose" in ('callback', 'revisit')),
        "callback_id" varchar(80) null,
        "case_no" varchar(40) null,
        "accessed_at" timestamptz not null,
        check (("purpose" = 'callback') = ("callback_id" is not null)),
        check (("purpose" = 'revisit') = ("case_no" is not null))
      );`);
    this.addSql(`create index "contact_access_accessed_at_index" on "contact_access" ("accessed_at" desc, "id");`);
    this.addSql(`create index "contact_access_person_index" on "contact_access" ("person_id", "accessed_at" desc);`);
    this.addSql(`create index "contact_access_customer_index" on "contact_access" ("customer_id", "accessed_at" desc);`);
  }

  override down(): void {
    this.addSql(`drop table if exists "contact_access";`);
  }
}
