import {
  BigIntType,
  Collection,
  Entity,
  ManyToOne,
  OneToMany,
  Property,
  type Rel,
  Unique,
} from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Borrower } from '../borrowers/borrower.entity.js';
import { formatMoney } from '../core/money.js';
import { BaseEntity } from '../db/base.entity.js';
import { Money } from '../graphql/money.scalar.js';
import { Product } from '../products/product.entity.js';
import { LimitChange } from './limit-change.entity.js';

export enum CreditLineStatus {
  ACTIVE = 'ACTIVE',
  FROZEN = 'FROZEN',
  CLOSED = 'CLOSED',
}

registerEnumType(CreditLineStatus, { name: 'CreditLineStatus' });

@ObjectType()
@Entity()
@Unique({ properties: ['borrower', 'product'] })
export class CreditLine extends BaseEntity<
  | 'status'
  | 'drawnBalanceMinor'
  | 'updatedAt'
  | 'limit'
  | 'drawnBalance'
  | 'overflow'
  | 'affordableLimitMinor'
  | 'affordableLimit'
  | 'behaviour'
  | 'behaviourAsOf'
  | 'history'
> {
  // Named, not imported: borrowers/ sits above credit-lines/, and a type import compiles away.
  @ManyToOne('Borrower')
  borrower!: Rel<Borrower>;

  @ManyToOne(() => Product)
  product!: Rel<Product>;

  @Property({ type: new BigIntType('number') })
  limitMinor!: number;

  @Property({ type: new BigIntType('number') })
  drawnBalanceMinor: number = 0;

  /** What the borrower could repay when the limit was last set; null when never assessed. */
  @Property({ type: new BigIntType('number'), nullable: true })
  affordableLimitMinor?: number | null;

  /** Limit above the affordable limit: the overflow customer. Stored so portfolios can be filtered by it. */
  @Field()
  @Property({ index: true })
  overflow: boolean = false;

  @Field(() => Int)
  @Property()
  aprBps!: number;

  @Field(() => CreditLineStatus)
  @Property({ type: 'string', length: 16 })
  status: CreditLineStatus = CreditLineStatus.ACTIVE;

  /** The servicing system's latest behavioural facts (utilisation, payment ratio, delinquency...), in catalog units. */
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Behavioural facts the portfolio review reads',
  })
  @Property({ type: 'json', nullable: true })
  behaviour?: Record<string, unknown> | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  behaviourAsOf?: Date | null;

  /**
   * The statements behind the behaviour, `{ statements: [{ month, billed, paid, delayMonths }] }` newest
   * first; historical portfolios also carry the outcome observed afterwards (`observedDefault`).
   */
  @Field(() => GraphQLJSONObject, { nullable: true })
  @Property({ type: 'json', nullable: true })
  history?: Record<string, unknown> | null;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @OneToMany(
    () => LimitChange,
    (change) => change.creditLine,
  )
  limitChanges = new Collection<LimitChange>(this);

  @Field(() => Money)
  get limit(): string {
    return formatMoney(this.limitMinor) as string;
  }

  @Field(() => Money)
  get drawnBalance(): string {
    return formatMoney(this.drawnBalanceMinor) as string;
  }

  @Field(() => Money, { nullable: true })
  get affordableLimit(): string | null {
    return formatMoney(this.affordableLimitMinor);
  }
}
