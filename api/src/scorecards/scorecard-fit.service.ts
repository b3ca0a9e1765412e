import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import {
  type CandidateCharacteristic,
  catalogInputType,
  checkFitOptions,
  DEFAULT_FIT,
  jsonPath,
  PolicyError,
  type PolicyProblem,
  validatePolicy,
} from '@spillway/rules';
import type { AuditService } from '../audit/audit.service.js';
import { CaseSetStatus } from '../case-sets/case-set.entity.js';
import type { CaseSetService } from '../case-sets/case-set.service.js';
import { DomainError, notFound } from '../core/errors.js';
import type { Viewer } from '../core/viewer.js';
import { Sql } from '../db/sql.js';
import { type PageArgs, pageWindow, toConnection } from '../graphql/connection.js';
import { type JobRunner, queueChunks } from '../jobs/job-runner.js';
import { JobStatus } from '../jobs/job-status.js';
import { Policy } from '../policies/policy.entity.js';
import { PolicyKind } from '../policies/policy-kind.js';
import { findPolicy } from '../policies/policy-lookup.js';
import { personOf } from '../policies/policy-version.service.js';
import type { Product } from '../products/product.entity.js';
import { type FitCandidate, OBSERVED_DEFAULT, ScorecardFit } from './scorecard-fit.entity.js';
import { draftSource, inputPath, SCORECARD_FIT_JOB } from './scorecard-fit.job.js';

export interface StartScorecardFitRequest {
  caseSetId: string;
  policyId?: string | null;
  name: string;
  outcome?: string | null;
  characteristics: FitCandidate[];
  testShare?: number | null;
  seed?: number | null;
}

/**
 * Scorecard fits: checks everything a fit can be refused for before a case is read (the case set, the
 * target policy, the card's name in it, the outcome, every candidate with its path), then queues the job
 * (scorecard-fit.job.ts) and returns at once.
 */
export class ScorecardFitService {
  constructor(
    private readonly caseSets: CaseSetService,
    private readonly audit: AuditService,
    private readonly runner: JobRunner,
  ) {}

  async start(em: EntityManager, viewer: Viewer, request: StartScorecardFitRequest): Promise<ScorecardFit> {
    const authorId = personOf(viewer);
    const caseSet = await this.caseSets.get(em, request.caseSetId);
    if (caseSet.status === CaseSetStatus.IMPORTING) {
      throw new DomainError('BAD_USER_INPUT', `Case set ${caseSet.id} is still being imported`, {
        field: 'input.caseSetId',
        reason: 'CASE_SET_IMPORTING',
      });
    }
    const policy = await this.targetPolicy(em, caseSet.product, request.policyId);
    await this.checkName(em, policy, request.name);
    const outcome = request.outcome ?? OBSERVED_DEFAULT;
    checkOutcome(outcome);
    const characteristics = request.characteristics.map(withoutAbsent);
    const testShare = request.testShare ?? DEFAULT_FIT.testShare;
    const seed = request.seed ?? DEFAULT_FIT.seed;
    try {
      checkFitOptions({
        name: request.name,
        characteristics: characteristics as CandidateCharacteristic[],
        testShare,
        seed,
      });
    } catch (error) {
      if (error instanceof PolicyError) throw fitInputError(error);
      throw error;
    }
    const [counts] = await Sql.of(em).all<{ cases: unknown; known: unknown }>(
      'select count(*) as cases, count(observed_default) as known from historical_case where case_set_id = ?',
      [caseSet.id],
    );
    const cases = Number(counts.cases);
    if (cases === 0 || (outcome === OBSERVED_DEFAULT && Number(counts.known) === 0)) {
      throw new DomainError(
        'BAD_USER_INPUT',
        cases === 0
          ? `Case set ${caseSet.id} has no cases to fit`
          : `No case of case set ${caseSet.id} has a known outcome to fit`,
        { field: 'input.caseSetId', reason: 'EMPTY_CASE_SET' },
      );
    }
    const created = await em.transactional(async (tx) => {
      const fit = tx.create(ScorecardFit, {
        status: JobStatus.QUEUED,
        product: caseSet.product,
        caseSet,
        policy,
        name: request.name,
        outcome,
        characteristics,
        testShare,
        seed,
        casesTotal: cases,
        chunkCount: 0,
        createdBy: viewer.label,
        authorId,
      });
      await tx.flush();
      // A runner plans the chunks and reads the cases: nothing of it is work for the thread answering requests.
      await queueChunks(tx, SCORECARD_FIT_JOB, fit.id, 'plan');
      await this.audit.record(tx, viewer, {
        action: 'scorecardFit.start',
        entityType: 'ScorecardFit',
        entityId: fit.id,
        summary: {
          caseSetId: caseSet.id,
          policyId: policy.id,
          name: request.name,
          outcome,
          characteristics: characteristics.map((candidate) => candidate.name),
          testShare,
          seed,
        },
      });
      return fit;
    });
    this.runner.kick();
    return this.get(em, created.id);
  }

  async get(em: EntityManager, id: string): Promise<ScorecardFit> {
    const fit = await em.findOne(ScorecardFit, { id }, { populate: ['product', 'caseSet', 'policy'] });
    if (!fit) throw notFound('Scorecard fit', id);
    return fit;
  }

  async list(
    em: EntityManager,
    filter: { status?: JobStatus | null; caseSetId?: string | null },
    page: PageArgs,
  ) {
    const where: FilterQuery<ScorecardFit> = {};
    if (filter.status) where.status = filter.status;
    if (filter.caseSetId) where.caseSet = filter.caseSetId;
    const { offset, limit } = pageWindow(page);
    const [nodes, total] = await em.findAndCount(ScorecardFit, where, {
      populate: ['product', 'caseSet', 'policy'],
      orderBy: { createdAt: 'desc', id: 'desc' },
      offset,
      limit,
    });
    return toConnection(nodes, total, offset);
  }

  /** The named policy of the case set's product, or that product's MONITORING policy. */
  private async targetPolicy(em: EntityManager, product: Product, policyId?: string | null): Promise<Policy> {
    if (!policyId) {
      const monitoring = await em.findOne(Policy, { product, kind: PolicyKind.MONITORING });
      if (!monitoring) {
        throw new DomainError('BAD_USER_INPUT', `Product ${product.key} has no MONITORING policy: name one`, {
          field: 'input.policyId',
        });
      }
      return monitoring;
    }
    const policy = await findPolicy(em, policyId).catch((error) => {
      throw error instanceof DomainError
        ? new DomainError(error.code, error.message, { field: 'input.policyId' })
        : error;
    });
    if (policy.product.id !== product.id) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `Policy ${policyId} is not a policy of product ${product.key}`,
        {
          field: 'input.policyId',
        },
      );
    }
    return policy;
  }

  /**
   * The card's name as the policy's validator judges it (an identifier, no fact of the catalog, a parameter
   * or a derived fact of the document takes its facts' names): the document with a one-bin card of that
   * name, its problems at the card's own path.
   */
  private async checkName(em: EntityManager, policy: Policy, name: string) {
    const source = await draftSource(em, policy.id);
    if (!source) {
      throw new DomainError('CONFLICT', `The ${policy.kind} policy has no version to draft from`, {
        field: 'input.policyId',
      });
    }
    const probe = {
      name,
      scaling: { ...DEFAULT_FIT.scaling },
      characteristics: [{ name: 'probe', expression: '0', reasonCode: 'PROBE', bins: [{ points: 0 }] }],
    };
    const scorecards = { ...((source.document.scorecards ?? {}) as object), [name]: probe };
    const at = jsonPath('$.scorecards', name);
    const problems = validatePolicy({ ...source.document, scorecards }).errors.filter(
      (problem) => problem.path === at,
    );
    if (problems.length > 0) {
      throw new DomainError('BAD_USER_INPUT', problems[0].message, {
        field: 'input.name',
        reason: problems[0].code,
      });
    }
  }
}

/** What counts as bad: the case's observed default, or a boolean (or 0/1 integer) fact the cases carry. */
function checkOutcome(outcome: string) {
  if (outcome === OBSERVED_DEFAULT) return;
  const type = catalogInputType(outcome);
  if (type === undefined) {
    throw new DomainError('BAD_USER_INPUT', `input.outcome: ${outcome} is not a fact of the catalog`, {
      field: 'input.outcome',
      reason: 'UNKNOWN_FACT',
    });
  }
  if (type !== 'boolean' && type !== 'integer') {
    throw new DomainError(
      'BAD_USER_INPUT',
      `input.outcome: ${outcome} is a ${type} fact; an outcome is binary (a boolean, or an integer of 0 or 1)`,
      { field: 'input.outcome', reason: 'OUTCOME_NOT_BINARY' },
    );
  }
}

/** GraphQL gives an omitted optional field as null or undefined; the fit reads an absent one. */
function withoutAbsent(candidate: FitCandidate): FitCandidate {
  return Object.fromEntries(
    Object.entries(candidate).filter(([, value]) => value !== null && value !== undefined),
  ) as unknown as FitCandidate;
}

/** The rules' refusal of the options, at the input's paths: the first problem's, and every one of them. */
function fitInputError(error: PolicyError): DomainError {
  const problems = (error.problems ?? []).map((problem: PolicyProblem) => ({
    ...problem,
    path: inputPath(problem.path),
  }));
  return new DomainError('BAD_USER_INPUT', problems[0]?.message ?? error.message, {
    field: problems[0]?.path ?? inputPath(error.path ?? '$'),
    reason: problems[0]?.code ?? error.code,
    problems,
  });
}
