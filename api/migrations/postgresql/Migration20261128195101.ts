import { Migration } from '@mikro-orm/migrations';

export class Migration20261128195101 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "api_key" ("id" uuid not null, "created_at" timestamptz not null, "name" varchar(255) not null, "prefix" varchar(16) not null, "key_hash" varchar(255) not null, "roles" jsonb not null, "revoked_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "api_key_prefix_index" on "api_key" ("prefix");`);

    this.addSql(
      `create table "audit_event" ("seq" serial primary key, "at" timestamptz not null, "actor" varchar(255) not null, "action" varchar(255) not null, "entity_type" varchar(255) not null, "entity_id" varchar(255) not null, "summary" jsonb not null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null);`,
    );
    this.addSql(
      `alter table "audit_event" add constraint "audit_event_prev_hash_unique" unique ("prev_hash");`,
    );
    this.addSql(`alter table "audit_event" add constraint "audit_event_hash_unique" unique ("hash");`);

    this.addSql(
      `create table "borrower" ("id" uuid not null, "created_at" timestamptz not null, "external_ref" varchar(255) not null, "name" varchar(255) not null, "national_id_hash" varchar(64) null, "phone_masked" varchar(255) null, "phone_encrypted" text null, "profile" jsonb not null, "updated_at" timestamptz not null, constraint "borrower_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "borrower" add constraint "borrower_external_ref_unique" unique ("external_ref");`,
    );
    this.addSql(`create index "borrower_national_id_hash_index" on "borrower" ("national_id_hash");`);

    this.addSql(
      `create table "product" ("id" uuid not null, "created_at" timestamptz not null, "key" varchar(255) not null, "name" varchar(255) not null, "currency" varchar(3) not null, "allowed_terms" jsonb not null, constraint "product_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "product" add constraint "product_key_unique" unique ("key");`);

    this.addSql(
      `create table "credit_line" ("id" uuid not null, "created_at" timestamptz not null, "borrower_id" uuid not null, "product_id" uuid not null, "limit_minor" bigint not null, "drawn_balance_minor" bigint not null default 0, "affordable_limit_minor" bigint null, "overflow" boolean not null default false, "apr_bps" int not null, "status" varchar(16) not null default 'ACTIVE', "updated_at" timestamptz not null, constraint "credit_line_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "credit_line_overflow_index" on "credit_line" ("overflow");`);
    this.addSql(
      `alter table "credit_line" add constraint "credit_line_borrower_id_product_id_unique" unique ("borrower_id", "product_id");`,
    );

    this.addSql(
      `create table "limit_change" ("id" uuid not null, "created_at" timestamptz not null, "credit_line_id" uuid not null, "from_minor" bigint null, "to_minor" bigint not null, "reason" varchar(255) not null, "decision_id" uuid null, "alert_id" uuid null, "approved_by" varchar(255) null, constraint "limit_change_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "case_set" ("id" uuid not null, "created_at" timestamptz not null, "name" varchar(255) not null, "product_id" uuid not null, "source" text not null, "mapping" jsonb not null, "status" varchar(16) not null, "case_count" int not null, "default_count" int not null, "unknown_outcome_count" int not null, "failed_row_count" int not null, "created_by" varchar(255) not null, constraint "case_set_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "historical_case" ("id" uuid not null, "created_at" timestamptz not null, "case_set_id" uuid not null, "line" int not null, "external_ref" varchar(255) null, "facts" jsonb not null, "application" jsonb not null, "observed_default" boolean null, "expected" jsonb null, constraint "historical_case_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "historical_case_case_set_id_line_index" on "historical_case" ("case_set_id", "line");`,
    );

    this.addSql(
      `create table "application" ("id" uuid not null, "created_at" timestamptz not null, "idempotency_key" varchar(128) not null, "request_hash" varchar(64) not null, "requested_by" varchar(255) not null, "borrower_id" uuid not null, "product_id" uuid not null, "requested_amount_minor" bigint not null, "term_months" int not null, "purpose" varchar(255) null, "channel" varchar(255) null, constraint "application_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "application" add constraint "application_idempotency_key_unique" unique ("idempotency_key");`,
    );

    this.addSql(
      `create table "decision" ("id" uuid not null, "created_at" timestamptz not null, "application_id" uuid not null, "borrower_id" uuid not null, "product_id" uuid not null, "credit_line_id" uuid null, "outcome" varchar(16) not null, "approved_limit_minor" bigint null, "apr_bps" int null, "term_months" int null, "risk_tier" varchar(255) null, "reasons" jsonb not null, "affordable_limit_minor" bigint null, "overflow" boolean not null, "revisions" jsonb not null, "facts" jsonb not null, "trace" jsonb not null, "challenger" jsonb null, "as_of" timestamptz not null, "decided_at" timestamptz not null, "latency_ms" int not null, "referral_status" varchar(16) null, "resolved_limit_minor" bigint null, "resolution_note" text null, "resolved_by" varchar(255) null, "resolved_at" timestamptz null, constraint "decision_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "decision" add constraint "decision_application_id_unique" unique ("application_id");`,
    );
    this.addSql(`create index "decision_overflow_index" on "decision" ("overflow");`);
    this.addSql(
      `create index "decision_borrower_id_decided_at_index" on "decision" ("borrower_id", "decided_at");`,
    );
    this.addSql(
      `create index "decision_referral_status_decided_at_index" on "decision" ("referral_status", "decided_at");`,
    );
    this.addSql(`create index "decision_decided_at_id_index" on "decision" ("decided_at", "id");`);

    this.addSql(
      `create table "user" ("id" uuid not null, "created_at" timestamptz not null, "email" varchar(255) not null, "name" varchar(255) not null, "password_hash" varchar(255) not null, "roles" jsonb not null, "active" boolean not null default true, constraint "user_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "user" add constraint "user_email_unique" unique ("email");`);

    this.addSql(
      `create table "policy" ("id" uuid not null, "created_at" timestamptz not null, "product_id" uuid not null, "kind" varchar(16) not null, "challenger_version_id" uuid null, "challenger_mode" varchar(16) null, "challenger_share" real null, constraint "policy_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "policy" add constraint "policy_product_id_kind_unique" unique ("product_id", "kind");`,
    );

    this.addSql(
      `create table "policy_version" ("id" uuid not null, "created_at" timestamptz not null, "policy_id" uuid not null, "number" int not null, "status" varchar(16) not null default 'DRAFT', "document" jsonb not null, "revision" varchar(64) not null, "author_id" uuid null, "based_on_number" int null, "submitted_by_id" uuid null, "submitted_at" timestamptz null, "reviewed_by_id" uuid null, "reviewed_at" timestamptz null, "review_note" text null, "effective_at" timestamptz null, "published_at" timestamptz null, "retired_at" timestamptz null, "lock_version" int not null default 1, constraint "policy_version_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "policy_version_status_effective_at_index" on "policy_version" ("status", "effective_at");`,
    );
    this.addSql(
      `create unique index policy_version_one_published on policy_version (policy_id) where status = 'PUBLISHED';`,
    );
    this.addSql(
      `create index "policy_version_policy_id_status_index" on "policy_version" ("policy_id", "status");`,
    );
    this.addSql(
      `alter table "policy_version" add constraint "policy_version_policy_id_number_unique" unique ("policy_id", "number");`,
    );

    this.addSql(
      `alter table "credit_line" add constraint "credit_line_borrower_id_foreign" foreign key ("borrower_id") references "borrower" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "credit_line" add constraint "credit_line_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "limit_change" add constraint "limit_change_credit_line_id_foreign" foreign key ("credit_line_id") references "credit_line" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "case_set" add constraint "case_set_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "historical_case" add constraint "historical_case_case_set_id_foreign" foreign key ("case_set_id") references "case_set" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "application" add constraint "application_borrower_id_foreign" foreign key ("borrower_id") references "borrower" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "application" add constraint "application_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "decision" add constraint "decision_application_id_foreign" foreign key ("application_id") references "application" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "decision" add constraint "decision_borrower_id_foreign" foreign key ("borrower_id") references "borrower" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "decision" add constraint "decision_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "decision" add constraint "decision_credit_line_id_foreign" foreign key ("credit_line_id") references "credit_line" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "policy" add constraint "policy_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "policy" add constraint "policy_challenger_version_id_foreign" foreign key ("challenger_version_id") references "policy_version" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "policy_version" add constraint "policy_version_policy_id_foreign" foreign key ("policy_id") references "policy" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "policy_version" add constraint "policy_version_author_id_foreign" foreign key ("author_id") references "user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "policy_version" add constraint "policy_version_submitted_by_id_foreign" foreign key ("submitted_by_id") references "user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "policy_version" add constraint "policy_version_reviewed_by_id_foreign" foreign key ("reviewed_by_id") references "user" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "credit_line" drop constraint "credit_line_borrower_id_foreign";`);

    this.addSql(`alter table "application" drop constraint "application_borrower_id_foreign";`);

    this.addSql(`alter table "decision" drop constraint "decision_borrower_id_foreign";`);

    this.addSql(`alter table "credit_line" drop constraint "credit_line_product_id_foreign";`);

    this.addSql(`alter table "case_set" drop constraint "case_set_product_id_foreign";`);

    this.addSql(`alter table "application" drop constraint "application_product_id_foreign";`);

    this.addSql(`alter table "decision" drop constraint "decision_product_id_foreign";`);

    this.addSql(`alter table "policy" drop constraint "policy_product_id_foreign";`);

    this.addSql(`alter table "limit_change" drop constraint "limit_change_credit_line_id_foreign";`);

    this.addSql(`alter table "decision" drop constraint "decision_credit_line_id_foreign";`);

    this.addSql(`alter table "historical_case" drop constraint "historical_case_case_set_id_foreign";`);

    this.addSql(`alter table "decision" drop constraint "decision_application_id_foreign";`);

    this.addSql(`alter table "policy_version" drop constraint "policy_version_author_id_foreign";`);

    this.addSql(`alter table "policy_version" drop constraint "policy_version_submitted_by_id_foreign";`);

    this.addSql(`alter table "policy_version" drop constraint "policy_version_reviewed_by_id_foreign";`);

    this.addSql(`alter table "policy_version" drop constraint "policy_version_policy_id_foreign";`);

    this.addSql(`alter table "policy" drop constraint "policy_challenger_version_id_foreign";`);

    this.addSql(`drop table if exists "api_key" cascade;`);

    this.addSql(`drop table if exists "audit_event" cascade;`);

    this.addSql(`drop table if exists "borrower" cascade;`);

    this.addSql(`drop table if exists "product" cascade;`);

    this.addSql(`drop table if exists "credit_line" cascade;`);

    this.addSql(`drop table if exists "limit_change" cascade;`);

    this.addSql(`drop table if exists "case_set" cascade;`);

    this.addSql(`drop table if exists "historical_case" cascade;`);

    this.addSql(`drop table if exists "application" cascade;`);

    this.addSql(`drop table if exists "decision" cascade;`);

    this.addSql(`drop table if exists "user" cascade;`);

    this.addSql(`drop table if exists "policy" cascade;`);

    this.addSql(`drop table if exists "policy_version" cascade;`);
  }
}
