import { BigIntType, Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Borrower } from '../borrowers/borrower.entity.js';
import { formatMoney } from '../core/money.js';
import { CreditLine } from '../credit-lines/credit-line.entity.js';
import { BaseEntity } from '../db/base.entity.js';
import { Money } from '../graphql/money.scalar.js';
import { Product } from '../products/product.entity.js';
import { PortfolioReview } from './portfolio-review.entity.js';

export enum AlertStatus {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  /** An APPROVER approved the proposed cut, and it was applied. */
  APPROVED = 'APPROVED',
  DISMISSED = 'DISMISSED',
}

export enum AlertSeverity {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}

export enum CutStatus {
  NONE = 'NONE',
  APPLIED = 'APPLIED',
  PENDING_APPROVAL = 'PENDING_APPROVAL',
  REJECTED = 'REJECTED',
}

registerEnumType(AlertStatus, { name: 'AlertStatus' });
registerEnumType(AlertSeverity, { name: 'AlertSeverity' });
registerEnumType(CutStatus, { name: 'CutStatus' });

/** Statuses that keep an alert open: the line is not alerted again for the same indicator. */
export const OPEN_ALERT_STATUSES = [AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED];
export const ONE_OPEN_ALERT_INDEX = 'alert_one_open_per_indicator';

@ObjectType({
  description: 'A MONITORING hit on a credit line, with the facts it saw and any limit cut it proposes',
})
@Entity()
@Index({ properties: ['status', 'severity', 'createdAt'] })
@Index({ properties: ['indicator', 'createdAt'] })
// The database backs the de-duplication: one open alert per line and indicator, whoever writes it.
@Index({
  name: ONE_OPEN_ALERT_INDEX,
  expression: `create unique index ${ONE_OPEN_ALERT_INDEX} on alert (credit_line_id, indicator) where status in ('OPEN', 'ACKNOWLEDGED')`,
})
export class Alert extends BaseEntity<
  | 'status'
  | 'proposedLimitMinor'
  | 'policyProposedLimitMinor'
  | 'clampedToBalance'
  | 'cutStatus'
  | 'actedBy'
  | 'actedAt'
  | 'note'
  | 'limitAtAlert'
  | 'drawnBalance'
  | 'proposedLimit'
  | 'policyProposedLimit'
  | 'scorecards'
> {
  @ManyToOne(() => CreditLine)
  creditLine!: Rel<CreditLine>;

  @ManyToOne(() => Borrower)
  borrower!: Rel<Borrower>;

  @ManyToOne(() => Product)
  product!: Rel<Product>;

  @ManyToOne(() => PortfolioReview)
  review!: Rel<PortfolioReview>;

  @Field()
  @Property()
  indicator!: string;

  @Field(() => AlertSeverity)
  @Property({ type: 'string', length: 8 })
  severity!: AlertSeverity;

  @Field({ description: 'The reason code the policy gave' })
  @Property()
  reason!: string;

  @Field({ description: 'The MONITORING rule that fired' })
  @Property()
  rule!: string;

  @Field(() => AlertStatus)
  @Property({ type: 'string', length: 16 })
  status: AlertStatus = AlertStatus.OPEN;

  /** Every fact the policy saw, derived ones included: with the revision it explains the alert. */
  @Field(() => GraphQLJSONObject)
  @Property({ type: 'json' })
  facts!: Record<string, unknown>;

  @Field()
  @Property({ length: 64 })
  revision!: string;

  /**
   * How each scorecard of the policy scored the line (rules' ScorecardTrace: score, points per
   * characteristic, reasons): the points behind a score band's alert. Null on alerts from before they were kept.
   */
  @Field(() => [GraphQLJSONObject], { nullable: true })
  @Property({ type: 'json', nullable: true })
  scorecards?: Record<string, unknown>[] | null;

  @Property({ type: new BigIntType('number') })
  limitAtAlertMinor!: number;

  @Property({ type: new BigIntType('number') })
  drawnBalanceMinor!: number;

  /** The cut this alert carries, after clamping; null when the policy proposed none (or another alert has it). */
  @Property({ type: new BigIntType('number'), nullable: true })
  proposedLimitMinor?: number | null;

  /** What the policy asked for before clamping to the drawn balance. */
  @Property({ type: new BigIntType('number'), nullable: true })
  policyProposedLimitMinor?: number | null;

  @Field({
    description: 'The policy asked for a limit below the drawn balance; the cut stops at the balance',
  })
  @Property()
  clampedToBalance: boolean = false;

  @Field(() => CutStatus)
  @Property({ type: 'string', length: 16 })
  cutStatus: CutStatus = CutStatus.NONE;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  actedBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  actedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => Money)
  get limitAtAlert(): string {
    return formatMoney(this.limitAtAlertMinor) as string;
  }

  @Field(() => Money)
  get drawnBalance(): string {
    return formatMoney(this.drawnBalanceMinor) as string;
  }

  @Field(() => Money, { nullable: true })
  get proposedLimit(): string | null {
    return formatMoney(this.proposedLimitMinor);
  }

  @Field(() => Money, { nullable: true })
  get policyProposedLimit(): string | null {
    return formatMoney(this.policyProposedLimitMinor);
  }
}
