import { GraphQLDateTime } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { AuditResolver } from '../audit/audit.resolver.js';
import { AdminResolver } from '../auth/admin.resolver.js';
import { AuthResolver } from '../auth/auth.resolver.js';
import { authChecker } from '../auth/auth-checker.js';
import { BacktestResolver } from '../backtests/backtest.resolver.js';
import { BorrowerResolver } from '../borrowers/borrower.resolver.js';
import { CaseSetResolver } from '../case-sets/case-set.resolver.js';
import { DecisionResolver } from '../decisions/decision.resolver.js';
import {
  AlertResolver,
  CreditLineResolver,
  PortfolioReviewResolver,
} from '../monitoring/monitoring.resolver.js';
import { FactCatalogResolver } from '../policies/fact-catalog.resolver.js';
import { PolicyResolver } from '../policies/policy.resolver.js';
import { PolicyVersionResolver } from '../policies/policy-version.resolver.js';
import { TryPolicyResolver } from '../try/try-policy.resolver.js';

export function buildApiSchema() {
  return buildSchema({
    resolvers: [
      AdminResolver,
      AuthResolver,
      BacktestResolver,
      BorrowerResolver,
      CaseSetResolver,
      AlertResolver,
      CreditLineResolver,
      PortfolioReviewResolver,
      DecisionResolver,
      FactCatalogResolver,
      AuditResolver,
      PolicyResolver,
      PolicyVersionResolver,
      TryPolicyResolver,
    ],
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    validate: { forbidUnknownValues: false },
  });
}
