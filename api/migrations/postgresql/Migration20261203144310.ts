import { Migration } from '@mikro-orm/migrations';

export class Migration20261203144310 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "compliance_run" ("id" uuid not null, "created_at" timestamptz not null, "product_id" uuid not null, "status" varchar(16) not null, "started_by" varchar(255) not null, "policy_version_id" varchar(255) not null, "revision" varchar(64) not null, "policy_document" jsonb not null, "as_of" timestamptz not null, "heartbeat_at" timestamptz not null, "chunk_count" int not null default 0, "chunks_done" int not null default 0, "started_at" timestamptz null, "borrowers_total" int not null default 0, "borrowers_checked" int not null default 0, "findings_open" int not null default 0, "new_findings" int not null default 0, "resolved_findings" int not null default 0, "tallies" jsonb not null, "finished_at" timestamptz null, "duration_ms" int null, "error" text null, constraint "compliance_run_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create unique index compliance_run_one_running on compliance_run (status) where status = 'RUNNING';`,
    );
    this.addSql(`create index "compliance_run_created_at_index" on "compliance_run" ("created_at");`);

    this.addSql(
      `create table "compliance_finding" ("id" uuid not null, "created_at" timestamptz not null, "finding_key" varchar(200) not null, "status" varchar(16) not null, "borrower_id" uuid not null, "credit_line_id" uuid null, "check_id" varchar(64) not null, "check_type" varchar(32) not null, "code" varchar(32) not null, "exposure_minor" bigint not null, "facts" jsonb not null, "policy_version_id" varchar(255) not null, "revision" varchar(64) not null, "first_run_id" uuid not null, "last_run_id" uuid not null, "resolved_run_id" uuid null, "first_found_at" timestamptz not null, "last_found_at" timestamptz not null, "resolved_at" timestamptz null, "set_by_decision_id" uuid null, "set_by_limit_change_id" uuid null, "set_by_alert_id" uuid null, "note" text null, "annotated_by" varchar(255) null, "annotated_at" timestamptz null, constraint "compliance_finding_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create unique index compliance_finding_one_open on compliance_finding (finding_key) where status = 'OPEN';`,
    );
    this.addSql(
      `create index "compliance_finding_status_check_id_exposure_minor_index" on "compliance_finding" ("status", "check_id", "exposure_minor");`,
    );
    this.addSql(
      `create index "compliance_finding_borrower_id_status_index" on "compliance_finding" ("borrower_id", "status");`,
    );

    this.addSql(
      `alter table "compliance_run" add constraint "compliance_run_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "compliance_finding" add constraint "compliance_finding_borrower_id_foreign" foreign key ("borrower_id") references "borrower" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "compliance_finding" add constraint "compliance_finding_credit_line_id_foreign" foreign key ("credit_line_id") references "credit_line" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "compliance_finding" add constraint "compliance_finding_first_run_id_foreign" foreign key ("first_run_id") references "compliance_run" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "compliance_finding" add constraint "compliance_finding_last_run_id_foreign" foreign key ("last_run_id") references "compliance_run" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "compliance_finding" add constraint "compliance_finding_resolved_run_id_foreign" foreign key ("resolved_run_id") references "compliance_run" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "compliance_finding" drop constraint "compliance_finding_first_run_id_foreign";`,
    );

    this.addSql(`alter table "compliance_finding" drop constraint "compliance_finding_last_run_id_foreign";`);

    this.addSql(
      `alter table "compliance_finding" drop constraint "compliance_finding_resolved_run_id_foreign";`,
    );

    this.addSql(`drop table if exists "compliance_run" cascade;`);

    this.addSql(`drop table if exists "compliance_finding" cascade;`);
  }
}
