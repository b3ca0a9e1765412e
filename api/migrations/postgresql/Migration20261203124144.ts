import { Migration } from '@mikro-orm/migrations';

export class Migration20261203124144 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "exposure_counter" ("product_id" uuid not null, "counter_key" varchar(200) not null, "used" bigint not null, "updated_at" timestamptz not null, constraint "exposure_counter_pkey" primary key ("product_id", "counter_key"));`,
    );

    this.addSql(
      `alter table "exposure_counter" add constraint "exposure_counter_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`,
    );

    this.addSql(`alter table "decision" add column "exposure" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "exposure_counter" cascade;`);

    this.addSql(`alter table "decision" drop column "exposure";`);
  }
}
