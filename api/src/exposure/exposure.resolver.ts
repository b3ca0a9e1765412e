import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { CONSOLE_ROLES } from '../core/role.js';
import type { Context } from '../graphql/context.js';
import type { ExposureService } from './exposure.service.js';
import { ExposureBudgetView } from './exposure-budget.type.js';

@Resolver()
export class ExposureResolver {
  constructor(private readonly exposureService: ExposureService) {}

  @Authorized(...CONSOLE_ROLES)
  @Query(() => [ExposureBudgetView], {
    description: "The published EXPOSURE policy's budgets with their use in the current window",
  })
  exposureBudgets(
    @Arg('productKey', () => String, { defaultValue: 'cash-line' }) productKey: string,
    @Ctx() { em }: Context,
  ) {
    return this.exposureService.budgets(em, productKey);
  }
}
