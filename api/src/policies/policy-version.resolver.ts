import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { User } from '../auth/user.entity.js';
import { CONSOLE_ROLES, Role } from '../core/role.js';
import { ConnectionType } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { CreateDraftInput } from './create-draft.input.js';
import { Policy } from './policy.entity.js';
import { PUBLISHERS } from './policy.resolver.js';
import { findVersion } from './policy-lookup.js';
import type { PolicyPublisher } from './policy-publisher.js';
import { PolicyValidationType } from './policy-validation.type.js';
import { PolicyVersion } from './policy-version.entity.js';
import type { PolicyVersionService } from './policy-version.service.js';
import { PolicyVersionListArgs } from './policy-version-filter.input.js';
import { PublishVersionInput } from './publish-version.input.js';
import { UpdateDraftInput } from './update-draft.input.js';
import { VersionActionInput } from './version-action.input.js';

const AUTHORS = [Role.RISK_MANAGER, Role.ADMIN];
export const PolicyVersionConnection = ConnectionType(PolicyVersion);
const REVIEWERS = [Role.APPROVER, Role.ADMIN];

@Resolver(() => PolicyVersion)
export class PolicyVersionResolver {
  constructor(
    private readonly policyVersionService: PolicyVersionService,
    private readonly policyPublisher: PolicyPublisher,
  ) {}

  @Authorized(...CONSOLE_ROLES)
  @Query(() => PolicyVersion, { nullable: true })
  policyVersion(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return findVersion(em, id);
  }

  @Authorized(...CONSOLE_ROLES)
  @Query(() => PolicyVersionConnection, {
    description: 'Versions across policies, most recently submitted first: a status, or a queue of the asker',
  })
  policyVersions(
    @Args(() => PolicyVersionListArgs) args: PolicyVersionListArgs,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.policyVersionService.versions(em, viewer!, args.filter ?? {}, args);
  }

  @Authorized(...CONSOLE_ROLES)
  @Query(() => GraphQLJSONObject, { description: 'What changed from one version to another, rule by rule' })
  policyDiff(
    @Arg('fromVersionId', () => ID) fromVersionId: string,
    @Arg('toVersionId', () => ID) toVersionId: string,
    @Ctx() { em }: Context,
  ) {
    return this.policyVersionService.diff(em, fromVersionId, toVersionId);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => PolicyVersion)
  createDraft(@Arg('input', () => CreateDraftInput) input: CreateDraftInput, @Ctx() { em, viewer }: Context) {
    return this.policyVersionService.createDraft(em, viewer!, input);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => PolicyVersion)
  updateDraft(@Arg('input', () => UpdateDraftInput) input: UpdateDraftInput, @Ctx() { em, viewer }: Context) {
    return this.policyVersionService.updateDraft(em, viewer!, input);
  }

  @Authorized(...AUTHORS)
  @Mutation(() => PolicyVersion, { description: 'Sends a valid draft for review' })
  submitVersion(
    @Arg('input', () => VersionActionInput) input: VersionActionInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.policyVersionService.submit(em, viewer!, input);
  }

  @Authorized(...REVIEWERS)
  @Mutation(() => PolicyVersion, {
    description: 'Never by anyone who created, edited or submitted the version',
  })
  approveVersion(
    @Arg('input', () => VersionActionInput) input: VersionActionInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.policyVersionService.approve(em, viewer!, input);
  }

  @Authorized(...REVIEWERS)
  @Mutation(() => PolicyVersion, {
    description: 'Never by anyone who created, edited or submitted the version; needs a comment',
  })
  rejectVersion(
    @Arg('input', () => VersionActionInput) input: VersionActionInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.policyVersionService.reject(em, viewer!, input);
  }

  @Authorized(...PUBLISHERS)
  @Mutation(() => PolicyVersion, { description: 'Publishes an approved version now or at effectiveAt' })
  publishVersion(
    @Arg('input', () => PublishVersionInput) input: PublishVersionInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.policyPublisher.publish(em, viewer!, input);
  }

  @FieldResolver(() => Policy)
  policy(@Root() version: PolicyVersion, @Ctx() { em }: Context) {
    return em.findOneOrFail(Policy, version.policy.id);
  }

  @FieldResolver(() => PolicyValidationType, { description: 'Errors block submitting; warnings do not' })
  async validation(@Root() version: PolicyVersion, @Ctx() { em }: Context) {
    await em.populate(version, ['policy']);
    return this.policyVersionService.validation(version);
  }

  @FieldResolver(() => User, { nullable: true })
  author(@Root() version: PolicyVersion, @Ctx() { em }: Context) {
    return version.author ? em.findOne(User, version.author.id) : null;
  }

  @FieldResolver(() => User, { nullable: true })
  submittedBy(@Root() version: PolicyVersion, @Ctx() { em }: Context) {
    return version.submittedBy ? em.findOne(User, version.submittedBy.id) : null;
  }

  @FieldResolver(() => [ID], {
    description: 'Everyone who created, edited or submitted the version: none of them may review it',
  })
  contributorIds(@Root() version: PolicyVersion) {
    return version.contributors();
  }

  @FieldResolver(() => User, { nullable: true })
  reviewedBy(@Root() version: PolicyVersion, @Ctx() { em }: Context) {
    return version.reviewedBy ? em.findOne(User, version.reviewedBy.id) : null;
  }
}
