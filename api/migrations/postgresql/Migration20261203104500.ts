import { Migration } from '@mikro-orm/migrations';

export class Migration20261203104500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "application" drop constraint "application_idempotency_key_unique";`);

    this.addSql(`alter table "application" add column "requester_key" varchar(64) not null default '';`);
    // Keys used before keys were scoped: each row goes to the API key or user that its requestedBy names.
    this.addSql(
      `update "application" set "requester_key" = coalesce((select 'apiKey:' || k."id" from "api_key" k where 'key:' || k."name" = "application"."requested_by" limit 1), (select 'user:' || u."id" from "user" u where u."email" = "application"."requested_by" limit 1), "requested_by");`,
    );

    this.addSql(
      `alter table "application" add constraint "application_requester_key_idempotency_key_unique" unique ("requester_key", "idempotency_key");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "application" drop constraint "application_requester_key_idempotency_key_unique";`,
    );
    this.addSql(`alter table "application" drop column "requester_key";`);

    this.addSql(
      `alter table "application" add constraint "application_idempotency_key_unique" unique ("idempotency_key");`,
    );
  }
}
