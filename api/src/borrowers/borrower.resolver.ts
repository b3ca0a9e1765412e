import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { cnyToMinor, formatMoney } from '../core/money.js';
import { Role } from '../core/role.js';
import { CreditLine, CreditLineStatus } from '../credit-lines/credit-line.entity.js';
import { LimitChange } from '../credit-lines/limit-change.entity.js';
import { ConnectionType, PageArgs } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { Money } from '../graphql/money.scalar.js';
import { Borrower } from './borrower.entity.js';
import type { BorrowerService } from './borrower.service.js';
import { BorrowerFilter } from './borrower-filter.input.js';

const BorrowerConnection = ConnectionType(Borrower);
const READERS = [Role.RISK_MANAGER, Role.APPROVER, Role.QA_ANALYST, Role.ADMIN, Role.APP];
/** Roles that may see personal data unmasked. */
const PII_ROLES = [Role.RISK_MANAGER, Role.ADMIN];

@Resolver(() => Borrower)
export class BorrowerResolver {
  constructor(private readonly borrowerService: BorrowerService) {}

  @Authorized(...READERS)
  @Query(() => Borrower, { nullable: true, description: "By id or by the lender's external reference" })
  borrower(
    @Arg('id', () => ID, { nullable: true }) id: string | undefined,
    @Arg('externalRef', () => String, { nullable: true }) externalRef: string | undefined,
    @Ctx() { em }: Context,
  ) {
    return this.borrowerService.get(em, { id, externalRef });
  }

  @Authorized(...READERS)
  @Query(() => BorrowerConnection, { description: 'Newest first' })
  borrowers(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => BorrowerFilter, { nullable: true }) filter: BorrowerFilter | undefined,
    @Ctx() { em }: Context,
  ) {
    return this.borrowerService.list(em, filter, page);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Masked unless your role may see personal data',
  })
  phone(@Root() borrower: Borrower, @Ctx() { viewer }: Context) {
    const mayReadPii = viewer?.roles.some((role) => PII_ROLES.includes(role)) ?? false;
    return this.borrowerService.phone(borrower, mayReadPii);
  }

  @Authorized(Role.RISK_MANAGER, Role.QA_ANALYST, Role.ADMIN)
  @FieldResolver(() => String, {
    nullable: true,
    description: 'Keyed hash of the national id; the id itself is never kept',
  })
  nationalIdHash(@Root() borrower: Borrower) {
    return borrower.nationalIdHash ?? null;
  }

  @FieldResolver(() => GraphQLJSONObject, { description: 'Stored catalog facts about the borrower' })
  profile(@Root() borrower: Borrower) {
    return borrower.profile;
  }

  @FieldResolver(() => Money, { nullable: true })
  monthlyIncome(@Root() borrower: Borrower) {
    const income = borrower.profile.monthlyIncome;
    return typeof income === 'number' ? formatMoney(cnyToMinor(income)) : null;
  }

  @FieldResolver(() => [CreditLine])
  async creditLines(@Root() borrower: Borrower) {
    return (await borrower.creditLines.load()).getItems();
  }

  @FieldResolver(() => Boolean, { description: 'An active line is above what the borrower can repay' })
  async overflow(@Root() borrower: Borrower) {
    const lines = (await borrower.creditLines.load()).getItems();
    return lines.some((line) => line.status === CreditLineStatus.ACTIVE && line.overflow);
  }

  @FieldResolver(() => [LimitChange], {
    description: "Every limit change on the borrower's lines, newest first",
  })
  limitHistory(@Root() borrower: Borrower, @Ctx() { em }: Context) {
    return this.borrowerService.limitHistory(em, borrower);
  }
}
