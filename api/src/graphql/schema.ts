import { GraphQLDateTime } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { AuthResolver } from '../auth/auth.resolver.js';
import { authChecker } from '../auth/auth-checker.js';
import { DecisionResolver } from '../decisions/decision.resolver.js';
import { FactCatalogResolver } from '../policies/fact-catalog.resolver.js';

export function buildApiSchema() {
  return buildSchema({
    resolvers: [AuthResolver, DecisionResolver, FactCatalogResolver],
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    validate: { forbidUnknownValues: false },
  });
}
