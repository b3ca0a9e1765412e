import { factCatalog } from '@spillway/rules';
import { GraphQLJSON } from 'graphql-scalars';
import { Authorized, Field, ObjectType, Query, Resolver } from 'type-graphql';

@ObjectType({ description: 'A fact policies may use, as the rules package defines it' })
class FactDefinition {
  @Field()
  name!: string;

  @Field({ description: 'number, integer, string or boolean' })
  type!: string;

  @Field(() => String, { nullable: true })
  unit?: string;

  @Field()
  description!: string;

  @Field({ description: 'application, profile, bureau, behaviour or derived' })
  source!: string;

  @Field(() => GraphQLJSON, { nullable: true })
  example?: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The value used when the fact is absent' })
  default?: unknown;
}

@Resolver()
export class FactCatalogResolver {
  @Authorized()
  @Query(() => [FactDefinition])
  factCatalog() {
    return factCatalog;
  }
}
