import { Field, Int, ObjectType } from 'type-graphql';
import { CaseSet } from './case-set.entity.js';

@ObjectType({ description: 'A row that did not become a case' })
export class CaseRowError {
  @Field(() => Int)
  line!: number;

  @Field(() => String, { nullable: true })
  column!: string | null;

  @Field({ description: 'Where in the mapping, e.g. $.columns.AGE' })
  path!: string;

  @Field()
  code!: string;

  @Field()
  message!: string;
}

@ObjectType()
export class CaseSetImport {
  @Field(() => CaseSet)
  caseSet!: CaseSet;

  @Field(() => Int)
  importedRows!: number;

  @Field(() => Int)
  failedRows!: number;

  @Field(() => [CaseRowError], { description: 'The first 100 row errors' })
  rowErrors!: CaseRowError[];
}
