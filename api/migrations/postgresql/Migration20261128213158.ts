import { Migration } from '@mikro-orm/migrations';

export class Migration20261128213158 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "backtest" ("id" uuid not null, "created_at" timestamptz not null, "kind" varchar(16) not null, "status" varchar(16) not null, "product_id" uuid not null, "case_set_id" uuid null, "decision_filter" jsonb null, "baseline" jsonb not null, "candidate" jsonb not null, "as_of" timestamptz not null, "cases_total" int not null, "cases_done" int not null default 0, "chunk_count" int not null, "chunks_done" int not null default 0, "metrics" jsonb null, "expectations_checked" int not null default 0, "regressions" int not null default 0, "mismatches" int not null default 0, "error" text null, "created_by" varchar(255) not null, "cancelled_by" varchar(255) null, "started_at" timestamptz null, "finished_at" timestamptz null, constraint "backtest_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "backtest_status_created_at_index" on "backtest" ("status", "created_at");`);

    this.addSql(
      `create table "backtest_difference" ("id" uuid not null, "created_at" timestamptz not null, "backtest_id" uuid not null, "position" int not null, "case_id" uuid null, "decision_id" uuid null, "line" int null, "external_ref" varchar(255) null, "change_kind" varchar(16) not null, "observed_default" boolean null, "baseline" jsonb not null, "candidate" jsonb not null, "regression" boolean not null, "mismatch" boolean not null, "expectation_failures" jsonb not null, "mismatches" jsonb not null, constraint "backtest_difference_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "backtest_difference_backtest_id_mismatch_position_index" on "backtest_difference" ("backtest_id", "mismatch", "position");`,
    );
    this.addSql(
      `create index "backtest_difference_backtest_id_regression_position_index" on "backtest_difference" ("backtest_id", "regression", "position");`,
    );
    this.addSql(
      `create index "backtest_difference_backtest_id_position_index" on "backtest_difference" ("backtest_id", "position");`,
    );
    this.addSql(
      `create index "backtest_difference_backtest_id_change_kind_position_index" on "backtest_difference" ("backtest_id", "change_kind", "position");`,
    );

    this.addSql(
      `create table "backtest_chunk" ("id" uuid not null, "created_at" timestamptz not null, "backtest_id" uuid not null, "index" int not null, "status" varchar(16) not null, "first_key" jsonb not null, "last_key" jsonb not null, "case_count" int not null, "claimed_by" varchar(255) null, "claimed_at" timestamptz null, "attempts" int not null default 0, "state" jsonb null, constraint "backtest_chunk_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "backtest_chunk_status_claimed_at_index" on "backtest_chunk" ("status", "claimed_at");`,
    );
    this.addSql(
      `alter table "backtest_chunk" add constraint "backtest_chunk_backtest_id_index_unique" unique ("backtest_id", "index");`,
    );

    this.addSql(
      `alter table "backtest" add constraint "backtest_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "backtest" add constraint "backtest_case_set_id_foreign" foreign key ("case_set_id") references "case_set" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "backtest_difference" add constraint "backtest_difference_backtest_id_foreign" foreign key ("backtest_id") references "backtest" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "backtest_chunk" add constraint "backtest_chunk_backtest_id_foreign" foreign key ("backtest_id") references "backtest" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "backtest_difference" drop constraint "backtest_difference_backtest_id_foreign";`,
    );

    this.addSql(`alter table "backtest_chunk" drop constraint "backtest_chunk_backtest_id_foreign";`);

    this.addSql(`drop table if exists "backtest" cascade;`);

    this.addSql(`drop table if exists "backtest_difference" cascade;`);

    this.addSql(`drop table if exists "backtest_chunk" cascade;`);
  }
}
