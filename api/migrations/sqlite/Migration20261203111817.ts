import { Migration } from '@mikro-orm/migrations';

export class Migration20261203111817 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`audit_event\` add column \`scheme\` text not null default 'sha256';`);

    this.addSql(`alter table \`policy_version\` add column \`contributor_ids\` json null;`);
  }
}
