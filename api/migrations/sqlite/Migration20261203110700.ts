import { Migration } from '@mikro-orm/migrations';

export class Migration20261203110700 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`case_import\` (\`id\` text not null, \`created_at\` datetime not null, \`status\` text not null, \`case_set_id\` text not null, \`format\` text not null, \`mapping\` json not null, \`keep_valid_rows\` integer not null, \`ref_column\` text null, \`field\` text not null, \`created_by\` text not null, \`block_count\` integer not null default 0, \`chunk_count\` integer not null default 0, \`chunks_done\` integer not null default 0, \`started_at\` datetime null, \`finished_at\` datetime null, \`error\` text null, \`failure\` json null, \`imported_rows\` integer not null default 0, \`failed_rows\` integer not null default 0, \`row_errors\` json null, primary key (\`id\`));`,
    );
    this.addSql(
      `create index \`case_import_status_created_at_index\` on \`case_import\` (\`status\`, \`created_at\`);`,
    );

    this.addSql(
      `create table \`import_block\` (\`id\` text not null, \`created_at\` datetime not null, \`import_id\` text not null, \`seq\` integer not null, \`bytes\` blob not null, primary key (\`id\`));`,
    );
    this.addSql(
      `create unique index \`import_block_import_id_seq_unique\` on \`import_block\` (\`import_id\`, \`seq\`);`,
    );

    this.addSql(
      `create table \`job_chunk\` (\`id\` text not null, \`created_at\` datetime not null, \`kind\` text not null, \`job_id\` text not null, \`index\` integer not null, \`status\` text not null, \`first_key\` json null, \`last_key\` json null, \`item_count\` integer not null, \`claimed_by\` text null, \`claimed_at\` datetime null, \`attempts\` integer not null default 0, \`state\` json null, primary key (\`id\`));`,
    );
    this.addSql(
      `create index \`job_chunk_status_index_created_at_index\` on \`job_chunk\` (\`status\`, \`index\`, \`created_at\`);`,
    );
    this.addSql(
      `create index \`job_chunk_status_claimed_at_index\` on \`job_chunk\` (\`status\`, \`claimed_at\`);`,
    );
    this.addSql(
      `create unique index \`job_chunk_job_id_index_unique\` on \`job_chunk\` (\`job_id\`, \`index\`);`,
    );

    // Backtests queued or running across the upgrade keep their chunks.
    this.addSql(
      `insert into \`job_chunk\` (\`id\`, \`created_at\`, \`kind\`, \`job_id\`, \`index\`, \`status\`, \`first_key\`, \`last_key\`, \`item_count\`, \`claimed_by\`, \`claimed_at\`, \`attempts\`, \`state\`) select \`id\`, \`created_at\`, 'backtest', \`backtest_id\`, \`index\`, \`status\`, \`first_key\`, \`last_key\`, \`case_count\`, \`claimed_by\`, \`claimed_at\`, \`attempts\`, \`state\` from \`backtest_chunk\`;`,
    );
    this.addSql(`drop table if exists \`backtest_chunk\`;`);

    this.addSql(`alter table \`portfolio_review\` add column \`policy_document\` json null;`);
    this.addSql(`alter table \`portfolio_review\` add column \`chunk_count\` integer not null default 0;`);
    this.addSql(`alter table \`portfolio_review\` add column \`chunks_done\` integer not null default 0;`);
    this.addSql(`alter table \`portfolio_review\` add column \`started_at\` datetime null;`);
  }
}
