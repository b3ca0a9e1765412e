import { MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType()
export class BorrowerFilter {
  @Field({ nullable: true, description: 'Part of the external reference or the name' })
  @MaxLength(128)
  search?: string;

  @Field({ nullable: true, description: 'Only borrowers with an active line above their affordable limit' })
  overflowOnly?: boolean;
}
