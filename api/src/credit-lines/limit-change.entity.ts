import { Entity, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity.js';
import { Money } from '../graphql/money.scalar.js';
import { formatMoney } from '../money.js';
import { CreditLine } from './credit-line.entity.js';

@ObjectType()
@Entity()
export class LimitChange extends BaseEntity<'decisionId' | 'alertId' | 'approvedBy' | 'fromMinor'> {
  @ManyToOne(() => CreditLine)
  creditLine!: Rel<CreditLine>;

  @Property({ type: 'bigint', nullable: true })
  fromMinor?: number | null;

  @Property({ type: 'bigint' })
  toMinor!: number;

  @Field()
  @Property()
  reason!: string;

  @Field({ nullable: true })
  @Property({ type: 'uuid', nullable: true })
  decisionId?: string | null;

  @Field({ nullable: true })
  @Property({ type: 'uuid', nullable: true })
  alertId?: string | null;

  @Field({ nullable: true })
  @Property({ nullable: true })
  approvedBy?: string | null;

  @Field(() => Money, { nullable: true })
  get from(): string | null {
    return formatMoney(this.fromMinor);
  }

  @Field(() => Money)
  get to(): string {
    return formatMoney(this.toMinor) as string;
  }
}
