import { type EntityManager, type FilterQuery, raw } from '@mikro-orm/core';
import { DomainError, notFound } from '../core/errors.js';
import { CreditLineStatus } from '../credit-lines/credit-line.entity.js';
import { LimitChange } from '../credit-lines/limit-change.entity.js';
import { isPostgres } from '../db/dialect.js';
import { type PageArgs, pageWindow, toConnection } from '../graphql/connection.js';
import { Borrower } from './borrower.entity.js';
import type { BorrowerFilter } from './borrower-filter.input.js';
import { decryptPhone } from './pii.js';

export class BorrowerService {
  constructor(private readonly secret: string) {}

  async get(em: EntityManager, by: { id?: string | null; externalRef?: string | null }): Promise<Borrower> {
    if (Boolean(by.id) === Boolean(by.externalRef)) {
      throw new DomainError('BAD_USER_INPUT', 'Give exactly one of id and externalRef', { field: 'id' });
    }
    const where = by.id ? { id: by.id } : { externalRef: by.externalRef as string };
    const borrower = await em.findOne(Borrower, where, { populate: ['creditLines'] });
    if (!borrower) throw notFound('Borrower', (by.id ?? by.externalRef) as string);
    return borrower;
  }

  async list(em: EntityManager, filter: BorrowerFilter | null | undefined, page: PageArgs) {
    const where: FilterQuery<Borrower> = {};
    const search = filter?.search?.trim();
    if (search) {
      // PostgreSQL's LIKE is case-sensitive; SQLite's is not for ASCII, and has no ILIKE. SQLite's LIKE has
      // no escape character unless the ESCAPE clause names one.
      const operator = isPostgres(em) ? 'ilike' : 'like';
      const pattern = `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
      const contains = (column: string) =>
        raw((alias: string) => `${alias}.${column} ${operator} ? escape '\\'`, [pattern]);
      where.$or = [{ [contains('external_ref')]: [] }, { [contains('name')]: [] }];
    }
    if (filter?.overflowOnly) where.creditLines = { overflow: true, status: CreditLineStatus.ACTIVE };
    const { offset, limit } = pageWindow(page);
    const [nodes, total] = await em.findAndCount(Borrower, where, {
      populate: ['creditLines'],
      orderBy: { createdAt: 'desc', id: 'desc' },
      offset,
      limit,
    });
    return toConnection(nodes, total, offset);
  }

  /** Every limit change on any of the borrower's lines, newest first. */
  limitHistory(em: EntityManager, borrower: Borrower) {
    return em.find(LimitChange, { creditLine: { borrower } }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  phone(borrower: Borrower, mayReadPii: boolean): string | null {
    if (mayReadPii && borrower.phoneEncrypted) return decryptPhone(this.secret, borrower.phoneEncrypted);
    return borrower.phoneMasked ?? null;
  }
}
