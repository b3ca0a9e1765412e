import { Migration } from '@mikro-orm/migrations';

export class Migration20261203110703 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "case_import" ("id" uuid not null, "created_at" timestamptz not null, "status" varchar(16) not null, "case_set_id" uuid not null, "format" varchar(8) not null, "mapping" jsonb not null, "keep_valid_rows" boolean not null, "ref_column" varchar(255) null, "field" varchar(255) not null, "created_by" varchar(255) not null, "block_count" int not null default 0, "chunk_count" int not null default 0, "chunks_done" int not null default 0, "started_at" timestamptz null, "finished_at" timestamptz null, "error" text null, "failure" jsonb null, "imported_rows" int not null default 0, "failed_rows" int not null default 0, "row_errors" jsonb null, constraint "case_import_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "case_import_status_created_at_index" on "case_import" ("status", "created_at");`,
    );

    this.addSql(
      `create table "import_block" ("id" uuid not null, "created_at" timestamptz not null, "import_id" uuid not null, "seq" int not null, "bytes" bytea not null, constraint "import_block_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "import_block" add constraint "import_block_import_id_seq_unique" unique ("import_id", "seq");`,
    );

    this.addSql(
      `create table "job_chunk" ("id" uuid not null, "created_at" timestamptz not null, "kind" varchar(32) not null, "job_id" uuid not null, "index" int not null, "status" varchar(16) not null, "first_key" jsonb null, "last_key" jsonb null, "item_count" int not null, "claimed_by" varchar(255) null, "claimed_at" timestamptz null, "attempts" int not null default 0, "state" jsonb null, constraint "job_chunk_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "job_chunk_status_index_created_at_index" on "job_chunk" ("status", "index", "created_at");`,
    );
    this.addSql(`create index "job_chunk_status_claimed_at_index" on "job_chunk" ("status", "claimed_at");`);
    this.addSql(
      `alter table "job_chunk" add constraint "job_chunk_job_id_index_unique" unique ("job_id", "index");`,
    );

    // Backtests queued or running across the upgrade keep their chunks.
    this.addSql(
      `insert into "job_chunk" ("id", "created_at", "kind", "job_id", "index", "status", "first_key", "last_key", "item_count", "claimed_by", "claimed_at", "attempts", "state") select "id", "created_at", 'backtest', "backtest_id", "index", "status", "first_key", "last_key", "case_count", "claimed_by", "claimed_at", "attempts", "state" from "backtest_chunk";`,
    );
    this.addSql(`drop table if exists "backtest_chunk" cascade;`);

    this.addSql(
      `alter table "portfolio_review" add column "policy_document" jsonb null, add column "chunk_count" int not null default 0, add column "chunks_done" int not null default 0, add column "started_at" timestamptz null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `create table "backtest_chunk" ("id" uuid not null, "created_at" timestamptz(6) not null, "backtest_id" uuid not null, "index" int4 not null, "status" varchar(16) not null, "first_key" jsonb not null, "last_key" jsonb not null, "case_count" int4 not null, "claimed_by" varchar(255) null, "claimed_at" timestamptz(6) null, "attempts" int4 not null default 0, "state" jsonb null, constraint "backtest_chunk_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "backtest_chunk" add constraint "backtest_chunk_backtest_id_index_unique" unique ("backtest_id", "index");`,
    );
    this.addSql(
      `create index "backtest_chunk_status_claimed_at_index" on "backtest_chunk" ("status", "claimed_at");`,
    );

    this.addSql(
      `alter table "backtest_chunk" add constraint "backtest_chunk_backtest_id_foreign" foreign key ("backtest_id") references "backtest" ("id") on update cascade on delete no action;`,
    );

    this.addSql(`drop table if exists "case_import" cascade;`);

    this.addSql(`drop table if exists "import_block" cascade;`);

    this.addSql(`drop table if exists "job_chunk" cascade;`);

    this.addSql(
      `alter table "portfolio_review" drop column "policy_document", drop column "chunk_count", drop column "chunks_done", drop column "started_at";`,
    );
  }
}
