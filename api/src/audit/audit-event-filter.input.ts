import { Field, InputType } from 'type-graphql';

@InputType()
export class AuditEventFilter {
  @Field(() => String, { nullable: true, description: 'e.g. publish, approve, seed' })
  action?: string | null;

  @Field(() => String, { nullable: true })
  actor?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. PolicyVersion, User, ApiKey' })
  entityType?: string | null;

  @Field(() => String, { nullable: true })
  entityId?: string | null;
}
