import { BigIntType, Entity, Index, ManyToOne, OneToOne, Property, type Rel } from '@mikro-orm/core';
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Borrower } from '../borrowers/borrower.entity.js';
import { formatMoney } from '../core/money.js';
import { CreditLine } from '../credit-lines/credit-line.entity.js';
import { BaseEntity } from '../db/base.entity.js';
import { Money } from '../graphql/money.scalar.js';
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

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'The figures the message embeds (a cap and its value, a factor...), to word it in any language',
  })
  params?: Record<string, number | string> | null;
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

export enum ReferralStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  DECLINED = 'DECLINED',
}

registerEnumType(ReferralStatus, { name: 'ReferralStatus' });

@ObjectType({ description: 'How a person resolved a referred decision' })
export class ReferralResolution {
  @Field(() => ReferralStatus)
  status!: ReferralStatus;

  @Field(() => Money, { nullable: true })
  limit!: string | null;

  @Field()
  note!: string;

  @Field()
  resolvedBy!: string;

  @Field()
  resolvedAt!: Date;
}

@ObjectType()
@Entity()
@Index({ properties: ['decidedAt', 'id'] })
@Index({ properties: ['referralStatus', 'decidedAt'] })
@Index({ properties: ['borrower', 'decidedAt'] })
export class Decision extends BaseEntity<
  | 'creditLine'
  | 'challenger'
  | 'exposure'
  | 'approvedLimit'
  | 'affordableLimit'
  | 'referralStatus'
  | 'resolvedLimitMinor'
  | 'resolutionNote'
  | 'resolvedBy'
  | 'resolvedAt'
  | 'finalOutcome'
  | 'resolution'
> {
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

  /**
   * The exposure budgets this decision was held to: the counters as it found them, what it took from each
   * and what was left, and the verdict (a budget that stopped or shrank it). Null without an EXPOSURE policy.
   */
  @Field(() => GraphQLJSON, { nullable: true })
  @Property({ type: 'json', nullable: true })
  exposure?: unknown;

  /** Where a policy was challenged: which arm applied, and the other arm's result (never applied). */
  @Field(() => GraphQLJSON, { nullable: true })
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

  /**
   * The policy's outcome above never changes (a replay must reproduce it); a referral's human resolution
   * is recorded beside it.
   */
  @Field(() => ReferralStatus, { nullable: true })
  @Property({ type: 'string', length: 16, nullable: true })
  referralStatus?: ReferralStatus | null;

  @Property({ type: new BigIntType('number'), nullable: true })
  resolvedLimitMinor?: number | null;

  @Property({ type: 'text', nullable: true })
  resolutionNote?: string | null;

  @Property({ type: 'string', nullable: true })
  resolvedBy?: string | null;

  @Property({ type: 'datetime', nullable: true })
  resolvedAt?: Date | null;

  @Field(() => DecisionOutcome, {
    description: 'The outcome that applies: the policy outcome, or how a referral was resolved',
  })
  get finalOutcome(): DecisionOutcome {
    if (this.referralStatus === ReferralStatus.APPROVED) return DecisionOutcome.APPROVE;
    if (this.referralStatus === ReferralStatus.DECLINED) return DecisionOutcome.DECLINE;
    return this.outcome;
  }

  @Field(() => ReferralResolution, { nullable: true })
  get resolution(): ReferralResolution | null {
    if (!this.resolvedAt || !this.referralStatus || !this.resolvedBy) return null;
    return {
      status: this.referralStatus,
      limit: formatMoney(this.resolvedLimitMinor),
      note: this.resolutionNote ?? '',
      resolvedBy: this.resolvedBy,
      resolvedAt: this.resolvedAt,
    };
  }

  @Field(() => Money, { nullable: true })
  get approvedLimit(): string | null {
    return formatMoney(this.approvedLimitMinor);
  }

  @Field(() => Money, { nullable: true })
  get affordableLimit(): string | null {
    return formatMoney(this.affordableLimitMinor);
  }
}
