import { Migration } from '@mikro-orm/migrations';

export class Migration20261203124137 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`exposure_counter\` (\`product_id\` text not null, \`counter_key\` text not null, \`used\` bigint not null, \`updated_at\` datetime not null, constraint \`exposure_counter_product_id_foreign\` foreign key(\`product_id\`) references \`product\`(\`id\`) on update cascade, primary key (\`product_id\`, \`counter_key\`));`,
    );
    this.addSql(
      `create index \`exposure_counter_product_id_index\` on \`exposure_counter\` (\`product_id\`);`,
    );

    this.addSql(`alter table \`decision\` add column \`exposure\` json null;`);
  }
}
