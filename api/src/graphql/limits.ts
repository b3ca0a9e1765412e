import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import type { RequestLimits } from '../core/config.js';

/**
 * graphql-js parses recursively and overflows the stack near 4,000 nesting levels; capping tokens stops
 * the parser long before that, while the standard introspection query needs under 200.
 */
export const MAX_QUERY_TOKENS = 2_000;

const MAX_ALIASES = 30;
const MAX_DIRECTIVES = 50;

// The armor rules throw out of graphql's validate() by default, which Apollo reports as an internal
// error; reporting instead makes a rejection an ordinary validation error (BAD_USER_INPUT).
const report = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

export function queryLimitRules(
  limits: Pick<RequestLimits, 'maxQueryDepth' | 'maxQueryCost'>,
): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxQueryDepth, ignoreIntrospection: true, ...report }),
    costLimitRule({ maxCost: limits.maxQueryCost, ignoreIntrospection: true, ...report }),
    maxAliasesRule({ n: MAX_ALIASES, ...report }),
    maxDirectivesRule({ n: MAX_DIRECTIVES, ...report }),
  ];
}
