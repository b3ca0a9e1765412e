import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type EntityManager, type FilterQuery, raw } from '@mikro-orm/core';
import {
  canonicalJson,
  EXPOSURE_REASON,
  exposureDemand,
  isOverflow,
  type PipelineResult,
  settleExposure,
} from '@spillway/rules';
import type { AuditService } from '../audit/audit.service.js';
import { Borrower } from '../borrowers/borrower.entity.js';
import { decryptPhone, encryptPhone, maskPhone, nationalIdHash } from '../borrowers/pii.js';
import { DomainError, notFound } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { cnyToMinor, formatMoney, minorToCny, parseMoney } from '../core/money.js';
import type { Viewer } from '../core/viewer.js';
import { CreditLine, CreditLineStatus } from '../credit-lines/credit-line.entity.js';
import type { CreditLineService } from '../credit-lines/credit-line.service.js';
import { ormSqlTx, type StatementListener } from '../db/sql-connection.js';
import { eachOf } from '../graphql/bulk.js';
import { type PageArgs, pageWindow, toConnection } from '../graphql/connection.js';
import { PolicyKind } from '../policies/policy-kind.js';
import { versionRef } from '../policies/policy-set.js';
import type { DecisionArms, PublishedPolicies } from '../policies/published-policies.js';
import { validateFact, validateFacts } from '../policies/request-facts.js';
import { DEFAULT_PRODUCT_KEY, Product } from '../products/product.entity.js';
import type { ProductService } from '../products/product.service.js';
import { Application } from './application.entity.js';
import type { DecideInput } from './decide.input.js';
import { Decision, ReferralStatus } from './decision.entity.js';
import {
  type DecisionStore,
  type DecisionTx,
  ExposureCounters,
  type StoredApplication,
  type StoredBorrower,
  type StoredDecision,
  type StoredLine,
} from './decision.store.js';
import type { DecisionFilter } from './decision-filter.input.js';
import { DecisionOutcome } from './decision-outcome.js';
import {
  approvalDemand,
  type DecisionExposure,
  type LinesAround,
  paceApproval,
  unpaced,
} from './decision-pacing.js';
import {
  ReferralAction,
  type ResolveReferralInput,
  type ResolveReferralsInput,
} from './resolve-referral.input.js';

const DECISION_POPULATE = ['borrower', 'application', 'product', 'creditLine'] as const;
/** A decide that lost a race for a new borrower runs again; the second run finds the borrower and waits. */
const MAX_ATTEMPTS = 3;

export class DecisionService {
  constructor(
    private readonly store: DecisionStore,
    private readonly products: ProductService,
    private readonly published: PublishedPolicies,
    private readonly creditLines: CreditLineService,
    private readonly audit: AuditService,
    private readonly secret: string,
  ) {}

  async close() {
    await this.store.sql.close();
  }

  /** Every statement the decide path sends, for metrics and for the test that holds it to its budget. */
  onStatement(listener: StatementListener) {
    return this.store.sql.onStatement(listener);
  }

  /**
   * Decides one application: a read of the borrower and their lines, the policies (pure), and the writes,
   * in one transaction of the decision store. A key the caller used before answers with the stored
   * decision when the request is the same and CONFLICT when it is not; concurrent requests with one key
   * collapse into one decision; a decision that could not be stored is never returned.
   */
  async decide(
    emOf: EntityManager | (() => EntityManager),
    viewer: Viewer,
    input: DecideInput,
  ): Promise<Decision> {
    const em = () => (typeof emOf === 'function' ? emOf() : emOf);
    const started = performance.now();
    const requesterKey = `${viewer.kind}:${viewer.id}`;
    const requestHash = createHash('sha256')
      .update(canonicalJson({ ...input, asOf: input.asOf?.toISOString() }))
      .digest('hex');
    const requestedAmountMinor = parseMoney(
      input.application.requestedAmount,
      'input.application.requestedAmount',
    );
    if (requestedAmountMinor <= 0) {
      throw new DomainError('BAD_USER_INPUT', 'input.application.requestedAmount must be greater than zero', {
        field: 'input.application.requestedAmount',
      });
    }
    validateFact('requestedAmount', minorToCny(requestedAmountMinor), 'input.application.requestedAmount');
    const overrides = validateFacts(input.facts ?? {});
    const product = await this.products.cached(em, input.productKey ?? DEFAULT_PRODUCT_KEY);
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
    const asOf = input.asOf ?? new Date();
    const stored = await this.storeRetrying(async (tx) => {
      const now = new Date();
      const found = await tx.borrowerWithLines(input.borrower.externalRef);
      const borrower = this.borrowerFrom(found?.borrower ?? null, input, now);
      const lines = found?.lines ?? [];
      const active = lines.filter((line) => line.status === CreditLineStatus.ACTIVE);
      const facts = {
        ...borrower.profile,
        // The line for this product is re-decided, not added to: only other lines count as existing.
        ...existingLineFacts(active.filter((line) => line.productId !== product.id)),
        requestedAmount: minorToCny(requestedAmountMinor),
        termMonths: input.application.termMonths,
        ...(input.application.purpose ? { purpose: input.application.purpose } : {}),
        ...(input.application.channel ? { channel: input.application.channel } : {}),
        ...overrides,
      };
      const { result, challenger, revisions } = await this.published.evaluateForDecision(
        arms,
        facts,
        asOf.toISOString(),
      );
      // A borrower created by a concurrent decide: read again, now with their row locked.
      if (!found) {
        if (!(await tx.insertBorrower(borrower))) throw new BorrowerCreatedMeanwhile();
      } else if (borrowerChanged(found.borrower, borrower)) await tx.updateBorrower(borrower);
      const application: StoredApplication = {
        id: newId(),
        createdAt: now,
        idempotencyKey: input.idempotencyKey,
        requesterKey,
        requestHash,
        requestedBy: viewer.label,
        borrowerId: borrower.id,
        productId: product.id,
        requestedAmountMinor,
        termMonths: input.application.termMonths,
        purpose: input.application.purpose ?? null,
        channel: input.application.channel ?? null,
      };
      // Rolled back with the borrower's changes: the earlier request's decision is the answer.
      if (!(await tx.insertApplication(application))) throw new KeyAlreadyUsed();
      const decisionId = newId();
      const affordableLimitMinor =
        result.affordableLimit === null ? null : cnyToMinor(result.affordableLimit);
      const paced = await this.pace(tx, arms, product.id, result, lines, now);
      const { outcome, approvedLimitMinor } = paced;
      let line: StoredLine | null = null;
      if (outcome === DecisionOutcome.APPROVE && approvedLimitMinor !== null) {
        line = await this.grantLine(tx, lines, {
          borrowerId: borrower.id,
          productId: product.id,
          limitMinor: approvedLimitMinor,
          aprBps: paced.aprBps,
          affordableLimitMinor,
          decisionId,
          now,
        });
      }
      await tx.exposure.add(product.id, paced.deltas, now);
      const decision: StoredDecision = {
        id: decisionId,
        createdAt: now,
        applicationId: application.id,
        borrowerId: borrower.id,
        productId: product.id,
        creditLineId: line?.id ?? null,
        outcome,
        approvedLimitMinor,
        aprBps: paced.aprBps,
        termMonths: paced.termMonths,
        riskTier: paced.riskTier,
        reasons: paced.reasons,
        affordableLimitMinor,
        overflow: paced.overflow,
        revisions: paced.exposure ? [...revisions, paced.exposure.revision] : revisions,
        facts: result.facts,
        trace: result.trace,
        challenger,
        exposure: paced.exposure,
        asOf,
        decidedAt: now,
        latencyMs: Math.round(performance.now() - started),
        referralStatus: outcome === DecisionOutcome.REFER ? ReferralStatus.PENDING : null,
      };
      await tx.insertDecision(decision);
      return { decision, application };
    }).catch(async (error) => {
      if (!(error instanceof KeyAlreadyUsed)) throw error;
      return null;
    });
    if (!stored) {
      // The caller used this key before (or a concurrent request with it committed first).
      const earlier = await this.findByIdempotencyKey(
        em().fork(),
        requesterKey,
        input.idempotencyKey,
        requestHash,
      );
      if (earlier) return earlier;
      throw new Error(`idempotency key ${input.idempotencyKey} was taken but its decision is not readable`);
    }
    return decisionOf(stored.decision, stored.application);
  }

  /**
   * Holds an approval to the product's exposure budgets (EXPOSURE policy): what the budgets' counters hold
   * now (locked until commit), what fits of the limit increase, and what to add to them. A budget exceeded
   * refers, declines, or shrinks the new limit to what is left; the decision records the counters it saw,
   * what it took and what was left, so it can be explained and replayed.
   */
  private async pace(
    tx: DecisionTx,
    arms: DecisionArms,
    productId: string,
    result: PipelineResult,
    lines: StoredLine[],
    now: Date,
  ) {
    const unchanged = { ...unpaced(result), deltas: new Map<string, number>(), exposure: null };
    const budgets = arms.applied.get(PolicyKind.EXPOSURE);
    if (!budgets?.compiled.exposure) return unchanged;
    const around = linesAround(lines, productId);
    const demand = approvalDemand(budgets.compiled.exposure, result, around, now);
    if (!demand) return unchanged;
    const usage = await tx.exposure.lock(productId, demand.keys);
    const stepFen = cnyToMinor(arms.applied.get(PolicyKind.LIMIT)?.compiled.limit?.step ?? 1);
    const { paced, settlement } = paceApproval(result, demand, usage, around, stepFen);
    const exposure: DecisionExposure = {
      revision: { kind: PolicyKind.EXPOSURE, policyId: budgets.policyId, ...versionRef(budgets) },
      at: now.toISOString(),
      usage: Object.fromEntries(demand.keys.map((key) => [key, usage.get(key) ?? 0])),
      verdict: settlement.verdict,
      uses: settlement.uses,
      ...around,
    };
    const goesAhead = settlement.verdict.outcome === 'FIT' || settlement.verdict.outcome === 'SHRINK';
    return { ...paced, deltas: goesAhead ? settlement.deltas : unchanged.deltas, exposure };
  }

  private async storeRetrying<T>(work: (tx: DecisionTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.transaction(work);
      } catch (error) {
        if (!(error instanceof BorrowerCreatedMeanwhile) || attempt === MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The line this approval grants: this product's line gets the new limit, or a new line opens. Every active
   * line of the borrower is then flagged as overflow or not (credit-line.service.ts, refreshOverflow).
   */
  private async grantLine(
    tx: DecisionTx,
    lines: StoredLine[],
    grant: {
      borrowerId: string;
      productId: string;
      limitMinor: number;
      aprBps: number | null;
      affordableLimitMinor: number | null;
      decisionId: string;
      now: Date;
    },
  ): Promise<StoredLine> {
    const existing = lines.find((line) => line.productId === grant.productId);
    if (existing && existing.status !== CreditLineStatus.ACTIVE) {
      throw new DomainError('CONFLICT', `The borrower's line for this product is ${existing.status}`, {
        reason: 'LINE_NOT_ACTIVE',
        creditLineId: existing.id,
      });
    }
    const line: StoredLine = existing
      ? {
          ...existing,
          limitMinor: grant.limitMinor,
          aprBps: grant.aprBps ?? existing.aprBps,
          affordableLimitMinor: grant.affordableLimitMinor,
          updatedAt: grant.now,
        }
      : {
          id: newId(),
          borrowerId: grant.borrowerId,
          productId: grant.productId,
          limitMinor: grant.limitMinor,
          drawnBalanceMinor: 0,
          affordableLimitMinor: grant.affordableLimitMinor,
          overflow: false,
          aprBps: grant.aprBps ?? 0,
          status: CreditLineStatus.ACTIVE,
          createdAt: grant.now,
          updatedAt: grant.now,
        };
    const others = lines.filter((other) => other.id !== line.id && other.status === CreditLineStatus.ACTIVE);
    const totalMinor = others.reduce((sum, other) => sum + other.limitMinor, line.limitMinor);
    line.overflow = isOverflow(totalMinor, line.affordableLimitMinor);
    if (existing) await tx.updateLine(line);
    else await tx.insertLine(line);
    for (const other of others) {
      const overflow = isOverflow(totalMinor, other.affordableLimitMinor);
      if (overflow !== other.overflow) await tx.updateOverflow({ ...other, overflow, updatedAt: grant.now });
    }
    await tx.insertLimitChange({
      id: newId(),
      createdAt: grant.now,
      creditLineId: line.id,
      fromMinor: existing ? existing.limitMinor : null,
      toMinor: grant.limitMinor,
      reason: 'Approved by policy',
      decisionId: grant.decisionId,
    });
    return line;
  }

  private async findByIdempotencyKey(
    em: EntityManager,
    requesterKey: string,
    key: string,
    requestHash: string,
  ) {
    const application = await em.findOne(Application, { requesterKey, idempotencyKey: key });
    if (!application) return null;
    if (application.requestHash !== requestHash) {
      throw new DomainError('CONFLICT', `idempotencyKey "${key}" was already used for a different request`, {
        field: 'input.idempotencyKey',
      });
    }
    return em.findOneOrFail(Decision, { application }, { populate: DECISION_POPULATE });
  }

  /** The borrower as this request leaves them: profile fields given update the stored ones. */
  private borrowerFrom(stored: StoredBorrower | null, input: DecideInput, now: Date): StoredBorrower {
    const given = input.borrower;
    const borrower: StoredBorrower = stored
      ? { ...stored, profile: { ...stored.profile } }
      : {
          id: newId(),
          externalRef: given.externalRef,
          name: given.name ?? given.externalRef,
          nationalIdHash: null,
          phoneMasked: null,
          phoneEncrypted: null,
          profile: {},
          createdAt: now,
          updatedAt: now,
        };
    if (given.name) borrower.name = given.name;
    if (given.nationalId) borrower.nationalIdHash = nationalIdHash(this.secret, given.nationalId);
    if (
      given.phone &&
      !(borrower.phoneEncrypted && decryptPhone(this.secret, borrower.phoneEncrypted) === given.phone)
    ) {
      borrower.phoneMasked = maskPhone(given.phone);
      borrower.phoneEncrypted = encryptPhone(this.secret, given.phone);
    }
    const profile = borrower.profile;
    const field = (name: string) => `input.borrower.${name}`;
    if (given.monthlyIncome !== undefined) {
      profile.monthlyIncome = validateFact(
        'monthlyIncome',
        minorToCny(parseMoney(given.monthlyIncome, field('monthlyIncome'))),
        field('monthlyIncome'),
      );
    }
    if (given.monthlyDebtService !== undefined) {
      profile.monthlyDebtService = validateFact(
        'monthlyDebtService',
        minorToCny(parseMoney(given.monthlyDebtService, field('monthlyDebtService'))),
        field('monthlyDebtService'),
      );
    }
    if (given.age !== undefined) profile.age = validateFact('age', given.age, field('age'));
    if (given.employmentMonths !== undefined) {
      profile.employmentMonths = validateFact(
        'employmentMonths',
        given.employmentMonths,
        field('employmentMonths'),
      );
    }
    if (given.region !== undefined) profile.region = validateFact('region', given.region, field('region'));
    if (stored && borrowerChanged(stored, borrower)) borrower.updatedAt = now;
    return borrower;
  }

  /**
   * A person settles a referral: approve within what the policy allowed (never above its limit nor the
   * affordable limit) or decline, with a note. The policy outcome itself stays as evaluated.
   */
  async resolveReferral(em: EntityManager, viewer: Viewer, input: ResolveReferralInput): Promise<Decision> {
    return this.resolve(em, viewer, input.decisionId, input.action, input.note, (decision) =>
      this.referralLimit(decision, input.limit),
    );
  }

  /**
   * Resolves each referral named, each in its own transaction and audited alone; approving grants each the
   * most its policy and the borrower's repayment capacity allow, as the single approval offers.
   */
  resolveReferrals(em: EntityManager, viewer: Viewer, input: ResolveReferralsInput) {
    return eachOf(input.decisionIds, (id) =>
      this.resolve(em, viewer, id, input.action, input.note, approvalCeiling),
    );
  }

  private async resolve(
    em: EntityManager,
    viewer: Viewer,
    decisionId: string,
    action: ReferralAction,
    rawNote: string,
    limitOf: (decision: Decision) => number,
  ): Promise<Decision> {
    const note = rawNote.trim();
    if (!note)
      throw new DomainError('BAD_USER_INPUT', 'input.note must explain the resolution', {
        field: 'input.note',
      });
    return em.transactional(async (tx) => {
      const decision = await tx.findOne(Decision, { id: decisionId }, { populate: DECISION_POPULATE });
      if (!decision) throw notFound('Decision', decisionId);
      if (decision.referralStatus !== ReferralStatus.PENDING) {
        throw new DomainError('CONFLICT', `Decision ${decision.id} is not a pending referral`, {
          referralStatus: decision.referralStatus ?? null,
        });
      }
      let limitMinor: number | null = null;
      const approve = action === ReferralAction.APPROVE;
      const status = approve ? ReferralStatus.APPROVED : ReferralStatus.DECLINED;
      if (approve) {
        limitMinor = limitOf(decision);
        const lines = await this.creditLines.activeLines(tx, decision.borrower);
        const previousMinor = lines.find((line) => line.product.id === decision.product.id)?.limitMinor ?? 0;
        await this.holdApprovalToBudgets(tx, decision, limitMinor - previousMinor, previousMinor);
        decision.creditLine = this.creditLines.applyLimit(tx, lines, {
          borrower: decision.borrower,
          product: decision.product,
          limitMinor,
          aprBps: decision.aprBps,
          affordableLimitMinor: decision.affordableLimitMinor,
          reason: 'Referral approved',
          decisionId: decision.id,
          approvedBy: viewer.label,
        });
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

  /**
   * A person's approval takes exposure budget like a policy's: with no room, it is a CONFLICT that says
   * how much still fits (for a budget that would shrink) so the person can approve that instead.
   */
  private async holdApprovalToBudgets(
    tx: EntityManager,
    decision: Decision,
    increaseMinor: number,
    previousMinor: number,
  ) {
    const budgets = (await this.published.current(decision.product.id)).get(PolicyKind.EXPOSURE);
    if (!budgets?.compiled.exposure) return;
    const now = new Date();
    const demand = exposureDemand(budgets.compiled.exposure, {
      at: now,
      facts: {
        ...decision.facts,
        riskTier: decision.riskTier,
        aprBps: decision.aprBps,
        approvedLimit: minorToCny(previousMinor + increaseMinor),
      },
      increaseFen: Math.max(0, increaseMinor),
    });
    const { tx: sqlTx, sql } = ormSqlTx(tx);
    const counters = new ExposureCounters(sqlTx, sql);
    const settlement = settleExposure(demand, await counters.lock(decision.product.id, demand.keys), {
      stepFen: 1,
    });
    const { verdict } = settlement;
    if (verdict.outcome !== 'FIT') {
      const fits = verdict.outcome === 'SHRINK' ? formatMoney(previousMinor + verdict.increaseFen) : null;
      throw new DomainError(
        'CONFLICT',
        `The ${verdict.budget} exposure budget has no room for this limit${fits ? `: at most ${fits} fits` : ''}`,
        { reason: EXPOSURE_REASON, budget: verdict.budget, ...(fits ? { maximum: fits } : {}) },
      );
    }
    await counters.add(decision.product.id, settlement.deltas, now);
  }

  private referralLimit(decision: Decision, requested: string | undefined): number {
    if (requested === undefined) {
      throw new DomainError('BAD_USER_INPUT', 'input.limit is required to approve a referral', {
        field: 'input.limit',
      });
    }
    const limitMinor = parseMoney(requested, 'input.limit');
    const ceiling = approvalCeiling(decision);
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

/** The most a person may grant a referral: the policy's limit, never above what the borrower can repay. */
function approvalCeiling(decision: Decision): number {
  if (decision.approvedLimitMinor === null) {
    throw new DomainError(
      'CONFLICT',
      'The policy computed no limit for this referral, so it cannot be approved',
      {
        field: 'input.limit',
        reason: 'NO_POLICY_LIMIT',
      },
    );
  }
  return decision.affordableLimitMinor === null
    ? decision.approvedLimitMinor
    : Math.min(decision.approvedLimitMinor, decision.affordableLimitMinor);
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
  if (criteria.reason) {
    // Reasons are a JSON list on the row; the code is checked as [A-Z0-9_], so only its _ needs escaping.
    // PostgreSQL prints a space after a key's colon where SQLite keeps none.
    const code = criteria.reason.replaceAll('_', '\\_');
    const spellings = [`%"code":"${code}"%`, `%"code": "${code}"%`];
    const gives = raw(
      (alias: string) =>
        `(cast(${alias}.reasons as text) like ? escape '\\' or cast(${alias}.reasons as text) like ? escape '\\')`,
      spellings,
    );
    Object.assign(where, { [gives]: [] });
  }
  if (criteria.from || criteria.to) {
    where.decidedAt = {
      ...(criteria.from ? { $gte: criteria.from } : {}),
      ...(criteria.to ? { $lt: criteria.to } : {}),
    };
  }
  return where;
}

/** What the borrower's other lines with this lender say, as catalog facts. */
export function existingLineFacts(lines: { limitMinor: number; drawnBalanceMinor: number }[]) {
  const limitMinor = lines.reduce((sum, line) => sum + line.limitMinor, 0);
  const drawnMinor = lines.reduce((sum, line) => sum + line.drawnBalanceMinor, 0);
  return {
    existingLimit: minorToCny(limitMinor),
    drawnBalance: minorToCny(drawnMinor),
    utilization: limitMinor > 0 ? drawnMinor / limitMinor : 0,
  };
}

/** The limit of this product's active line and the limits of the borrower's other active lines. */
function linesAround(lines: StoredLine[], productId: string): LinesAround {
  const active = lines.filter((line) => line.status === CreditLineStatus.ACTIVE);
  const own = active.find((line) => line.productId === productId);
  return {
    previousMinor: own?.limitMinor ?? 0,
    otherLinesMinor: active
      .filter((line) => line.productId !== productId)
      .reduce((sum, line) => sum + line.limitMinor, 0),
  };
}

/** The caller already used the idempotency key: the transaction rolls back and the stored decision answers. */
class KeyAlreadyUsed extends Error {}

/** Two decides for one new borrower raced (PostgreSQL): the loser runs again and finds the borrower. */
class BorrowerCreatedMeanwhile extends Error {}

function borrowerChanged(before: StoredBorrower, after: StoredBorrower): boolean {
  return (
    before.name !== after.name ||
    before.nationalIdHash !== after.nationalIdHash ||
    before.phoneEncrypted !== after.phoneEncrypted ||
    canonicalJson(before.profile) !== canonicalJson(after.profile)
  );
}

/**
 * The stored decision as the schema's Decision, without a round trip: its relations are bare ids that the
 * resolvers load only if the caller asks for them (graphql/loaded.ts).
 */
function decisionOf(stored: StoredDecision, application: StoredApplication): Decision {
  const bare = <T>(id: string) => ({ id }) as T;
  return Object.assign(new Decision(), {
    id: stored.id,
    createdAt: stored.createdAt,
    application: bare<Application>(application.id),
    borrower: bare<Borrower>(stored.borrowerId),
    product: bare<Product>(stored.productId),
    creditLine: stored.creditLineId ? bare<CreditLine>(stored.creditLineId) : null,
    outcome: stored.outcome as DecisionOutcome,
    approvedLimitMinor: stored.approvedLimitMinor,
    aprBps: stored.aprBps,
    termMonths: stored.termMonths,
    riskTier: stored.riskTier,
    reasons: stored.reasons as Decision['reasons'],
    affordableLimitMinor: stored.affordableLimitMinor,
    overflow: stored.overflow,
    revisions: stored.revisions as Decision['revisions'],
    facts: stored.facts as Decision['facts'],
    trace: stored.trace,
    challenger: stored.challenger,
    exposure: stored.exposure,
    asOf: stored.asOf,
    decidedAt: stored.decidedAt,
    latencyMs: stored.latencyMs,
    referralStatus: stored.referralStatus as ReferralStatus | null,
  });
}
