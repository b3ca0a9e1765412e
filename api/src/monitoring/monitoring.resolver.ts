import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Borrower } from '../borrowers/borrower.entity.js';
import { CONSOLE_ROLES, Role } from '../core/role.js';
import { CreditLine } from '../credit-lines/credit-line.entity.js';
import type { CreditLineService } from '../credit-lines/credit-line.service.js';
import { BulkResultType } from '../graphql/bulk.js';
import { ConnectionType, PageArgs } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { loaded } from '../graphql/loaded.js';
import { Alert } from './alert.entity.js';
import type { AlertService } from './alert.service.js';
import {
  AlertActionInput,
  AlertListArgs,
  BulkAlertActionInput,
  LineBehaviourInput,
  ReviewListArgs,
} from './monitoring.input.js';
import { PortfolioReview } from './portfolio-review.entity.js';
import type { PortfolioReviewService } from './portfolio-review.service.js';
import { ReviewSchedule } from './review-schedule.entity.js';
import type { ReviewScheduleService } from './review-schedule.service.js';

export const AlertConnection = ConnectionType(Alert);
export const PortfolioReviewConnection = ConnectionType(PortfolioReview);
export const CreditLineConnection = ConnectionType(CreditLine);
export const AlertBulkResult = BulkResultType(Alert);
/** Who watches the portfolio and acts on it; cuts above the automatic limit are the approvers'. */
export const MONITORS = [Role.RISK_MANAGER, Role.APPROVER, Role.ADMIN];
export const CUT_APPROVERS = [Role.APPROVER, Role.ADMIN];
export const REVIEWERS = [Role.RISK_MANAGER, Role.ADMIN];

@Resolver(() => PortfolioReview)
export class PortfolioReviewResolver {
  constructor(
    private readonly reviewScheduleService: ReviewScheduleService,
    private readonly portfolioReviewService: PortfolioReviewService,
  ) {}

  @Authorized(...CONSOLE_ROLES)
  @Query(() => PortfolioReviewConnection, { description: 'Newest first' })
  portfolioReviews(@Args(() => ReviewListArgs) args: ReviewListArgs, @Ctx() { em }: Context) {
    return this.portfolioReviewService.list(em, args, args);
  }

  @Authorized(...CONSOLE_ROLES)
  @Query(() => PortfolioReview, { nullable: true })
  portfolioReview(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return this.portfolioReviewService.get(em, id);
  }

  @Authorized(...REVIEWERS)
  @Mutation(() => PortfolioReview, {
    description: 'Starts a review and returns it RUNNING; CONFLICT while another review of the product runs',
  })
  runPortfolioReview(
    @Arg('productKey', () => String, { defaultValue: 'cash-line' }) productKey: string,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.portfolioReviewService.start(em, viewer!, productKey);
  }

  @Authorized(...CONSOLE_ROLES)
  @Query(() => ReviewSchedule, { nullable: true })
  reviewSchedule(
    @Arg('productKey', () => String, { defaultValue: 'cash-line' }) productKey: string,
    @Ctx() { em }: Context,
  ) {
    return this.reviewScheduleService.get(em, productKey);
  }

  @Authorized(...REVIEWERS)
  @Mutation(() => ReviewSchedule, {
    nullable: true,
    description:
      'A five-field cron in UTC, or null to stop scheduled reviews; a bad expression is refused with the reason',
  })
  setReviewSchedule(
    @Arg('productKey', () => String, { defaultValue: 'cash-line' }) productKey: string,
    @Arg('cron', () => String, { nullable: true }) cron: string | null,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.reviewScheduleService.set(em, viewer!, productKey, cron);
  }

  @FieldResolver(() => String)
  productKey(@Root() review: PortfolioReview) {
    return review.product.key;
  }

  @FieldResolver(() => Date)
  startedAt(@Root() review: PortfolioReview) {
    return review.createdAt;
  }
}

@Resolver(() => Alert)
export class AlertResolver {
  constructor(private readonly alertService: AlertService) {}

  @Authorized(...CONSOLE_ROLES)
  @Query(() => AlertConnection, { description: 'Newest first' })
  alerts(@Args(() => AlertListArgs) args: AlertListArgs, @Ctx() { em }: Context) {
    return this.alertService.list(em, args.filter, args);
  }

  @Authorized(...CONSOLE_ROLES)
  @Query(() => Alert, { nullable: true })
  alert(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return this.alertService.get(em, id);
  }

  @Authorized(...CONSOLE_ROLES)
  @Query(() => CreditLineConnection, {
    description: 'Active lines whose limit is above what the borrower can repay, the largest limits first',
  })
  overflowCustomers(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('productKey', () => String, { defaultValue: 'cash-line' }) productKey: string,
    @Ctx() { em }: Context,
  ) {
    return this.alertService.overflowCustomers(em, productKey, page);
  }

  @Authorized(...MONITORS)
  @Mutation(() => Alert)
  acknowledgeAlert(
    @Arg('input', () => AlertActionInput) input: AlertActionInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.alertService.acknowledge(em, viewer!, input.id, input.note);
  }

  @Authorized(...CUT_APPROVERS)
  @Mutation(() => Alert, { description: 'Applies the limit cut the alert holds for approval' })
  approveAlert(
    @Arg('input', () => AlertActionInput) input: AlertActionInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.alertService.approve(em, viewer!, input.id, input.note);
  }

  @Authorized(...MONITORS)
  @Mutation(() => Alert, { description: 'Closes the alert; a cut awaiting approval is rejected' })
  dismissAlert(
    @Arg('input', () => AlertActionInput) input: AlertActionInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.alertService.dismiss(em, viewer!, input.id, input.note);
  }

  @Authorized(...MONITORS)
  @Mutation(() => AlertBulkResult, { description: 'acknowledgeAlert on each alert named' })
  acknowledgeAlerts(
    @Arg('input', () => BulkAlertActionInput) input: BulkAlertActionInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.alertService.actOnEach(em, viewer!, 'acknowledge', input.ids, input.note);
  }

  @Authorized(...CUT_APPROVERS)
  @Mutation(() => AlertBulkResult, { description: 'approveAlert on each alert named' })
  approveAlerts(
    @Arg('input', () => BulkAlertActionInput) input: BulkAlertActionInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.alertService.actOnEach(em, viewer!, 'approve', input.ids, input.note);
  }

  @Authorized(...MONITORS)
  @Mutation(() => AlertBulkResult, { description: 'dismissAlert on each alert named' })
  dismissAlerts(
    @Arg('input', () => BulkAlertActionInput) input: BulkAlertActionInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.alertService.actOnEach(em, viewer!, 'dismiss', input.ids, input.note);
  }

  @FieldResolver(() => CreditLine)
  creditLine(@Root() alert: Alert) {
    return alert.creditLine;
  }

  @FieldResolver(() => Borrower, { description: 'Whose line it is' })
  borrower(@Root() alert: Alert, @Ctx() { em }: Context) {
    return loaded(em, Borrower, alert.borrower);
  }

  @FieldResolver(() => ID)
  borrowerId(@Root() alert: Alert) {
    return alert.borrower.id;
  }

  @FieldResolver(() => ID)
  reviewId(@Root() alert: Alert) {
    return alert.review.id;
  }

  @FieldResolver(() => Date)
  createdAt(@Root() alert: Alert) {
    return alert.createdAt;
  }
}

@Resolver(() => CreditLine)
export class CreditLineResolver {
  constructor(
    private readonly alertService: AlertService,
    private readonly creditLineService: CreditLineService,
  ) {}

  @Authorized(Role.APP, Role.ADMIN)
  @Mutation(() => CreditLine, {
    description: 'The servicing system reports a line’s balance and behaviour; the next review reads them',
  })
  recordLineBehaviour(
    @Arg('input', () => LineBehaviourInput) input: LineBehaviourInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.creditLineService.recordBehaviour(em, viewer!, input);
  }

  @FieldResolver(() => String)
  productKey(@Root() line: CreditLine, @Ctx() { em }: Context) {
    return line.product.key ?? em.populate(line, ['product']).then(() => line.product.key);
  }

  @FieldResolver(() => Borrower)
  async borrower(@Root() line: CreditLine, @Ctx() { em }: Context) {
    await em.populate(line, ['borrower']);
    return line.borrower;
  }

  @FieldResolver(() => AlertConnection, { description: 'Newest first' })
  alerts(@Root() line: CreditLine, @Args(() => PageArgs) page: PageArgs, @Ctx() { em }: Context) {
    return this.alertService.list(em, { creditLineId: line.id }, page);
  }
}
