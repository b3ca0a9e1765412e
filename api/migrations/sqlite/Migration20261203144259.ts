import { Migration } from '@mikro-orm/migrations';

export class Migration20261203144259 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`compliance_run\` (\`id\` text not null, \`created_at\` datetime not null, \`product_id\` text not null, \`status\` text not null, \`started_by\` text not null, \`policy_version_id\` text not null, \`revision\` text not null, \`policy_document\` json not null, \`as_of\` datetime not null, \`heartbeat_at\` datetime not null, \`chunk_count\` integer not null default 0, \`chunks_done\` integer not null default 0, \`started_at\` datetime null, \`borrowers_total\` integer not null default 0, \`borrowers_checked\` integer not null default 0, \`findings_open\` integer not null default 0, \`new_findings\` integer not null default 0, \`resolved_findings\` integer not null default 0, \`tallies\` json not null, \`finished_at\` datetime null, \`duration_ms\` integer null, \`error\` text null, constraint \`compliance_run_product_id_foreign\` foreign key(\`product_id\`) references \`product\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`compliance_run_product_id_index\` on \`compliance_run\` (\`product_id\`);`);
    this.addSql(
      `create unique index compliance_run_one_running on compliance_run (status) where status = 'RUNNING';`,
    );
    this.addSql(`create index \`compliance_run_created_at_index\` on \`compliance_run\` (\`created_at\`);`);

    this.addSql(
      `create table \`compliance_finding\` (\`id\` text not null, \`created_at\` datetime not null, \`finding_key\` text not null, \`status\` text not null, \`borrower_id\` text not null, \`credit_line_id\` text null, \`check_id\` text not null, \`check_type\` text not null, \`code\` text not null, \`exposure_minor\` bigint not null, \`facts\` json not null, \`policy_version_id\` text not null, \`revision\` text not null, \`first_run_id\` text not null, \`last_run_id\` text not null, \`resolved_run_id\` text null, \`first_found_at\` datetime not null, \`last_found_at\` datetime not null, \`resolved_at\` datetime null, \`set_by_decision_id\` text null, \`set_by_limit_change_id\` text null, \`set_by_alert_id\` text null, \`note\` text null, \`annotated_by\` text null, \`annotated_at\` datetime null, constraint \`compliance_finding_borrower_id_foreign\` foreign key(\`borrower_id\`) references \`borrower\`(\`id\`) on update cascade, constraint \`compliance_finding_credit_line_id_foreign\` foreign key(\`credit_line_id\`) references \`credit_line\`(\`id\`) on delete set null on update cascade, constraint \`compliance_finding_first_run_id_foreign\` foreign key(\`first_run_id\`) references \`compliance_run\`(\`id\`) on update cascade, constraint \`compliance_finding_last_run_id_foreign\` foreign key(\`last_run_id\`) references \`compliance_run\`(\`id\`) on update cascade, constraint \`compliance_finding_resolved_run_id_foreign\` foreign key(\`resolved_run_id\`) references \`compliance_run\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    );
    this.addSql(
      `create index \`compliance_finding_borrower_id_index\` on \`compliance_finding\` (\`borrower_id\`);`,
    );
    this.addSql(
      `create index \`compliance_finding_credit_line_id_index\` on \`compliance_finding\` (\`credit_line_id\`);`,
    );
    this.addSql(
      `create index \`compliance_finding_first_run_id_index\` on \`compliance_finding\` (\`first_run_id\`);`,
    );
    this.addSql(
      `create index \`compliance_finding_last_run_id_index\` on \`compliance_finding\` (\`last_run_id\`);`,
    );
    this.addSql(
      `create index \`compliance_finding_resolved_run_id_index\` on \`compliance_finding\` (\`resolved_run_id\`);`,
    );
    this.addSql(
      `create unique index compliance_finding_one_open on compliance_finding (finding_key) where status = 'OPEN';`,
    );
    this.addSql(
      `create index \`compliance_finding_status_check_id_exposure_minor_index\` on \`compliance_finding\` (\`status\`, \`check_id\`, \`exposure_minor\`);`,
    );
    this.addSql(
      `create index \`compliance_finding_borrower_id_status_index\` on \`compliance_finding\` (\`borrower_id\`, \`status\`);`,
    );
  }
}
