import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CONSOLE_ROLES, Role } from '../core/role.js';
import type { Context } from '../graphql/context.js';
import { DEFAULT_PRODUCT_KEY } from '../products/product.entity.js';
import { Policy } from './policy.entity.js';
import { VersionStatus } from './policy-kind.js';
import { findPolicy } from './policy-lookup.js';
import type { PolicyPublisher } from './policy-publisher.js';
import { PolicyVersion } from './policy-version.entity.js';
import type { PolicyVersionService } from './policy-version.service.js';
import { RollbackPolicyInput } from './rollback-policy.input.js';
import { SetChallengerInput } from './set-challenger.input.js';

export const PUBLISHERS = [Role.RISK_MANAGER, Role.APPROVER, Role.ADMIN];

@Resolver(() => Policy)
export class PolicyResolver {
  constructor(
    private readonly policyVersionService: PolicyVersionService,
    private readonly policyPublisher: PolicyPublisher,
  ) {}

  @Authorized(...CONSOLE_ROLES)
  @Query(() => [Policy], { description: "A product's policies, one of each kind" })
  policies(
    @Arg('productKey', () => String, { defaultValue: DEFAULT_PRODUCT_KEY }) productKey: string,
    @Ctx() { em }: Context,
  ) {
    return this.policyVersionService.list(em, productKey);
  }

  @Authorized(...CONSOLE_ROLES)
  @Query(() => Policy, { nullable: true })
  policy(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return findPolicy(em, id);
  }

  @Authorized(...PUBLISHERS)
  @Mutation(() => PolicyVersion, { description: 'Publishes an earlier published version again' })
  rollbackPolicy(
    @Arg('input', () => RollbackPolicyInput) input: RollbackPolicyInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.policyPublisher.rollback(em, viewer!, input);
  }

  @Authorized(...PUBLISHERS)
  @Mutation(() => Policy, { description: 'Runs an approved version against the published one, or stops it' })
  setChallenger(
    @Arg('input', () => SetChallengerInput) input: SetChallengerInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.policyPublisher.setChallenger(em, viewer!, input);
  }

  @FieldResolver(() => PolicyVersion, { nullable: true })
  async challengerVersion(@Root() policy: Policy, @Ctx() { em }: Context) {
    if (!policy.challengerVersion) return null;
    return (await em.findOneOrFail(PolicyVersion, policy.challengerVersion.id)).verifyRevision();
  }

  @FieldResolver(() => String)
  async productKey(@Root() policy: Policy, @Ctx() { em }: Context) {
    await em.populate(policy, ['product']);
    return policy.product.key;
  }

  @FieldResolver(() => PolicyVersion, { nullable: true })
  publishedVersion(@Root() policy: Policy, @Ctx() { em }: Context) {
    return this.policyVersionService.withStatus(em, policy, VersionStatus.PUBLISHED);
  }

  @FieldResolver(() => PolicyVersion, {
    nullable: true,
    description: 'The approved version due to publish itself',
  })
  scheduledVersion(@Root() policy: Policy, @Ctx() { em }: Context) {
    return this.policyVersionService.withStatus(em, policy, VersionStatus.APPROVED, true);
  }

  @FieldResolver(() => [PolicyVersion], { description: 'Every version, newest first' })
  versions(@Root() policy: Policy, @Ctx() { em }: Context) {
    return this.policyVersionService.history(em, policy);
  }
}
