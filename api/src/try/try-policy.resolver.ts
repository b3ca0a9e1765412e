import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { CONSOLE_ROLES } from '../core/role.js';
import type { Context } from '../graphql/context.js';
import { TryPolicyInput } from './try-policy.input.js';
import type { TryPolicyService } from './try-policy.service.js';
import { TryPolicyResult } from './try-policy.type.js';

@Resolver()
export class TryPolicyResolver {
  constructor(private readonly tryPolicyService: TryPolicyService) {}

  /** A mutation although it writes nothing: it takes a whole document and is an action, not a read. */
  @Authorized(...CONSOLE_ROLES)
  @Mutation(() => TryPolicyResult, {
    description:
      'Runs a policy (unsaved document or any version) on one case, with the published policies in the other stages; stores nothing',
  })
  tryPolicy(@Arg('input', () => TryPolicyInput) input: TryPolicyInput, @Ctx() { em }: Context) {
    return this.tryPolicyService.try(em, input);
  }
}
