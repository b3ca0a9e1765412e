import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { BACKTESTERS } from '../backtests/backtest.resolver.js';
import { CaseSet } from '../case-sets/case-set.entity.js';
import { CONSOLE_ROLES } from '../core/role.js';
import { ConnectionType, PageArgs } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { JobStatus } from '../jobs/job-status.js';
import { PolicyKind } from '../policies/policy-kind.js';
import { PolicyVersion } from '../policies/policy-version.entity.js';
import { ScorecardFit } from './scorecard-fit.entity.js';
import type { ScorecardFitService } from './scorecard-fit.service.js';
import { StartScorecardFitInput } from './start-scorecard-fit.input.js';

export const ScorecardFitConnection = ConnectionType(ScorecardFit);

/** Share of the progress the fit step stands for, after the cases are read. */
const FIT_STEP_SHARE = 0.1;

@ArgsType()
class ScorecardFitListArgs extends PageArgs {
  @Field(() => JobStatus, { nullable: true })
  status?: JobStatus;

  @Field(() => ID, { nullable: true })
  caseSetId?: string;
}

@Resolver(() => ScorecardFit)
export class ScorecardFitResolver {
  constructor(private readonly fitService: ScorecardFitService) {}

  @Authorized(...CONSOLE_ROLES)
  @Query(() => ScorecardFitConnection, { description: 'Newest first' })
  scorecardFits(@Args(() => ScorecardFitListArgs) args: ScorecardFitListArgs, @Ctx() { em }: Context) {
    return this.fitService.list(em, args, args);
  }

  @Authorized(...CONSOLE_ROLES)
  @Query(() => ScorecardFit, { nullable: true })
  scorecardFit(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return this.fitService.get(em, id);
  }

  // Who fits a card is who tests policy changes on history: it ends as a draft for someone else to approve.
  @Authorized(...BACKTESTERS)
  @Mutation(() => ScorecardFit, { description: 'Queues the fit and returns at once; poll it for progress' })
  startScorecardFit(
    @Arg('input', () => StartScorecardFitInput) input: StartScorecardFitInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.fitService.start(em, viewer!, input);
  }

  @FieldResolver(() => String)
  productKey(@Root() fit: ScorecardFit) {
    return fit.product.key;
  }

  @FieldResolver(() => CaseSet, { nullable: true })
  caseSet(@Root() fit: ScorecardFit) {
    return fit.caseSet ?? null;
  }

  @FieldResolver(() => ID)
  policyId(@Root() fit: ScorecardFit) {
    return fit.policy.id;
  }

  @FieldResolver(() => PolicyKind)
  policyKind(@Root() fit: ScorecardFit) {
    return fit.policy.kind;
  }

  @FieldResolver(() => PolicyVersion, { nullable: true, description: 'The DRAFT the card was written into' })
  draftVersion(@Root() fit: ScorecardFit, @Ctx() { em }: Context) {
    return fit.draftVersionId ? em.findOne(PolicyVersion, { id: fit.draftVersionId }) : null;
  }

  @FieldResolver(() => Date)
  createdAt(@Root() fit: ScorecardFit) {
    return fit.createdAt;
  }

  @FieldResolver(() => Float, { description: 'Cases read, then the fit: 0 to 1' })
  progress(@Root() fit: ScorecardFit) {
    if (fit.status === JobStatus.COMPLETED) return 1;
    const read = fit.casesTotal === 0 ? 0 : Math.min(1, (fit.casesRead + fit.casesSkipped) / fit.casesTotal);
    return read * (1 - FIT_STEP_SHARE);
  }
}
