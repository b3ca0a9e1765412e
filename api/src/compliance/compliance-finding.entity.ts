import { BigIntType, Entity, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Borrower } from '../borrowers/borrower.entity.js';
import { formatMoney } from '../core/money.js';
import { CreditLine } from '../credit-lines/credit-line.entity.js';
import { BaseEntity } from '../db/base.entity.js';
import { Money } from '../graphql/money.scalar.js';
import { ComplianceRun } from './compliance-run.entity.js';

export enum FindingStatus {
  /** The latest run that judged the borrower still found it. */
  OPEN = 'OPEN',
  /** A later run no longer found it. */
  RESOLVED = 'RESOLVED',
}

registerEnumType(FindingStatus, { name: 'FindingStatus' });

export const ONE_OPEN_FINDING_INDEX = 'compliance_finding_one_open';

/**
 * A check a borrower (or one of their lines) breaches, or could not be judged on: keyed by borrower, line
 * and check (`findingKey`), open from the run that first found it until a run no longer does. It keeps the
 * facts and revision of the latest run that found it, and what set the limit (the decision, or the
 * monitoring cut) so a reader can go from the finding to its cause.
 */
@ObjectType({ description: 'A compliance check a borrower or line breaches, with its evidence' })
@Entity()
@Index({ properties: ['borrower', 'status'] })
@Index({ properties: ['status', 'checkId', 'exposureMinor'] })
// One open finding per borrower, line and check, whoever writes it.
@Index({
  name: ONE_OPEN_FINDING_INDEX,
  expression: `create unique index ${ONE_OPEN_FINDING_INDEX} on compliance_finding (finding_key) where status = 'OPEN'`,
})
export class ComplianceFinding extends BaseEntity<
  | 'resolvedRun'
  | 'resolvedAt'
  | 'note'
  | 'annotatedBy'
  | 'annotatedAt'
  | 'creditLine'
  | 'setByDecisionId'
  | 'setByLimitChangeId'
  | 'setByAlertId'
  | 'exposure'
> {
  /** `borrowerId|lineId or -|check|code`. */
  @Property({ length: 200 })
  findingKey!: string;

  @Field(() => FindingStatus)
  @Property({ type: 'string', length: 16 })
  status!: FindingStatus;

  @ManyToOne(() => Borrower)
  borrower!: Rel<Borrower>;

  /** The line judged; null for a check of the borrower's lines together. */
  @ManyToOne(() => CreditLine, { nullable: true })
  creditLine?: Rel<CreditLine> | null;

  @Field({ description: 'The id of the check in the COMPLIANCE policy' })
  @Property({ length: 64 })
  checkId!: string;

  @Field({ description: 'INCOME_SHARE, TOTAL_LIMIT, APR_BAND, TERM or OVERFLOW' })
  @Property({ length: 32 })
  checkType!: string;

  @Field({ description: 'BREACH, or INCOME_UNKNOWN: the check could not be judged without an income' })
  @Property({ length: 32 })
  code!: string;

  @Property({ type: new BigIntType('number') })
  exposureMinor!: number;

  @Field(() => GraphQLJSONObject, { description: 'The evidence, money in fen (`...Minor`)' })
  @Property({ type: 'json' })
  facts!: Record<string, unknown>;

  @Field({ description: 'The COMPLIANCE version whose check found it, latest run' })
  @Property()
  policyVersionId!: string;

  @Field()
  @Property({ length: 64 })
  revision!: string;

  /** The run that first found it. */
  @ManyToOne(() => ComplianceRun)
  firstRun!: Rel<ComplianceRun>;

  /** The latest run that found it. */
  @ManyToOne(() => ComplianceRun)
  lastRun!: Rel<ComplianceRun>;

  @ManyToOne(() => ComplianceRun, { nullable: true })
  resolvedRun?: Rel<ComplianceRun> | null;

  @Field()
  @Property({ type: 'datetime' })
  firstFoundAt!: Date;

  @Field()
  @Property({ type: 'datetime' })
  lastFoundAt!: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  resolvedAt?: Date | null;

  @Field(() => ID, { nullable: true, description: 'The decision that set the limit, when one did' })
  @Property({ type: 'uuid', nullable: true })
  setByDecisionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The latest limit change of the line (or lines)' })
  @Property({ type: 'uuid', nullable: true })
  setByLimitChangeId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The monitoring alert whose cut set the limit, when one did',
  })
  @Property({ type: 'uuid', nullable: true })
  setByAlertId?: string | null;

  @Field(() => String, { nullable: true, description: 'A person’s note on the finding (audited)' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  annotatedBy?: string | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  annotatedAt?: Date | null;

  @Field(() => Money, {
    description: 'What is in breach: the borrower’s limits together, or the line’s limit',
  })
  get exposure(): string {
    return formatMoney(this.exposureMinor) as string;
  }
}
