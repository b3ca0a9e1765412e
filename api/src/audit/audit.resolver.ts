import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  Int,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import { Role } from '../core/role.js';
import { ConnectionType, PageArgs } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { AuditProblem, type AuditService } from './audit.service.js';
import { AuditEvent } from './audit-event.entity.js';
import { AuditEventFilter } from './audit-event-filter.input.js';

const AuditEventConnection = ConnectionType(AuditEvent);
const AUDIT_READERS = [Role.ADMIN, Role.QA_ANALYST, Role.APPROVER, Role.RISK_MANAGER];

registerEnumType(AuditProblem, { name: 'AuditProblem' });

@ObjectType({
  description:
    'The result of walking the whole hash chain from the first event, against the signed checkpoints',
})
class AuditVerification {
  @Field()
  valid!: boolean;

  @Field(() => Int, { description: 'Events that verified before the first broken one' })
  checked!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'seq of the first event that does not verify; for MISSING_NEWEST the newest checkpointed',
  })
  brokenAt!: number | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => AuditProblem, { nullable: true, description: 'What is wrong, when something is' })
  problem!: AuditProblem | null;

  @Field(() => Int, { nullable: true, description: 'The last event that verified' })
  headSeq!: number | null;

  @Field(() => String, { nullable: true })
  headHash!: string | null;

  @Field(() => Int, { nullable: true, description: 'The newest event a signed checkpoint vouches for' })
  lastCheckpointSeq!: number | null;

  @Field(() => Date, { nullable: true })
  lastCheckpointAt!: Date | null;
}

@Resolver()
export class AuditResolver {
  constructor(private readonly auditService: AuditService) {}

  @Authorized(...AUDIT_READERS)
  @Query(() => AuditEventConnection, { description: 'Newest first' })
  auditEvents(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter: AuditEventFilter | undefined,
    @Ctx() { em }: Context,
  ) {
    return this.auditService.list(em, filter, page);
  }

  @Authorized(...AUDIT_READERS)
  @Query(() => AuditVerification)
  verifyAuditLog(@Ctx() { em }: Context) {
    return this.auditService.verify(em);
  }
}
