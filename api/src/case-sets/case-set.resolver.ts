import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CONSOLE_ROLES, Role } from '../core/role.js';
import { ConnectionType, PageArgs } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { Case } from './case.entity.js';
import { CaseSet } from './case-set.entity.js';
import type { CaseSetService } from './case-set.service.js';
import { CaseSetImport } from './case-set-import.type.js';
import { ImportCaseSetInput } from './import-case-set.input.js';

export const CaseSetConnection = ConnectionType(CaseSet);
export const CaseConnection = ConnectionType(Case);
/** Who may add historical data: the people who backtest with it. */
export const IMPORTERS = [Role.RISK_MANAGER, Role.QA_ANALYST, Role.ADMIN];

@Resolver(() => CaseSet)
export class CaseSetResolver {
  constructor(private readonly caseSetService: CaseSetService) {}

  @Authorized(...CONSOLE_ROLES)
  @Query(() => CaseSetConnection, { description: 'Newest first' })
  caseSets(@Args(() => PageArgs) page: PageArgs, @Ctx() { em }: Context) {
    return this.caseSetService.list(em, page);
  }

  @Authorized(...CONSOLE_ROLES)
  @Query(() => CaseSet, { nullable: true })
  caseSet(@Arg('id', () => ID) id: string, @Ctx() { em }: Context) {
    return this.caseSetService.get(em, id);
  }

  @Authorized(...IMPORTERS)
  @Mutation(() => CaseSetImport, {
    description:
      'Maps every row to a case; all or nothing unless keepValidRows. Large files: POST /case-sets/import',
  })
  async importCaseSet(
    @Arg('input', () => ImportCaseSetInput) input: ImportCaseSetInput,
    @Ctx() { em, viewer }: Context,
  ) {
    const source = await this.caseSetService.openSource(input);
    try {
      return await this.caseSetService.import(em, viewer!, input, source);
    } finally {
      // A refused import may stop before the end of the file: release it.
      source.stream.destroy();
    }
  }

  @FieldResolver(() => String)
  productKey(@Root() caseSet: CaseSet) {
    return caseSet.product.key;
  }

  @FieldResolver(() => Date)
  createdAt(@Root() caseSet: CaseSet) {
    return caseSet.createdAt;
  }

  @FieldResolver(() => CaseConnection, { description: 'In file order' })
  cases(@Root() caseSet: CaseSet, @Args(() => PageArgs) page: PageArgs, @Ctx() { em }: Context) {
    return this.caseSetService.cases(em, caseSet, page);
  }
}
