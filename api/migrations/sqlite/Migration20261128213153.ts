import { Migration } from '@mikro-orm/migrations';

export class Migration20261128213153 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`backtest\` (\`id\` text not null, \`created_at\` datetime not null, \`kind\` text not null, \`status\` text not null, \`product_id\` text not null, \`case_set_id\` text null, \`decision_filter\` json null, \`baseline\` json not null, \`candidate\` json not null, \`as_of\` datetime not null, \`cases_total\` integer not null, \`cases_done\` integer not null default 0, \`chunk_count\` integer not null, \`chunks_done\` integer not null default 0, \`metrics\` json null, \`expectations_checked\` integer not null default 0, \`regressions\` integer not null default 0, \`mismatches\` integer not null default 0, \`error\` text null, \`created_by\` text not null, \`cancelled_by\` text null, \`started_at\` datetime null, \`finished_at\` datetime null, constraint \`backtest_product_id_foreign\` foreign key(\`product_id\`) references \`product\`(\`id\`) on update cascade, constraint \`backtest_case_set_id_foreign\` foreign key(\`case_set_id\`) references \`case_set\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`backtest_product_id_index\` on \`backtest\` (\`product_id\`);`);
    this.addSql(`create index \`backtest_case_set_id_index\` on \`backtest\` (\`case_set_id\`);`);
    this.addSql(
      `create index \`backtest_status_created_at_index\` on \`backtest\` (\`status\`, \`created_at\`);`,
    );

    this.addSql(
      `create table \`backtest_difference\` (\`id\` text not null, \`created_at\` datetime not null, \`backtest_id\` text not null, \`position\` integer not null, \`case_id\` text null, \`decision_id\` text null, \`line\` integer null, \`external_ref\` text null, \`change_kind\` text not null, \`observed_default\` integer null, \`baseline\` json not null, \`candidate\` json not null, \`regression\` integer not null, \`mismatch\` integer not null, \`expectation_failures\` json not null, \`mismatches\` json not null, constraint \`backtest_difference_backtest_id_foreign\` foreign key(\`backtest_id\`) references \`backtest\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(
      `create index \`backtest_difference_backtest_id_index\` on \`backtest_difference\` (\`backtest_id\`);`,
    );
    this.addSql(
      `create index \`backtest_difference_backtest_id_mismatch_position_index\` on \`backtest_difference\` (\`backtest_id\`, \`mismatch\`, \`position\`);`,
    );
    this.addSql(
      `create index \`backtest_difference_backtest_id_regression_position_index\` on \`backtest_difference\` (\`backtest_id\`, \`regression\`, \`position\`);`,
    );
    this.addSql(
      `create index \`backtest_difference_backtest_id_position_index\` on \`backtest_difference\` (\`backtest_id\`, \`position\`);`,
    );
    this.addSql(
      `create index \`backtest_difference_backtest_id_change_kind_position_index\` on \`backtest_difference\` (\`backtest_id\`, \`change_kind\`, \`position\`);`,
    );

    this.addSql(
      `create table \`backtest_chunk\` (\`id\` text not null, \`created_at\` datetime not null, \`backtest_id\` text not null, \`index\` integer not null, \`status\` text not null, \`first_key\` json not null, \`last_key\` json not null, \`case_count\` integer not null, \`claimed_by\` text null, \`claimed_at\` datetime null, \`attempts\` integer not null default 0, \`state\` json null, constraint \`backtest_chunk_backtest_id_foreign\` foreign key(\`backtest_id\`) references \`backtest\`(\`id\`) on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`backtest_chunk_backtest_id_index\` on \`backtest_chunk\` (\`backtest_id\`);`);
    this.addSql(
      `create index \`backtest_chunk_status_claimed_at_index\` on \`backtest_chunk\` (\`status\`, \`claimed_at\`);`,
    );
    this.addSql(
      `create unique index \`backtest_chunk_backtest_id_index_unique\` on \`backtest_chunk\` (\`backtest_id\`, \`index\`);`,
    );
  }
}
