import { BigIntType, Entity, Index, ManyToOne, OneToOne, Property, type Rel } from '@mikro-orm/core';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Borrower } from '../borrowers/borrower.entity.js';
import { CreditLine } from '../credit-lines/credit-line.entity.js';
import { BaseEntity } from '../db/base.entity.js';
import { Money } from '../graphql/money.scalar.js';
import { formatMoney } from '../money.js';
import { PolicyKind } from '../policies/policy-kind.js';
import { Product } from '../products/product.entity.js';
import { Application } from './application.entity.js';
import { DecisionOutcome } from './decision-outcome.js';

@ObjectType()
export class DecisionReason {
  @Field()
  code!: string;

  @Field()
  message!: string;

  @Field(() => PolicyKind)
  policyKind!: PolicyKind;

  @Field()
  rule!: string;
}

@ObjectType({ description: 'A policy version a decision used, enough to replay it' })
export class PolicyRevisionRef {
  @Field(() => PolicyKind)
  kind!: PolicyKind;

  @Field(() => ID)
  policyId!: string;

  @Field(() => ID)
  versionId!: string;

  @Field(() => Int)
  number!: number;

  @Field()
  revision!: string;
}

@ObjectType()
@Entity()
@Index({ properties: ['decidedAt', 'id'] })
@Index({ properties: ['borrower', 'decidedAt'] })
export class Decision extends BaseEntity<'creditLine' | 'challenger' | 'approvedLimit' | 'affordableLimit'> {
  @OneToOne(() => Application, { owner: true, unique: true })
  application!: Rel<Application>;

  @ManyToOne(() => Borrower)
  borrower!: Rel<Borrower>;

  @ManyToOne(() => Product)
  product!: Rel<Product>;

  @ManyToOne(() => CreditLine, { nullable: true })
  creditLine?: Rel<CreditLine> | null;

  @Field(() => DecisionOutcome)
  @Property({ type: 'string', length: 16 })
  outcome!: DecisionOutcome;

  @Property({ type: new BigIntType('number'), nullable: true })
  approvedLimitMinor!: number | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  aprBps!: number | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  termMonths!: number | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  riskTier!: string | null;

  @Field(() => [DecisionReason])
  @Property({ type: 'json' })
  reasons!: DecisionReason[];

  @Property({ type: new BigIntType('number'), nullable: true })
  affordableLimitMinor!: number | null;

  @Field()
  @Property()
  @Index()
  overflow!: boolean;

  @Field(() => [PolicyRevisionRef])
  @Property({ type: 'json' })
  revisions!: PolicyRevisionRef[];

  /** Every fact the policies saw, derived ones included: with `revisions` and `asOf` it replays the decision. */
  @Field(() => GraphQLJSONObject)
  @Property({ type: 'json' })
  facts!: Record<string, unknown>;

  @Field(() => GraphQLJSON)
  @Property({ type: 'json' })
  trace!: unknown;

  @Property({ type: 'json', nullable: true })
  challenger?: unknown;

  @Field()
  @Property({ type: 'datetime' })
  asOf!: Date;

  @Field()
  @Property({ type: 'datetime' })
  decidedAt!: Date;

  @Field(() => Int)
  @Property()
  latencyMs!: number;

  @Field(() => Money, { nullable: true })
  get approvedLimit(): string | null {
    return formatMoney(this.approvedLimitMinor);
  }

  @Field(() => Money, { nullable: true })
  get affordableLimit(): string | null {
    return formatMoney(this.affordableLimitMinor);
  }
}
