import { Migration } from '@mikro-orm/migrations';

export class Migration20261123120000_sales extends Migration {
  override up(): void {
    this.addSql(`
      create table "customer" (
        "id" varchar(64) primary key,
        "name" varchar(200) not null,
        "category" varchar(32) not null,
        "key_account" boolean not null,
        "region" varchar(100) null,
        "industry" varchar(100) null,
        "buyer" jsonb not null,
        "actual_user" jsonb null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null
      );`);
    this.addSql(`
      create table "sale" (
        "id" varchar(64) primary key,
        "order_no" varchar(64) not null,
        "customer_id" varchar(64) not null references "customer" ("id") on update cascade,
        "product_model" varchar(100) not null,
        "quantity" int not null,
        "delivered_on" date not null,
        "warranty_months" int not null,
        "sales_owner" varchar(100) not null,
        "workflow_id" varchar(100) not null,
        "status" varchar(16) not null,
        "registered_at" timestamptz not null
      );`);
    this.addSql(`create index "sale_customer_id_index" on "sale" ("customer_id");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "sale";`);
    this.addSql(`drop table if exists "customer";`);
  }
}
