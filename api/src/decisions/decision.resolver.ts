import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Borrower } from '../borrowers/borrower.entity.js';
import { Role } from '../core/role.js';
import { CreditLine } from '../credit-lines/credit-line.entity.js';
import { BulkResultType } from '../graphql/bulk.js';
import { ConnectionType, PageArgs } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { loaded } from '../graphql/loaded.js';
import { Product } from '../products/product.entity.js';
import { Application } from './application.entity.js';
import { DecideInput } from './decide.input.js';
import { Decision } from './decision.entity.js';
import type { DecisionService } from './decision.service.js';
import { DecisionFilter } from './decision-filter.input.js';
import { ResolveReferralInput, ResolveReferralsInput } from './resolve-referral.input.js';

export const DecisionConnection = ConnectionType(Decision);
export const DecisionBulkResult = BulkResultType(Decision);
const READERS = [Role.RISK_MANAGER, Role.APPROVER, Role.QA_ANALYST, Role.ADMIN, Role.APP];

@Resolver(() => Decision)
export class DecisionResolver {
  constructor(private readonly decisionService: DecisionService) {}

  @Authorized(Role.APP, Role.ADMIN)
  @Mutation(() => Decision, {
    description: 'Admission, limit and pricing for one application, stored and replayable',
  })
  decide(@Arg('input', () => DecideInput) input: DecideInput, @Ctx() context: Context) {
    // The EntityManager only if the decide needs one (a cache miss, a retried key): most never do.
    return this.decisionService.decide(() => context.em, context.viewer!, input);
  }

  @Authorized(...READERS)
  @Query(() => Decision, { nullable: true })
  decision(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return this.decisionService.get(em, id);
  }

  @Authorized(...READERS)
  @Query(() => DecisionConnection, { description: 'Newest first' })
  decisions(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => DecisionFilter, { nullable: true }) filter: DecisionFilter | undefined,
    @Ctx() { em }: Context,
  ) {
    return this.decisionService.list(em, filter, page);
  }

  // Relations are read through the request's EntityManager: a page of decisions has them in its identity
  // map already (no query), a decision just decided holds references that load only when asked for.
  @FieldResolver(() => String)
  async productKey(@Root() decision: Decision, @Ctx() { em }: Context) {
    return (await loaded(em, Product, decision.product)).key;
  }

  @FieldResolver(() => Borrower)
  borrower(@Root() decision: Decision, @Ctx() { em }: Context) {
    return loaded(em, Borrower, decision.borrower);
  }

  @FieldResolver(() => Application)
  application(@Root() decision: Decision, @Ctx() { em }: Context) {
    return loaded(em, Application, decision.application);
  }

  @FieldResolver(() => CreditLine, { nullable: true })
  creditLine(@Root() decision: Decision, @Ctx() { em }: Context) {
    return decision.creditLine ? loaded(em, CreditLine, decision.creditLine) : null;
  }

  @Authorized(Role.RISK_MANAGER)
  @Mutation(() => Decision, {
    description: 'Approve (within the policy limit) or decline a referred decision',
  })
  resolveReferral(
    @Arg('input', () => ResolveReferralInput) input: ResolveReferralInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.decisionService.resolveReferral(em, viewer!, input);
  }

  @Authorized(Role.RISK_MANAGER)
  @Mutation(() => DecisionBulkResult, { description: 'resolveReferral on each referral named' })
  resolveReferrals(
    @Arg('input', () => ResolveReferralsInput) input: ResolveReferralsInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.decisionService.resolveReferrals(em, viewer!, input);
  }
}

/** A borrower's decisions: the field lives here, beside the decisions it reads, not in borrowers/. */
@Resolver(() => Borrower)
export class BorrowerDecisionsResolver {
  constructor(private readonly decisionService: DecisionService) {}

  @FieldResolver(() => DecisionConnection, { description: 'Newest first' })
  decisions(@Root() borrower: Borrower, @Args(() => PageArgs) page: PageArgs, @Ctx() { em }: Context) {
    return this.decisionService.list(em, { borrowerId: borrower.id }, page);
  }
}
