import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Borrower } from '../borrowers/borrower.entity.js';
import { formatMoney } from '../core/money.js';
import { CONSOLE_ROLES, Role } from '../core/role.js';
import { ConnectionType, PageArgs } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { loaded } from '../graphql/loaded.js';
import { Money } from '../graphql/money.scalar.js';
import { AnnotateFindingInput, ComplianceFindingArgs } from './compliance.input.js';
import type { CheckSummary, ComplianceService } from './compliance.service.js';
import { ComplianceFinding } from './compliance-finding.entity.js';
import { ComplianceRun } from './compliance-run.entity.js';

/** Who runs the checks; QA and approvers read what they found. */
export const COMPLIANCE_RUNNERS = [Role.RISK_MANAGER, Role.ADMIN];
/** Who may note what they make of a finding. */
export const COMPLIANCE_ANNOTATORS = [Role.RISK_MANAGER, Role.APPROVER, Role.ADMIN];

@ObjectType({
  description: 'One check of a run: how much breaches it, and what changed since the previous run',
})
export class ComplianceCheckSummary {
  @Field({ description: 'The id of the check in the COMPLIANCE policy' })
  check!: string;

  @Field()
  type!: string;

  @Field({ description: 'BREACH, or INCOME_UNKNOWN: borrowers the check could not judge' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'What the check is, and its legal or policy source' })
  description!: string | null;

  @Field(() => Int)
  findings!: number;

  @Field(() => Money, { description: 'The limits in breach, all findings of the check together' })
  exposure!: string;

  @Field(() => Int, { description: 'Findings no earlier run had open' })
  newFindings!: number;

  @Field(() => Int, { description: 'Findings open before this run that it no longer finds' })
  resolved!: number;
}

export const ComplianceRunConnection = ConnectionType(ComplianceRun);
export const ComplianceFindingConnection = ConnectionType(ComplianceFinding);

const summaryType = (summary: CheckSummary): ComplianceCheckSummary => ({
  check: summary.check,
  type: summary.type,
  code: summary.code,
  description: summary.description,
  findings: summary.findings,
  exposure: formatMoney(summary.exposureMinor) as string,
  newFindings: summary.newFindings,
  resolved: summary.resolved,
});

@Resolver(() => ComplianceRun)
export class ComplianceRunResolver {
  constructor(private readonly complianceService: ComplianceService) {}

  @Authorized(...CONSOLE_ROLES)
  @Query(() => ComplianceRunConnection, { description: 'Newest first: the trend over runs' })
  complianceRuns(@Args(() => PageArgs) page: PageArgs, @Ctx() { em }: Context) {
    return this.complianceService.runs(em, page);
  }

  @Authorized(...CONSOLE_ROLES)
  @Query(() => ComplianceRun, { nullable: true })
  complianceRun(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return this.complianceService.get(em, id);
  }

  @Authorized(...COMPLIANCE_RUNNERS)
  @Mutation(() => ComplianceRun, {
    description:
      "Starts a run of the product's published COMPLIANCE checks over every borrower and returns it RUNNING; CONFLICT while another runs",
  })
  runComplianceCheck(
    @Arg('productKey', () => String, { defaultValue: 'cash-line' }) productKey: string,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.complianceService.start(em, viewer!, productKey);
  }

  @FieldResolver(() => [ComplianceCheckSummary], {
    description: 'Per check and code, in the order of the checks',
  })
  checks(@Root() run: ComplianceRun) {
    return this.complianceService.summary(run).map(summaryType);
  }

  @FieldResolver(() => String)
  productKey(@Root() run: ComplianceRun) {
    return run.product.key;
  }

  @FieldResolver(() => Date)
  startedAt(@Root() run: ComplianceRun) {
    return run.createdAt;
  }
}

@Resolver(() => ComplianceFinding)
export class ComplianceFindingResolver {
  constructor(private readonly complianceService: ComplianceService) {}

  @Authorized(...CONSOLE_ROLES)
  @Query(() => ComplianceFindingConnection, { description: 'The largest exposure first' })
  complianceFindings(@Args(() => ComplianceFindingArgs) args: ComplianceFindingArgs, @Ctx() { em }: Context) {
    return this.complianceService.findings(em, args.filter ?? {}, args);
  }

  @Authorized(...CONSOLE_ROLES)
  @Query(() => ComplianceFinding, { nullable: true })
  complianceFinding(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return this.complianceService.finding(em, id);
  }

  @Authorized(...COMPLIANCE_ANNOTATORS)
  @Mutation(() => ComplianceFinding, { description: 'Keeps a note on a finding; audited' })
  annotateComplianceFinding(
    @Arg('input', () => AnnotateFindingInput) input: AnnotateFindingInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.complianceService.annotate(em, viewer!, input.id, input.note);
  }

  @FieldResolver(() => ID)
  borrowerId(@Root() finding: ComplianceFinding) {
    return finding.borrower.id;
  }

  @FieldResolver(() => Borrower, { description: 'Whose lines they are' })
  borrower(@Root() finding: ComplianceFinding, @Ctx() { em }: Context) {
    return loaded(em, Borrower, finding.borrower);
  }

  @FieldResolver(() => ID, {
    nullable: true,
    description: 'The line judged; null for all the borrower’s lines',
  })
  creditLineId(@Root() finding: ComplianceFinding) {
    return finding.creditLine?.id ?? null;
  }

  @FieldResolver(() => ID, { description: 'The run that first found it' })
  firstRunId(@Root() finding: ComplianceFinding) {
    return finding.firstRun.id;
  }

  @FieldResolver(() => ID, { description: 'The latest run that found it' })
  lastRunId(@Root() finding: ComplianceFinding) {
    return finding.lastRun.id;
  }

  @FieldResolver(() => ID, { nullable: true })
  resolvedRunId(@Root() finding: ComplianceFinding) {
    return finding.resolvedRun?.id ?? null;
  }
}
