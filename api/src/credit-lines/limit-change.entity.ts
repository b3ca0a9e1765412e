import { BigIntType, Entity, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { formatMoney } from '../core/money.js';
import { BaseEntity } from '../db/base.entity.js';
import { Money } from '../graphql/money.scalar.js';
import { CreditLine } from './credit-line.entity.js';

@ObjectType()
@Entity()
export class LimitChange extends BaseEntity<
  'decisionId' | 'alertId' | 'approvedBy' | 'fromMinor' | 'from' | 'to'
> {
  @ManyToOne(() => CreditLine)
  creditLine!: Rel<CreditLine>;

  @Property({ type: new BigIntType('number'), nullable: true })
  fromMinor?: number | null;

  @Property({ type: new BigIntType('number') })
  toMinor!: number;

  @Field()
  @Property()
  reason!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  decisionId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  alertId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
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
