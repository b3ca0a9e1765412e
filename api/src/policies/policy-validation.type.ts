import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One problem in a policy document, as the rules package reports it' })
export class PolicyProblemType {
  @Field()
  code!: string;

  @Field({ description: 'JSON path, e.g. $.rules[2].conditions.all[0].fact' })
  path!: string;

  @Field()
  message!: string;

  @Field({ description: 'error or warning' })
  severity!: string;
}

@ObjectType('PolicyValidation')
export class PolicyValidationType {
  @Field()
  valid!: boolean;

  @Field(() => [PolicyProblemType])
  errors!: PolicyProblemType[];

  @Field(() => [PolicyProblemType])
  warnings!: PolicyProblemType[];
}
