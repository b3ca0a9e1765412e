import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import type { TokenBuckets } from '../http/rate-limit.js';
import { loginKey } from '../http/rate-limit.js';
import type { AuthService } from './auth.service.js';
import { User } from './user.entity.js';

@ObjectType()
class LoginPayload {
  @Field()
  token!: string;

  @Field(() => User)
  user!: User;
}

@Resolver()
export class AuthResolver {
  constructor(
    private readonly authService: AuthService,
    private readonly loginAttempts: TokenBuckets,
  ) {}

  @Mutation(() => LoginPayload, {
    description: "Exchanges a console user's email and password for a bearer token",
  })
  login(@Arg('email') email: string, @Arg('password') password: string, @Ctx() { em, clientIp }: Context) {
    this.loginAttempts.take(loginKey(email, clientIp), 'login attempts');
    return this.authService.login(em, email, password);
  }

  @Authorized()
  @Query(() => User, { nullable: true, description: 'The signed-in console user; null for API keys' })
  me(@Ctx() { em, viewer }: Context) {
    return viewer?.kind === 'user' ? em.findOne(User, { id: viewer.id }) : null;
  }
}
