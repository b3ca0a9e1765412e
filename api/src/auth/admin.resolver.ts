import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Role } from '../core/role.js';
import type { Context } from '../graphql/context.js';
import { CreateApiKeyInput, CreateUserInput, IdInput } from './admin.input.js';
import type { AdminService } from './admin.service.js';
import { ApiKey } from './api-key.entity.js';
import { User } from './user.entity.js';

@ObjectType()
class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field({ description: 'The key itself: shown this once, stored only as a hash' })
  key!: string;
}

@Authorized(Role.ADMIN)
@Resolver()
export class AdminResolver {
  constructor(private readonly adminService: AdminService) {}

  @Query(() => [User])
  users(@Ctx() { em }: Context) {
    return em.find(User, {}, { orderBy: { email: 'asc' } });
  }

  @Query(() => [ApiKey])
  apiKeys(@Ctx() { em }: Context) {
    return em.find(ApiKey, {}, { orderBy: { createdAt: 'desc' } });
  }

  @Mutation(() => User)
  createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() { em, viewer }: Context) {
    return this.adminService.createUser(em, viewer!, input);
  }

  @Mutation(() => User)
  deactivateUser(@Arg('input', () => IdInput) input: IdInput, @Ctx() { em, viewer }: Context) {
    return this.adminService.deactivateUser(em, viewer!, input.id);
  }

  @Mutation(() => CreatedApiKey)
  createApiKey(
    @Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput,
    @Ctx() { em, viewer }: Context,
  ) {
    return this.adminService.createApiKey(em, viewer!, input);
  }

  @Mutation(() => ApiKey)
  revokeApiKey(@Arg('input', () => IdInput) input: IdInput, @Ctx() { em, viewer }: Context) {
    return this.adminService.revokeApiKey(em, viewer!, input.id);
  }
}
