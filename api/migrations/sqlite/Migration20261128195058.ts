import { Migration } from '@mikro-orm/migrations';

export class Migration20261128195058 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`api_key\` (\`id\` text not null, \`created_at\` datetime not null, \`name\` text not null, \`prefix\` text not null, \`key_hash\` text not null, \`roles\` json not null, \`revoked_at\` datetime null, primary key (\`id\`));`,
    );
    this.addSql(`create index \`api_key_prefix_index\` on \`api_key\` (\`prefix\`);`);

    this.addSql(
      `create table \`audit_event\` (\`seq\` integer not null primary key autoincrement, \`at\` datetime not null, \`actor\` text not null, \`action\` text not null, \`entity_type\` text not null, \`entity_id\` text not null, \`summary\` json not null, \`prev_hash\` text not null, \`hash\` text not null);`,
    );
    this.addSql(`create unique index \`audit_event_prev_hash_unique\` on \`audit_event\` (\`prev_hash\`);`);
    this.addSql(`create unique index \`audit_event_hash_unique\` on \`audit_event\` (\`hash\`);`);

    this.addSql(
      `create table \`borrower\` (\`id\` text not null, \`created_at\` datetime not null, \`external_ref\` text not null, \`name\` text not null, \`national_id_hash\` text null, \`phone_masked\` text null, \`phone_encrypted\` text null, \`profile\` json not null, \`updated_at\` datetime not null, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`borrower_external_ref_unique\` on \`borrower\` (\`external_ref\`);`);
    this.addSql(`create index \`borrower_national_id_hash_index\` on \`borrower\` (\`national_id_hash\`);`);

    this.addSql(
      `create table \`product\` (\`id\` text not null, \`created_at\` datetime not null, \`key\` text not null, \`name\` text not null, \`currency\` text not null, \`allowed_terms\` json not null, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`product_key_unique\` on \`product\` (\`key\`);`);

    this.addSql(
      `create table \`credit_line\` (\`id\` text not null, \`created_at\` datetime not null, \`borrower_id\` text not null, \`product_id\` text not null, \`limit_minor\` bigint not null, \`drawn_balance_minor\` bigint not null default 0, \`affordable_limit_minor\` bigint null, \`overflow\` integer not null default false, \`apr_bps\` integer not null, \`status\` text not null default 'ACTIVE', \`updated_at\` datetime not null, constraint \`credit_line_borrower_id_foreign\` foreign key(\`borrower_id\`) references \`borrower\`(\`id\`) on update cascade, constraint \`credit_line_product_id_foreign\` foreign key(\`product_id\`) references \`product\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`credit_line_borrower_id_index\` on \`credit_line\` (\`borrower_id\`);`);
    this.addSql(`create index \`credit_line_product_id_index\` on \`credit_line\` (\`product_id\`);`);
    this.addSql(`create index \`credit_line_overflow_index\` on \`credit_line\` (\`overflow\`);`);
    this.addSql(
      `create unique index \`credit_line_borrower_id_product_id_unique\` on \`credit_line\` (\`borrower_id\`, \`product_id\`);`,
    );

    this.addSql(
      `create table \`limit_change\` (\`id\` text not null, \`created_at\` datetime not null, \`credit_line_id\` text not null, \`from_minor\` bigint null, \`to_minor\` bigint not null, \`reason\` text not null, \`decision_id\` text null, \`alert_id\` text null, \`approved_by\` text null, constraint \`limit_change_credit_line_id_foreign\` foreign key(\`credit_line_id\`) references \`credit_line\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(
      `create index \`limit_change_credit_line_id_index\` on \`limit_change\` (\`credit_line_id\`);`,
    );

    this.addSql(
      `create table \`case_set\` (\`id\` text not null, \`created_at\` datetime not null, \`name\` text not null, \`product_id\` text not null, \`source\` text not null, \`mapping\` json not null, \`status\` text not null, \`case_count\` integer not null, \`default_count\` integer not null, \`unknown_outcome_count\` integer not null, \`failed_row_count\` integer not null, \`created_by\` text not null, constraint \`case_set_product_id_foreign\` foreign key(\`product_id\`) references \`product\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`case_set_product_id_index\` on \`case_set\` (\`product_id\`);`);

    this.addSql(
      `create table \`historical_case\` (\`id\` text not null, \`created_at\` datetime not null, \`case_set_id\` text not null, \`line\` integer not null, \`external_ref\` text null, \`facts\` json not null, \`application\` json not null, \`observed_default\` integer null, \`expected\` json null, constraint \`historical_case_case_set_id_foreign\` foreign key(\`case_set_id\`) references \`case_set\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(
      `create index \`historical_case_case_set_id_index\` on \`historical_case\` (\`case_set_id\`);`,
    );
    this.addSql(
      `create index \`historical_case_case_set_id_line_index\` on \`historical_case\` (\`case_set_id\`, \`line\`);`,
    );

    this.addSql(
      `create table \`application\` (\`id\` text not null, \`created_at\` datetime not null, \`idempotency_key\` text not null, \`request_hash\` text not null, \`requested_by\` text not null, \`borrower_id\` text not null, \`product_id\` text not null, \`requested_amount_minor\` bigint not null, \`term_months\` integer not null, \`purpose\` text null, \`channel\` text null, constraint \`application_borrower_id_foreign\` foreign key(\`borrower_id\`) references \`borrower\`(\`id\`) on update cascade, constraint \`application_product_id_foreign\` foreign key(\`product_id\`) references \`product\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(
      `create unique index \`application_idempotency_key_unique\` on \`application\` (\`idempotency_key\`);`,
    );
    this.addSql(`create index \`application_borrower_id_index\` on \`application\` (\`borrower_id\`);`);
    this.addSql(`create index \`application_product_id_index\` on \`application\` (\`product_id\`);`);

    this.addSql(
      `create table \`decision\` (\`id\` text not null, \`created_at\` datetime not null, \`application_id\` text not null, \`borrower_id\` text not null, \`product_id\` text not null, \`credit_line_id\` text null, \`outcome\` text not null, \`approved_limit_minor\` bigint null, \`apr_bps\` integer null, \`term_months\` integer null, \`risk_tier\` text null, \`reasons\` json not null, \`affordable_limit_minor\` bigint null, \`overflow\` integer not null, \`revisions\` json not null, \`facts\` json not null, \`trace\` json not null, \`challenger\` json null, \`as_of\` datetime not null, \`decided_at\` datetime not null, \`latency_ms\` integer not null, \`referral_status\` text null, \`resolved_limit_minor\` bigint null, \`resolution_note\` text null, \`resolved_by\` text null, \`resolved_at\` datetime null, constraint \`decision_application_id_foreign\` foreign key(\`application_id\`) references \`application\`(\`id\`) on update cascade, constraint \`decision_borrower_id_foreign\` foreign key(\`borrower_id\`) references \`borrower\`(\`id\`) on update cascade, constraint \`decision_product_id_foreign\` foreign key(\`product_id\`) references \`product\`(\`id\`) on update cascade, constraint \`decision_credit_line_id_foreign\` foreign key(\`credit_line_id\`) references \`credit_line\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    );
    this.addSql(
      `create unique index \`decision_application_id_unique\` on \`decision\` (\`application_id\`);`,
    );
    this.addSql(`create index \`decision_borrower_id_index\` on \`decision\` (\`borrower_id\`);`);
    this.addSql(`create index \`decision_product_id_index\` on \`decision\` (\`product_id\`);`);
    this.addSql(`create index \`decision_credit_line_id_index\` on \`decision\` (\`credit_line_id\`);`);
    this.addSql(`create index \`decision_overflow_index\` on \`decision\` (\`overflow\`);`);
    this.addSql(
      `create index \`decision_borrower_id_decided_at_index\` on \`decision\` (\`borrower_id\`, \`decided_at\`);`,
    );
    this.addSql(
      `create index \`decision_referral_status_decided_at_index\` on \`decision\` (\`referral_status\`, \`decided_at\`);`,
    );
    this.addSql(`create index \`decision_decided_at_id_index\` on \`decision\` (\`decided_at\`, \`id\`);`);

    this.addSql(
      `create table \`user\` (\`id\` text not null, \`created_at\` datetime not null, \`email\` text not null, \`name\` text not null, \`password_hash\` text not null, \`roles\` json not null, \`active\` integer not null default true, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`user_email_unique\` on \`user\` (\`email\`);`);

    this.addSql(
      `create table \`policy\` (\`id\` text not null, \`created_at\` datetime not null, \`product_id\` text not null, \`kind\` text not null, \`challenger_version_id\` text null, \`challenger_mode\` text null, \`challenger_share\` real null, constraint \`policy_product_id_foreign\` foreign key(\`product_id\`) references \`product\`(\`id\`) on update cascade, constraint \`policy_challenger_version_id_foreign\` foreign key(\`challenger_version_id\`) references \`policy_version\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`policy_product_id_index\` on \`policy\` (\`product_id\`);`);
    this.addSql(
      `create index \`policy_challenger_version_id_index\` on \`policy\` (\`challenger_version_id\`);`,
    );
    this.addSql(
      `create unique index \`policy_product_id_kind_unique\` on \`policy\` (\`product_id\`, \`kind\`);`,
    );

    this.addSql(
      `create table \`policy_version\` (\`id\` text not null, \`created_at\` datetime not null, \`policy_id\` text not null, \`number\` integer not null, \`status\` text not null default 'DRAFT', \`document\` json not null, \`revision\` text not null, \`author_id\` text null, \`based_on_number\` integer null, \`submitted_by_id\` text null, \`submitted_at\` datetime null, \`reviewed_by_id\` text null, \`reviewed_at\` datetime null, \`review_note\` text null, \`effective_at\` datetime null, \`published_at\` datetime null, \`retired_at\` datetime null, \`lock_version\` integer not null default 1, constraint \`policy_version_policy_id_foreign\` foreign key(\`policy_id\`) references \`policy\`(\`id\`) on update cascade, constraint \`policy_version_author_id_foreign\` foreign key(\`author_id\`) references \`user\`(\`id\`) on delete set null on update cascade, constraint \`policy_version_submitted_by_id_foreign\` foreign key(\`submitted_by_id\`) references \`user\`(\`id\`) on delete set null on update cascade, constraint \`policy_version_reviewed_by_id_foreign\` foreign key(\`reviewed_by_id\`) references \`user\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`policy_version_policy_id_index\` on \`policy_version\` (\`policy_id\`);`);
    this.addSql(`create index \`policy_version_author_id_index\` on \`policy_version\` (\`author_id\`);`);
    this.addSql(
      `create index \`policy_version_submitted_by_id_index\` on \`policy_version\` (\`submitted_by_id\`);`,
    );
    this.addSql(
      `create index \`policy_version_reviewed_by_id_index\` on \`policy_version\` (\`reviewed_by_id\`);`,
    );
    this.addSql(
      `create index \`policy_version_status_effective_at_index\` on \`policy_version\` (\`status\`, \`effective_at\`);`,
    );
    this.addSql(
      `create unique index policy_version_one_published on policy_version (policy_id) where status = 'PUBLISHED';`,
    );
    this.addSql(
      `create index \`policy_version_policy_id_status_index\` on \`policy_version\` (\`policy_id\`, \`status\`);`,
    );
    this.addSql(
      `create unique index \`policy_version_policy_id_number_unique\` on \`policy_version\` (\`policy_id\`, \`number\`);`,
    );
  }
}
