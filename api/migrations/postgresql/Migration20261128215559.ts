import { Migration } from '@mikro-orm/migrations';

export class Migration20261128215559 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "notification" ("id" uuid not null, "created_at" timestamptz not null, "borrower_id" uuid not null, "credit_line_id" uuid null, "alert_id" uuid null, "dedupe_key" varchar(255) not null, "channel" varchar(8) not null, "recipient_masked" varchar(255) not null, "template" varchar(255) not null, "params" jsonb not null, "status" varchar(16) not null, "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "claimed_at" timestamptz null, "last_error" text null, "sent_at" timestamptz null, constraint "notification_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "notification" add constraint "notification_dedupe_key_unique" unique ("dedupe_key");`,
    );
    this.addSql(
      `create index "notification_status_next_attempt_at_index" on "notification" ("status", "next_attempt_at");`,
    );

    this.addSql(
      `create table "portfolio_review" ("id" uuid not null, "created_at" timestamptz not null, "product_id" uuid not null, "status" varchar(16) not null, "trigger" varchar(16) not null, "started_by" varchar(255) not null, "policy_version_id" varchar(255) not null, "revision" varchar(64) not null, "as_of" timestamptz not null, "heartbeat_at" timestamptz not null, "lines_total" int not null, "lines_reviewed" int not null default 0, "lines_flagged" int not null default 0, "alerts_created" int not null default 0, "alerts_deduplicated" int not null default 0, "cuts_applied" int not null default 0, "cuts_pending_approval" int not null default 0, "notifications_queued" int not null default 0, "counts" jsonb not null, "finished_at" timestamptz null, "duration_ms" int null, "error" text null, constraint "portfolio_review_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create unique index portfolio_review_one_running on portfolio_review (product_id) where status = 'RUNNING';`,
    );
    this.addSql(
      `create index "portfolio_review_product_id_created_at_index" on "portfolio_review" ("product_id", "created_at");`,
    );

    this.addSql(
      `create table "alert" ("id" uuid not null, "created_at" timestamptz not null, "credit_line_id" uuid not null, "borrower_id" uuid not null, "product_id" uuid not null, "review_id" uuid not null, "indicator" varchar(255) not null, "severity" varchar(8) not null, "reason" varchar(255) not null, "rule" varchar(255) not null, "status" varchar(16) not null default 'OPEN', "facts" jsonb not null, "revision" varchar(64) not null, "limit_at_alert_minor" bigint not null, "drawn_balance_minor" bigint not null, "proposed_limit_minor" bigint null, "policy_proposed_limit_minor" bigint null, "clamped_to_balance" boolean not null default false, "cut_status" varchar(16) not null default 'NONE', "acted_by" varchar(255) null, "acted_at" timestamptz null, "note" text null, constraint "alert_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create unique index alert_one_open_per_indicator on alert (credit_line_id, indicator) where status in ('OPEN', 'ACKNOWLEDGED');`,
    );
    this.addSql(`create index "alert_indicator_created_at_index" on "alert" ("indicator", "created_at");`);
    this.addSql(
      `create index "alert_status_severity_created_at_index" on "alert" ("status", "severity", "created_at");`,
    );

    this.addSql(
      `create table "review_schedule" ("id" uuid not null, "created_at" timestamptz not null, "product_id" uuid not null, "cron" varchar(255) not null, "next_run_at" timestamptz not null, "last_run_at" timestamptz null, "updated_by" varchar(255) not null, constraint "review_schedule_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "review_schedule" add constraint "review_schedule_product_id_unique" unique ("product_id");`,
    );

    this.addSql(
      `alter table "notification" add constraint "notification_borrower_id_foreign" foreign key ("borrower_id") references "borrower" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "portfolio_review" add constraint "portfolio_review_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "alert" add constraint "alert_credit_line_id_foreign" foreign key ("credit_line_id") references "credit_line" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "alert" add constraint "alert_borrower_id_foreign" foreign key ("borrower_id") references "borrower" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "alert" add constraint "alert_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "alert" add constraint "alert_review_id_foreign" foreign key ("review_id") references "portfolio_review" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "review_schedule" add constraint "review_schedule_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "credit_line" add column "behaviour" jsonb null, add column "behaviour_as_of" timestamptz null, add column "history" jsonb null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "alert" drop constraint "alert_review_id_foreign";`);

    this.addSql(`drop table if exists "notification" cascade;`);

    this.addSql(`drop table if exists "portfolio_review" cascade;`);

    this.addSql(`drop table if exists "alert" cascade;`);

    this.addSql(`drop table if exists "review_schedule" cascade;`);

    this.addSql(
      `alter table "credit_line" drop column "behaviour", drop column "behaviour_as_of", drop column "history";`,
    );
  }
}
