import { Migration } from '@mikro-orm/migrations';

export class Migration20261203111823 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "audit_event" add column "scheme" varchar(16) not null default 'sha256';`);

    this.addSql(`alter table "policy_version" add column "contributor_ids" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_event" drop column "scheme";`);

    this.addSql(`alter table "policy_version" drop column "contributor_ids";`);
  }
}
