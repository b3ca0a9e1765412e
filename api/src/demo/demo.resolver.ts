import { Authorized, Query, Resolver } from 'type-graphql';
import { CONSOLE_ROLES } from '../core/role.js';

/** What the console needs to know of the demo: whether to offer a new user its guided first run. */
@Resolver()
export class DemoResolver {
  constructor(private readonly demo: boolean) {}

  @Authorized(...CONSOLE_ROLES)
  @Query(() => Boolean, {
    description:
      'Whether the demo data and credentials are on (never in production): the console then guides a first run',
  })
  demoMode(): boolean {
    return this.demo;
  }
}
