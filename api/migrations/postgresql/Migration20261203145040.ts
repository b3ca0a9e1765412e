import { Migration } from '@mikro-orm/migrations';

export class Migration20261203145040 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "scorecard_fit" ("id" uuid not null, "created_at" timestamptz not null, "status" varchar(16) not null, "product_id" uuid not null, "case_set_id" uuid null, "policy_id" uuid not null, "name" varchar(64) not null, "outcome" varchar(64) not null, "characteristics" jsonb not null, "test_share" real not null, "seed" int not null, "cases_total" int not null, "cases_read" int not null default 0, "cases_skipped" int not null default 0, "chunk_count" int not null, "chunks_done" int not null default 0, "report" jsonb null, "scorecard" jsonb null, "draft_version_id" varchar(36) null, "error" text null, "failure" jsonb null, "created_by" varchar(255) not null, "author_id" varchar(36) not null, "started_at" timestamptz null, "finished_at" timestamptz null, constraint "scorecard_fit_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "scorecard_fit_status_created_at_index" on "scorecard_fit" ("status", "created_at");`,
    );

    this.addSql(
      `alter table "scorecard_fit" add constraint "scorecard_fit_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "scorecard_fit" add constraint "scorecard_fit_case_set_id_foreign" foreign key ("case_set_id") references "case_set" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "scorecard_fit" add constraint "scorecard_fit_policy_id_foreign" foreign key ("policy_id") references "policy" ("id") on update cascade;`,
    );

    this.addSql(`alter table "alert" add column "scorecards" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "scorecard_fit" cascade;`);

    this.addSql(`alter table "alert" drop column "scorecards";`);
  }
}
