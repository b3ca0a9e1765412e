import { GraphQLDateTime } from 'graphql-scalars';
import { buildSchema, type ContainerType } from 'type-graphql';
import { AuditResolver } from '../audit/audit.resolver.js';
import { AdminResolver } from '../auth/admin.resolver.js';
import { AuthResolver } from '../auth/auth.resolver.js';
import { authChecker } from '../auth/auth-checker.js';
import { BacktestResolver } from '../backtests/backtest.resolver.js';
import { BorrowerResolver } from '../borrowers/borrower.resolver.js';
import { CaseSetResolver } from '../case-sets/case-set.resolver.js';
import { ComplianceFindingResolver, ComplianceRunResolver } from '../compliance/compliance.resolver.js';
import { BorrowerDecisionsResolver, DecisionResolver } from '../decisions/decision.resolver.js';
import { DemoResolver } from '../demo/demo.resolver.js';
import { ExposureResolver } from '../exposure/exposure.resolver.js';
import { enforceInputBounds, type InputBoundsOptions } from '../graphql/input-bounds.js';
import {
  AlertResolver,
  CreditLineResolver,
  PortfolioReviewResolver,
} from '../monitoring/monitoring.resolver.js';
import { FactCatalogResolver } from '../policies/fact-catalog.resolver.js';
import { PolicyResolver } from '../policies/policy.resolver.js';
import { PolicyVersionResolver } from '../policies/policy-version.resolver.js';
import { ScorecardFitResolver } from '../scorecards/scorecard-fit.resolver.js';
import { TryPolicyResolver } from '../try/try-policy.resolver.js';
import type { Services } from './services.js';

/**
 * Each resolver with the services it is given, as type-graphql's using-container example wires them: the
 * resolvers name what they need in their constructors and never reach for anything else.
 */
function resolverInstances(services: Services) {
  return [
    new AdminResolver(services.admin),
    new AuthResolver(services.auth, services.loginAttempts),
    new AuditResolver(services.audit),
    new BacktestResolver(services.backtests),
    new BorrowerResolver(services.borrowers),
    new BorrowerDecisionsResolver(services.decisions),
    new CaseSetResolver(services.caseSets),
    new ComplianceRunResolver(services.compliance),
    new ComplianceFindingResolver(services.compliance),
    new AlertResolver(services.alerts),
    new CreditLineResolver(services.alerts, services.creditLines),
    new PortfolioReviewResolver(services.reviewSchedules, services.reviews),
    new DecisionResolver(services.decisions),
    new ExposureResolver(services.exposure),
    new DemoResolver(services.config.demo),
    new FactCatalogResolver(),
    new PolicyResolver(services.policyVersions, services.publisher),
    new PolicyVersionResolver(services.policyVersions, services.publisher),
    new ScorecardFitResolver(services.scorecardFits),
    new TryPolicyResolver(services.tryPolicy),
  ];
}

const RESOLVERS = [
  AdminResolver,
  AuthResolver,
  BacktestResolver,
  BorrowerResolver,
  BorrowerDecisionsResolver,
  CaseSetResolver,
  ComplianceRunResolver,
  ComplianceFindingResolver,
  AlertResolver,
  CreditLineResolver,
  PortfolioReviewResolver,
  DecisionResolver,
  ExposureResolver,
  DemoResolver,
  FactCatalogResolver,
  AuditResolver,
  PolicyResolver,
  PolicyVersionResolver,
  ScorecardFitResolver,
  TryPolicyResolver,
] as const;

/**
 * Input fields that hold more than the default 255 characters, kept here because their classes do not carry
 * `@InputBounds` (yet): a CSV or JSONL file, a server path, and free-text notes.
 */
const RAISED_INPUT_BOUNDS: Record<string, InputBoundsOptions> = {
  'ImportCaseSetInput.content': { maxLength: 1_048_576 },
  'ImportCaseSetInput.serverPath': { maxLength: 4096 },
  'AlertActionInput.note': { maxLength: 2000 },
  'ResolveReferralInput.note': { maxLength: 2000 },
};

/**
 * With services, a schema that can run; without, one to print (`schema:write`). Every argument is checked
 * against its bounds before a resolver runs (graphql/input-bounds.ts).
 */
export async function buildApiSchema(services?: Services) {
  let container: ContainerType | undefined;
  if (services) {
    const byClass = new Map<unknown, unknown>(
      resolverInstances(services).map((resolver) => [resolver.constructor, resolver]),
    );
    container = {
      get(resolverClass) {
        const resolver = byClass.get(resolverClass);
        if (!resolver)
          throw new Error(`no instance of ${String(resolverClass?.name)} is wired in app/schema.ts`);
        return resolver;
      },
    };
  }
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    container,
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    validate: { forbidUnknownValues: false },
  });
  return enforceInputBounds(schema, RAISED_INPUT_BOUNDS);
}
