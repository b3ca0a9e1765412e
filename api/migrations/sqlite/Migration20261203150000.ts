import { Migration } from '@mikro-orm/migrations';

export class Migration20261203150000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`backtest\` add column \`budgets\` json null;`);
  }
}
