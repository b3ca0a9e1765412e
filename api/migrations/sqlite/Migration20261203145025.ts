import { Migration } from '@mikro-orm/migrations';

export class Migration20261203145025 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`scorecard_fit\` (\`id\` text not null, \`created_at\` datetime not null, \`status\` text not null, \`product_id\` text not null, \`case_set_id\` text null, \`policy_id\` text not null, \`name\` text not null, \`outcome\` text not null, \`characteristics\` json not null, \`test_share\` real not null, \`seed\` integer not null, \`cases_total\` integer not null, \`cases_read\` integer not null default 0, \`cases_skipped\` integer not null default 0, \`chunk_count\` integer not null, \`chunks_done\` integer not null default 0, \`report\` json null, \`scorecard\` json null, \`draft_version_id\` text null, \`error\` text null, \`failure\` json null, \`created_by\` text not null, \`author_id\` text not null, \`started_at\` datetime null, \`finished_at\` datetime null, constraint \`scorecard_fit_product_id_foreign\` foreign key(\`product_id\`) references \`product\`(\`id\`) on update cascade, constraint \`scorecard_fit_case_set_id_foreign\` foreign key(\`case_set_id\`) references \`case_set\`(\`id\`) on delete set null on update cascade, constraint \`scorecard_fit_policy_id_foreign\` foreign key(\`policy_id\`) references \`policy\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`scorecard_fit_product_id_index\` on \`scorecard_fit\` (\`product_id\`);`);
    this.addSql(`create index \`scorecard_fit_case_set_id_index\` on \`scorecard_fit\` (\`case_set_id\`);`);
    this.addSql(`create index \`scorecard_fit_policy_id_index\` on \`scorecard_fit\` (\`policy_id\`);`);
    this.addSql(
      `create index \`scorecard_fit_status_created_at_index\` on \`scorecard_fit\` (\`status\`, \`created_at\`);`,
    );

    this.addSql(`alter table \`alert\` add column \`scorecards\` json null;`);
  }
}
