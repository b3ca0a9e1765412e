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
import { CaseSet } from '../case-sets/case-set.entity.js';
import { CONSOLE_ROLES, Role } from '../core/role.js';
import { ConnectionType, PageArgs } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { JobStatus } from '../jobs/job-status.js';
import { Backtest, BacktestKind, BacktestPolicy } from './backtest.entity.js';
import type { BacktestService } from './backtest.service.js';
import { BacktestBudgets, budgetsView, type StoredBudgetReport } from './backtest-budgets.type.js';
import { BacktestDifference, ChangeKind } from './backtest-difference.entity.js';
import { ReplayDecisionsInput, StartBacktestInput } from './start-backtest.input.js';

export const BacktestConnection = ConnectionType(Backtest);
export const BacktestDifferenceConnection = ConnectionType(BacktestDifference);
/** Who tests policy changes on history: risk managers before a change, QA to prove it. */
export const BACKTESTERS = [Role.RISK_MANAGER, Role.QA_ANALYST, Role.ADMIN];

@ArgsType()
class BacktestListArgs extends PageArgs {
  @Field(() => BacktestKind, { nullable: true })
  kind?: BacktestKind;

  @Field(() => JobStatus, { nullable: true })
  status?: JobStatus;

  @Field(() => ID, { nullable: true })
  caseSetId?: string;

  @Field(() => ID, { nullable: true, description: 'Jobs that ran this version on the candidate side' })
  candidateVersionId?: string;
}

@ArgsType()
class DifferenceArgs extends PageArgs {
  @Field(() => [ChangeKind], { nullable: true })
  changeKinds?: ChangeKind[];

  @Field({ nullable: true, description: 'Only cases whose candidate decision missed its expectation' })
  regressionsOnly?: boolean;

  @Field({ nullable: true, description: 'Only decisions that did not replay to what they recorded' })
  mismatchesOnly?: boolean;
}

@Resolver(() => Backtest)
export class BacktestResolver {
  constructor(private readonly backtestService: BacktestService) {}

  @Authorized(...CONSOLE_ROLES)
  @Query(() => BacktestConnection, { description: 'Newest first' })
  backtests(@Args(() => BacktestListArgs) args: BacktestListArgs, @Ctx() { em }: Context) {
    return this.backtestService.list(em, args, args);
  }

  @Authorized(...CONSOLE_ROLES)
  @Query(() => Backtest, { nullable: true })
  backtest(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return this.backtestService.get(em, id);
  }

  @Authorized(...BACKTESTERS)
  @Mutation(() => Backtest, { description: 'Queues the job and returns at once; poll it for progress' })
  startBacktest(
    @Arg('input', () => StartBacktestInput) input: StartBacktestInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.backtestService.start(em, viewer!, input);
  }

  @Authorized(...BACKTESTERS)
  @Mutation(() => Backtest, { description: 'Queues a replay and returns at once; poll it for progress' })
  replayDecisions(
    @Arg('input', () => ReplayDecisionsInput) input: ReplayDecisionsInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.backtestService.replay(em, viewer!, input);
  }

  @Authorized(...BACKTESTERS)
  @Mutation(() => Backtest, { description: 'A finished job cannot be cancelled: CONFLICT' })
  cancelBacktest(@Arg('id', () => ID) id: string, @Ctx() { em, viewer }: Context) {
    return this.backtestService.cancel(em, viewer!, id);
  }

  @FieldResolver(() => String)
  productKey(@Root() job: Backtest) {
    return job.product.key;
  }

  @FieldResolver(() => CaseSet, { nullable: true })
  caseSet(@Root() job: Backtest) {
    return job.caseSet ?? null;
  }

  @FieldResolver(() => Date)
  createdAt(@Root() job: Backtest) {
    return job.createdAt;
  }

  @FieldResolver(() => Float, { description: 'Cases done / total, 0 to 1' })
  progress(@Root() job: Backtest) {
    return job.casesTotal === 0 ? 0 : job.casesDone / job.casesTotal;
  }

  @FieldResolver(() => [BacktestPolicy], {
    description: 'Empty for a replay: each decision recorded its own',
  })
  baseline(@Root() job: Backtest) {
    return job.baseline;
  }

  @FieldResolver(() => [BacktestPolicy], {
    description: 'For a replay, the versions that replace the recorded ones; empty for a pure replay',
  })
  candidate(@Root() job: Backtest) {
    return job.candidate;
  }

  @FieldResolver(() => BacktestBudgets, {
    nullable: true,
    description:
      "The candidate's exposure budgets over its approvals; null without budgets or until complete",
  })
  budgets(@Root() job: Backtest) {
    return job.budgets ? budgetsView(job.budgets as unknown as StoredBudgetReport) : null;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'Completed with no regression and no mismatch; null until the job completes',
  })
  passed(@Root() job: Backtest) {
    if (job.status !== JobStatus.COMPLETED) return null;
    return job.regressions === 0 && job.mismatches === 0;
  }

  @FieldResolver(() => BacktestDifferenceConnection, { description: 'In job order' })
  differences(
    @Root() job: Backtest,
    @Args(() => DifferenceArgs) args: DifferenceArgs,
    @Ctx() { em }: Context,
  ) {
    return this.backtestService.differences(em, job, args, args);
  }
}
