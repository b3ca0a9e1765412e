import type { EntityManager } from '@mikro-orm/core';
import {
  type CompiledExposure,
  type CompiledPolicy,
  compilePolicy,
  evaluatePipeline,
  evaluatePolicy,
  exposureDemand,
  type PipelineResult,
  settleExposure,
  validatePolicy,
} from '@spillway/rules';
import { Borrower } from '../borrowers/borrower.entity.js';
import { Case } from '../case-sets/case.entity.js';
import { DomainError, notFound } from '../core/errors.js';
import { cnyToMinor, minorToCny, parseMoney } from '../core/money.js';
import type { CreditLineService } from '../credit-lines/credit-line.service.js';
import { Decision } from '../decisions/decision.entity.js';
import { existingLineFacts } from '../decisions/decision.service.js';
import { ExposureCounter } from '../exposure/exposure-counter.entity.js';
import { PolicyKind } from '../policies/policy-kind.js';
import { findVersion } from '../policies/policy-lookup.js';
import type { PublishedPolicies } from '../policies/published-policies.js';
import type { Product } from '../products/product.entity.js';
import { DEFAULT_PRODUCT_KEY } from '../products/product.entity.js';
import type { ProductService } from '../products/product.service.js';
import type { TryApplicationInput, TryPolicyInput } from './try-policy.input.js';
import type { TryPolicyResult } from './try-policy.type.js';

interface TriedPolicy {
  kind: PolicyKind;
  document: Record<string, unknown>;
  product: Product;
}

interface TriedCase {
  facts: Record<string, unknown>;
  asOf?: Date;
}

/**
 * Runs a policy, saved or not, on one case, and stores nothing: risk managers try edits before anyone
 * reviews them. Reads only, so it needs no transaction.
 */
export class TryPolicyService {
  constructor(
    private readonly products: ProductService,
    private readonly published: PublishedPolicies,
    private readonly creditLines: CreditLineService,
  ) {}

  async try(em: EntityManager, input: TryPolicyInput): Promise<TryPolicyResult> {
    const tried = await this.policySource(em, input);
    const validation = validatePolicy(tried.document);
    if (!validation.valid) {
      throw new DomainError('POLICY_INVALID', `The policy has ${validation.errors.length} problem(s)`, {
        field: input.document ? 'input.document' : 'input.versionId',
        problems: validation.errors,
      });
    }
    const compiled = compilePolicy(tried.document);
    const triedCase = await this.caseSource(em, input, tried.product);
    const asOf = (input.asOf ?? triedCase.asOf ?? new Date()).toISOString();
    const problems = validation.warnings;
    if (tried.kind === PolicyKind.MONITORING) {
      const { trace, ...result } = await evaluatePolicy(compiled, { facts: triedCase.facts, asOf });
      return { result, trace, problems };
    }
    const policies = await this.pipelineWith(tried, compiled);
    const { trace, ...result } = await evaluatePipeline({ policies, facts: triedCase.facts, asOf });
    if (tried.kind === PolicyKind.EXPOSURE && compiled.exposure) {
      const stepFen = cnyToMinor(policies.LIMIT?.limit?.step ?? 1);
      const exposure = await this.budgetsNow(em, tried.product, compiled.exposure, result, stepFen);
      return { result: { ...result, exposure }, trace, problems };
    }
    return { result, trace, problems };
  }

  /**
   * What the tried budgets would do to the decision now, against the counters as they stand (read, never
   * locked or written): which budgets it would draw on, and whether it fits, shrinks or is stopped.
   */
  private async budgetsNow(
    em: EntityManager,
    product: Product,
    exposure: CompiledExposure,
    result: Omit<PipelineResult, 'trace'>,
    stepFen: number,
  ) {
    if (result.outcome !== 'APPROVE' || result.approvedLimit === null) return null;
    const demand = exposureDemand(exposure, {
      at: new Date(),
      facts: {
        ...result.facts,
        riskTier: result.riskTier,
        aprBps: result.aprBps,
        approvedLimit: result.approvedLimit,
      },
      increaseFen: cnyToMinor(result.approvedLimit),
    });
    const counters = await em.find(ExposureCounter, {
      product: product.id,
      counterKey: { $in: demand.keys },
    });
    const usage = new Map(counters.map((counter) => [counter.counterKey, counter.used]));
    const { verdict, uses } = settleExposure(demand, usage, { stepFen });
    return { verdict, uses, usage: Object.fromEntries(usage) };
  }

  private async policySource(em: EntityManager, input: TryPolicyInput): Promise<TriedPolicy> {
    exactlyOne('a policy source', { 'input.document': input.document, 'input.versionId': input.versionId });
    if (input.versionId) {
      const version = await findVersion(em, input.versionId);
      await em.populate(version, ['policy.product']);
      return { kind: version.policy.kind, document: version.document, product: version.policy.product };
    }
    const document = input.document as Record<string, unknown>;
    const kind = Object.values(PolicyKind).find((candidate) => candidate === document.kind);
    // An unknown kind is the validator's to report, with every other problem of the document.
    return {
      kind: kind ?? PolicyKind.ADMISSION,
      document,
      product: await this.products.get(em, input.productKey ?? DEFAULT_PRODUCT_KEY),
    };
  }

  /** The tried policy takes its stage; the product's published policies fill the others. */
  private async pipelineWith(tried: TriedPolicy, compiled: CompiledPolicy) {
    const published = await this.published.current(tried.product.id);
    const stage = (kind: PolicyKind) => (kind === tried.kind ? compiled : published.get(kind)?.compiled);
    const admission = stage(PolicyKind.ADMISSION);
    if (!admission) {
      throw new DomainError('CONFLICT', `Product ${tried.product.key} has no published ADMISSION policy`, {
        productKey: tried.product.key,
      });
    }
    return { ADMISSION: admission, LIMIT: stage(PolicyKind.LIMIT), PRICING: stage(PolicyKind.PRICING) };
  }

  private async caseSource(em: EntityManager, input: TryPolicyInput, product: Product): Promise<TriedCase> {
    // With a borrower, facts and application complete the stored profile rather than replace it.
    const inline = !input.borrowerId;
    exactlyOne('a case source', {
      'input.facts': inline ? input.facts : undefined,
      'input.application': inline && !input.facts ? input.application : undefined,
      'input.decisionId': input.decisionId,
      'input.caseId': input.caseId,
      'input.borrowerId': input.borrowerId,
    });
    const overrides = input.facts ?? {};
    if (input.decisionId) {
      const decision = await em.findOne(Decision, { id: input.decisionId });
      if (!decision) throw notFound('Decision', input.decisionId);
      return { facts: decision.facts, asOf: decision.asOf };
    }
    if (input.caseId) {
      const found = await em.findOne(Case, { id: input.caseId });
      if (!found) throw notFound('Case', input.caseId);
      return { facts: { ...found.facts, ...found.application } };
    }
    if (input.borrowerId) {
      if (!input.application) {
        throw new DomainError('BAD_USER_INPUT', 'input.application is required with input.borrowerId', {
          field: 'input.application',
        });
      }
      const borrower = await em.findOne(Borrower, { id: input.borrowerId });
      if (!borrower) throw notFound('Borrower', input.borrowerId);
      const lines = await this.creditLines.activeLines(em, borrower);
      return {
        facts: {
          ...borrower.profile,
          // As in decide: the line for this product is re-decided, so only other lines count as existing.
          ...existingLineFacts(lines.filter((line) => line.product.id !== product.id)),
          ...applicationFacts(input.application),
          ...overrides,
        },
      };
    }
    return { facts: { ...overrides, ...(input.application ? applicationFacts(input.application) : {}) } };
  }
}

function applicationFacts(application: TryApplicationInput) {
  return {
    requestedAmount: minorToCny(parseMoney(application.requestedAmount, 'input.application.requestedAmount')),
    termMonths: application.termMonths,
  };
}

/** Names every field given when more than one is, and all candidates when none is. */
function exactlyOne(what: string, candidates: Record<string, unknown>) {
  const given = Object.keys(candidates).filter(
    (field) => candidates[field] !== undefined && candidates[field] !== null,
  );
  if (given.length === 1) return;
  const fields = given.length === 0 ? Object.keys(candidates) : given;
  throw new DomainError(
    'BAD_USER_INPUT',
    given.length === 0
      ? `Give ${what}: one of ${fields.join(', ')}`
      : `Give only one ${what.replace(/^a /, '')}: ${fields.join(' and ')} were given`,
    { field: fields[0], fields },
  );
}
