import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type EntityManager, type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import { canonicalJson } from '@spillway/rules';
import type { AuditService } from '../audit/audit.service.js';
import { Borrower } from '../borrowers/borrower.entity.js';
import { encryptPhone, maskPhone, nationalIdHash } from '../borrowers/pii.js';
import { DomainError, notFound } from '../core/errors.js';
import { cnyToMinor, formatMoney, minorToCny, parseMoney } from '../core/money.js';
import type { Viewer } from '../core/viewer.js';
import type { CreditLine } from '../credit-lines/credit-line.entity.js';
import type { CreditLineService } from '../credit-lines/credit-line.service.js';
import { type PageArgs, pageWindow, toConnection } from '../graphql/connection.js';
import { PolicyKind } from '../policies/policy-kind.js';
import type { PublishedPolicies } from '../policies/published-policies.js';
import { validateFacts } from '../policies/request-facts.js';
import { DEFAULT_PRODUCT_KEY } from '../products/product.entity.js';
import type { ProductService } from '../products/product.service.js';
import { Application } from './application.entity.js';
import type { DecideInput } from './decide.input.js';
import { Decision, ReferralStatus } from './decision.entity.js';
import type { DecisionFilter } from './decision-filter.input.js';
import { DecisionOutcome } from './decision-outcome.js';
import { ReferralAction, type ResolveReferralInput } from './resolve-referral.input.js';

const DECISION_POPULATE = ['borrower', 'application', 'product', 'creditLine'] as const;

export class DecisionService {
  constructor(
    private readonly products: ProductService,
    private readonly published: PublishedPolicies,
    private readonly creditLines: CreditLineService,
    private readonly audit: AuditService,
    private readonly secret: string,
  ) {}

  async decide(em: EntityManager, viewer: Viewer, input: DecideInput): Promise<Decision> {
    const started = performance.now();
    const requestHash = createHash('sha256')
      .update(canonicalJson({ ...input, asOf: input.asOf?.toISOString() }))
      .digest('hex');
    const replayed = await this.findByIdempotencyKey(em, input.idempotencyKey, requestHash);
    if (replayed) return replayed;

    const requestedAmountMinor = parseMoney(
      input.application.requestedAmount,
      'input.application.requestedAmount',
    );
    if (requestedAmountMinor <= 0) {
      throw new DomainError('BAD_USER_INPUT', 'input.application.requestedAmount must be greater than zero', {
        field: 'input.application.requestedAmount',
      });
    }
    const overrides = validateFacts(input.facts ?? {});
    const product = await this.products.get(em, input.productKey ?? DEFAULT_PRODUCT_KEY);
    if (!product.allowedTerms.includes(input.application.termMonths)) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `input.application.termMonths must be one of ${product.allowedTerms.join(', ')} for ${product.key}`,
        { field: 'input.application.termMonths' },
      );
    }
    // The champion/challenger arms for this borrower; `applied` is the set the decision acts on.
    const arms = await this.published.arms(product.id, input.borrower.externalRef);
    if (!arms.applied.has(PolicyKind.ADMISSION)) {
      throw new DomainError('CONFLICT', `Product ${product.key} has no published ADMISSION policy`, {
        productKey: product.key,
      });
    }

    try {
      return await em.transactional(async (tx) => {
        const borrower = await this.upsertBorrower(tx, input);
        const lines = await this.creditLines.activeLines(tx, borrower);
        const facts = {
          ...borrower.profile,
          // The line for this product is re-decided, not added to: only other lines count as existing.
          ...existingLineFacts(lines.filter((line) => line.product.id !== product.id)),
          requestedAmount: minorToCny(requestedAmountMinor),
          termMonths: input.application.termMonths,
          ...(input.application.purpose ? { purpose: input.application.purpose } : {}),
          ...(input.application.channel ? { channel: input.application.channel } : {}),
          ...overrides,
        };
        const asOf = input.asOf ?? new Date();
        const { result, challenger, revisions } = await this.published.evaluateForDecision(
          arms,
          facts,
          asOf.toISOString(),
        );
        const application = tx.create(Application, {
          idempotencyKey: input.idempotencyKey,
          requestHash,
          requestedBy: viewer.label,
          borrower,
          product,
          requestedAmountMinor,
          termMonths: input.application.termMonths,
          purpose: input.application.purpose ?? null,
          channel: input.application.channel ?? null,
        });
        const decision = tx.create(Decision, {
          application,
          borrower,
          product,
          outcome: result.outcome as DecisionOutcome,
          approvedLimitMinor: result.approvedLimit === null ? null : cnyToMinor(result.approvedLimit),
          aprBps: result.aprBps,
          termMonths: result.termMonths,
          riskTier: result.riskTier,
          reasons: result.reasons as Decision['reasons'],
          affordableLimitMinor: result.affordableLimit === null ? null : cnyToMinor(result.affordableLimit),
          overflow: result.overflow,
          revisions,
          challenger,
          facts: result.facts,
          trace: result.trace,
          asOf,
          decidedAt: new Date(),
          latencyMs: 0,
          referralStatus: result.outcome === DecisionOutcome.REFER ? ReferralStatus.PENDING : null,
        });
        if (decision.outcome === DecisionOutcome.APPROVE && decision.approvedLimitMinor !== null) {
          decision.creditLine = this.creditLines.applyLimit(tx, lines, {
            borrower,
            product,
            limitMinor: decision.approvedLimitMinor,
            aprBps: decision.aprBps,
            affordableLimitMinor: decision.affordableLimitMinor,
            reason: 'Approved by policy',
            decisionId: decision.id,
          });
        }
        decision.latencyMs = Math.round(performance.now() - started);
        return decision;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        // A concurrent request with the same key committed first: answer as a retry would be answered.
        const winner = await this.findByIdempotencyKey(em.fork(), input.idempotencyKey, requestHash);
        if (winner) return winner;
      }
      throw error;
    }
  }

  private async findByIdempotencyKey(em: EntityManager, key: string, requestHash: string) {
    const application = await em.findOne(Application, { idempotencyKey: key });
    if (!application) return null;
    if (application.requestHash !== requestHash) {
      throw new DomainError('CONFLICT', `idempotencyKey "${key}" was already used for a different request`, {
        field: 'input.idempotencyKey',
      });
    }
    return em.findOneOrFail(Decision, { application }, { populate: DECISION_POPULATE });
  }

  private async upsertBorrower(em: EntityManager, input: DecideInput): Promise<Borrower> {
    const given = input.borrower;
    let borrower = await em.findOne(Borrower, { externalRef: given.externalRef });
    if (!borrower) {
      borrower = em.create(Borrower, {
        externalRef: given.externalRef,
        name: given.name ?? given.externalRef,
      });
    }
    if (given.name) borrower.name = given.name;
    if (given.nationalId) borrower.nationalIdHash = nationalIdHash(this.secret, given.nationalId);
    if (given.phone) {
      borrower.phoneMasked = maskPhone(given.phone);
      borrower.phoneEncrypted = encryptPhone(this.secret, given.phone);
    }
    const profile: Record<string, unknown> = { ...borrower.profile };
    if (given.monthlyIncome !== undefined) {
      profile.monthlyIncome = minorToCny(parseMoney(given.monthlyIncome, 'input.borrower.monthlyIncome'));
    }
    if (given.monthlyDebtService !== undefined) {
      profile.monthlyDebtService = minorToCny(
        parseMoney(given.monthlyDebtService, 'input.borrower.monthlyDebtService'),
      );
    }
    if (given.age !== undefined) profile.age = given.age;
    if (given.employmentMonths !== undefined) profile.employmentMonths = given.employmentMonths;
    if (given.region !== undefined) profile.region = given.region;
    borrower.profile = profile;
    return borrower;
  }

  /**
   * A person settles a referral: approve within what the policy allowed (never above its limit nor the
   * affordable limit) or decline, with a note. The policy outcome itself stays as evaluated.
   */
  async resolveReferral(em: EntityManager, viewer: Viewer, input: ResolveReferralInput): Promise<Decision> {
    const note = input.note.trim();
    if (!note)
      throw new DomainError('BAD_USER_INPUT', 'input.note must explain the resolution', {
        field: 'input.note',
      });
    return em.transactional(async (tx) => {
      const decision = await tx.findOne(Decision, { id: input.decisionId }, { populate: DECISION_POPULATE });
      if (!decision) throw notFound('Decision', input.decisionId);
      if (decision.referralStatus !== ReferralStatus.PENDING) {
        throw new DomainError('CONFLICT', `Decision ${decision.id} is not a pending referral`, {
          referralStatus: decision.referralStatus ?? null,
        });
      }
      let limitMinor: number | null = null;
      const approve = input.action === ReferralAction.APPROVE;
      const status = approve ? ReferralStatus.APPROVED : ReferralStatus.DECLINED;
      if (approve) {
        limitMinor = this.referralLimit(decision, input.limit);
        decision.creditLine = this.creditLines.applyLimit(
          tx,
          await this.creditLines.activeLines(tx, decision.borrower),
          {
            borrower: decision.borrower,
            product: decision.product,
            limitMinor,
            aprBps: decision.aprBps,
            affordableLimitMinor: decision.affordableLimitMinor,
            reason: 'Referral approved',
            decisionId: decision.id,
            approvedBy: viewer.label,
          },
        );
      }
      decision.referralStatus = status;
      decision.resolvedLimitMinor = limitMinor;
      decision.resolutionNote = note;
      decision.resolvedBy = viewer.label;
      decision.resolvedAt = new Date();
      await this.audit.record(tx, viewer, {
        action: 'referral.resolve',
        entityType: 'Decision',
        entityId: decision.id,
        summary: { before: ReferralStatus.PENDING, after: status, limit: formatMoney(limitMinor), note },
      });
      return decision;
    });
  }

  private referralLimit(decision: Decision, requested: string | undefined): number {
    if (requested === undefined) {
      throw new DomainError('BAD_USER_INPUT', 'input.limit is required to approve a referral', {
        field: 'input.limit',
      });
    }
    const limitMinor = parseMoney(requested, 'input.limit');
    const ceilings = [decision.approvedLimitMinor, decision.affordableLimitMinor].filter(
      (ceiling): ceiling is number => ceiling !== null,
    );
    if (decision.approvedLimitMinor === null) {
      throw new DomainError(
        'CONFLICT',
        'The policy computed no limit for this referral, so it cannot be approved',
        {
          field: 'input.limit',
        },
      );
    }
    const ceiling = Math.min(...ceilings);
    if (limitMinor <= 0 || limitMinor > ceiling) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `input.limit must be above zero and at most ${formatMoney(ceiling)}, what the policy and repayment capacity allow`,
        { field: 'input.limit', maximum: formatMoney(ceiling) },
      );
    }
    return limitMinor;
  }

  async get(em: EntityManager, id: string): Promise<Decision> {
    const decision = await em.findOne(Decision, { id }, { populate: DECISION_POPULATE });
    if (!decision) throw notFound('Decision', id);
    return decision;
  }

  async list(em: EntityManager, filter: DecisionFilter | null | undefined, page: PageArgs) {
    const { offset, limit } = pageWindow(page);
    const [nodes, total] = await em.findAndCount(Decision, decisionWhere(filter), {
      populate: DECISION_POPULATE,
      orderBy: { decidedAt: 'desc', id: 'desc' },
      offset,
      limit,
    });
    return toConnection(nodes, total, offset);
  }
}

/** The decisions a filter selects: the decisions list and replays select alike. */
export function decisionWhere(filter: DecisionFilter | null | undefined): FilterQuery<Decision> {
  const where: FilterQuery<Decision> = {};
  const criteria = filter ?? {};
  if (criteria.outcome) where.outcome = criteria.outcome;
  if (criteria.referralStatus) where.referralStatus = criteria.referralStatus;
  if (criteria.borrowerId) where.borrower = criteria.borrowerId;
  if (criteria.productKey) where.product = { key: criteria.productKey };
  if (criteria.overflow !== undefined && criteria.overflow !== null) where.overflow = criteria.overflow;
  if (criteria.from || criteria.to) {
    where.decidedAt = {
      ...(criteria.from ? { $gte: criteria.from } : {}),
      ...(criteria.to ? { $lt: criteria.to } : {}),
    };
  }
  return where;
}

export function existingLineFacts(lines: CreditLine[]) {
  const limitMinor = lines.reduce((sum, line) => sum + line.limitMinor, 0);
  const drawnMinor = lines.reduce((sum, line) => sum + line.drawnBalanceMinor, 0);
  return {
    existingLimit: minorToCny(limitMinor),
    drawnBalance: minorToCny(drawnMinor),
    utilization: limitMinor > 0 ? drawnMinor / limitMinor : 0,
  };
}
