import { Migration } from '@mikro-orm/migrations';

export class Migration20261128215549 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`notification\` (\`id\` text not null, \`created_at\` datetime not null, \`borrower_id\` text not null, \`credit_line_id\` text null, \`alert_id\` text null, \`dedupe_key\` text not null, \`channel\` text not null, \`recipient_masked\` text not null, \`template\` text not null, \`params\` json not null, \`status\` text not null, \`attempts\` integer not null default 0, \`next_attempt_at\` datetime not null, \`claimed_at\` datetime null, \`last_error\` text null, \`sent_at\` datetime null, constraint \`notification_borrower_id_foreign\` foreign key(\`borrower_id\`) references \`borrower\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`notification_borrower_id_index\` on \`notification\` (\`borrower_id\`);`);
    this.addSql(
      `create unique index \`notification_dedupe_key_unique\` on \`notification\` (\`dedupe_key\`);`,
    );
    this.addSql(
      `create index \`notification_status_next_attempt_at_index\` on \`notification\` (\`status\`, \`next_attempt_at\`);`,
    );

    this.addSql(
      `create table \`portfolio_review\` (\`id\` text not null, \`created_at\` datetime not null, \`product_id\` text not null, \`status\` text not null, \`trigger\` text not null, \`started_by\` text not null, \`policy_version_id\` text not null, \`revision\` text not null, \`as_of\` datetime not null, \`heartbeat_at\` datetime not null, \`lines_total\` integer not null, \`lines_reviewed\` integer not null default 0, \`lines_flagged\` integer not null default 0, \`alerts_created\` integer not null default 0, \`alerts_deduplicated\` integer not null default 0, \`cuts_applied\` integer not null default 0, \`cuts_pending_approval\` integer not null default 0, \`notifications_queued\` integer not null default 0, \`counts\` json not null, \`finished_at\` datetime null, \`duration_ms\` integer null, \`error\` text null, constraint \`portfolio_review_product_id_foreign\` foreign key(\`product_id\`) references \`product\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(
      `create index \`portfolio_review_product_id_index\` on \`portfolio_review\` (\`product_id\`);`,
    );
    this.addSql(
      `create unique index portfolio_review_one_running on portfolio_review (product_id) where status = 'RUNNING';`,
    );
    this.addSql(
      `create index \`portfolio_review_product_id_created_at_index\` on \`portfolio_review\` (\`product_id\`, \`created_at\`);`,
    );

    this.addSql(
      `create table \`alert\` (\`id\` text not null, \`created_at\` datetime not null, \`credit_line_id\` text not null, \`borrower_id\` text not null, \`product_id\` text not null, \`review_id\` text not null, \`indicator\` text not null, \`severity\` text not null, \`reason\` text not null, \`rule\` text not null, \`status\` text not null default 'OPEN', \`facts\` json not null, \`revision\` text not null, \`limit_at_alert_minor\` bigint not null, \`drawn_balance_minor\` bigint not null, \`proposed_limit_minor\` bigint null, \`policy_proposed_limit_minor\` bigint null, \`clamped_to_balance\` integer not null default false, \`cut_status\` text not null default 'NONE', \`acted_by\` text null, \`acted_at\` datetime null, \`note\` text null, constraint \`alert_credit_line_id_foreign\` foreign key(\`credit_line_id\`) references \`credit_line\`(\`id\`) on update cascade, constraint \`alert_borrower_id_foreign\` foreign key(\`borrower_id\`) references \`borrower\`(\`id\`) on update cascade, constraint \`alert_product_id_foreign\` foreign key(\`product_id\`) references \`product\`(\`id\`) on update cascade, constraint \`alert_review_id_foreign\` foreign key(\`review_id\`) references \`portfolio_review\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`alert_credit_line_id_index\` on \`alert\` (\`credit_line_id\`);`);
    this.addSql(`create index \`alert_borrower_id_index\` on \`alert\` (\`borrower_id\`);`);
    this.addSql(`create index \`alert_product_id_index\` on \`alert\` (\`product_id\`);`);
    this.addSql(`create index \`alert_review_id_index\` on \`alert\` (\`review_id\`);`);
    this.addSql(
      `create unique index alert_one_open_per_indicator on alert (credit_line_id, indicator) where status in ('OPEN', 'ACKNOWLEDGED');`,
    );
    this.addSql(
      `create index \`alert_indicator_created_at_index\` on \`alert\` (\`indicator\`, \`created_at\`);`,
    );
    this.addSql(
      `create index \`alert_status_severity_created_at_index\` on \`alert\` (\`status\`, \`severity\`, \`created_at\`);`,
    );

    this.addSql(
      `create table \`review_schedule\` (\`id\` text not null, \`created_at\` datetime not null, \`product_id\` text not null, \`cron\` text not null, \`next_run_at\` datetime not null, \`last_run_at\` datetime null, \`updated_by\` text not null, constraint \`review_schedule_product_id_foreign\` foreign key(\`product_id\`) references \`product\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`review_schedule_product_id_index\` on \`review_schedule\` (\`product_id\`);`);
    this.addSql(
      `create unique index \`review_schedule_product_id_unique\` on \`review_schedule\` (\`product_id\`);`,
    );

    this.addSql(`alter table \`credit_line\` add column \`behaviour\` json null;`);
    this.addSql(`alter table \`credit_line\` add column \`behaviour_as_of\` datetime null;`);
    this.addSql(`alter table \`credit_line\` add column \`history\` json null;`);
  }
}
