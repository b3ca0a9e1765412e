import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { PolicyProblemType } from '../policies/policy-validation.type.js';

@ObjectType({ description: 'What a policy would decide for one case; nothing is stored' })
export class TryPolicyResult {
  @Field(() => GraphQLJSONObject, {
    description:
      'outcome, approvedLimit, aprBps, termMonths, riskTier, reasons, affordableLimit, overflow, revisions, facts; monitoring for MONITORING; exposure (what the budgets would do now) for EXPOSURE',
  })
  result!: Record<string, unknown>;

  @Field(() => GraphQLJSON)
  trace!: unknown;

  @Field(() => [PolicyProblemType], { description: "The document's warnings (an invalid one is refused)" })
  problems!: PolicyProblemType[];
}
