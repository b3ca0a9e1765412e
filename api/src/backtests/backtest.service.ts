import { type EntityManager, type FilterQuery, raw } from '@mikro-orm/core';
import { validatePolicy } from '@spillway/rules';
import type { AuditService } from '../audit/audit.service.js';
import type { CaseSetService } from '../case-sets/case-set.service.js';
import { DomainError, notFound } from '../core/errors.js';
import type { Viewer } from '../core/viewer.js';
import { Sql } from '../db/sql.js';
import { Decision } from '../decisions/decision.entity.js';
import type { DecisionFilter } from '../decisions/decision-filter.input.js';
import { type PageArgs, pageWindow, toConnection } from '../graphql/connection.js';
import { cancelChunks, type JobRunner, queueChunks } from '../jobs/job-runner.js';
import { JobStatus } from '../jobs/job-status.js';
import { PolicyKind } from '../policies/policy-kind.js';
import { versionSnapshot } from '../policies/policy-loader.js';
import { findVersion } from '../policies/policy-lookup.js';
import type { VersionSnapshot } from '../policies/policy-set.js';
import type { PublishedPolicies } from '../policies/published-policies.js';
import type { Product } from '../products/product.entity.js';
import { DEFAULT_PRODUCT_KEY } from '../products/product.entity.js';
import type { ProductService } from '../products/product.service.js';
import { Backtest, BacktestKind, type SidePolicy } from './backtest.entity.js';
import { BACKTEST_JOB } from './backtest.job.js';
import { BacktestDifference, type ChangeKind } from './backtest-difference.entity.js';
import { DECISION_KINDS } from './case-evaluation.js';
import { replayWhere } from './chunk-plan.js';

export interface StartBacktestRequest {
  caseSetId: string;
  candidateVersionIds: string[];
  baselineVersionIds?: string[] | null;
  asOf?: Date | null;
  applyBudgets?: boolean | null;
}

/** What a backtest's candidate may name: the decision stages, and exposure budgets to apply to them. */
const CANDIDATE_KINDS: readonly PolicyKind[] = [...DECISION_KINDS, PolicyKind.EXPOSURE];

export interface ReplayRequest {
  filter?: DecisionFilter | null;
  candidateVersionIds?: string[] | null;
}

export interface DifferenceFilter {
  changeKinds?: ChangeKind[] | null;
  regressionsOnly?: boolean | null;
  mismatchesOnly?: boolean | null;
}

/**
 * Backtests and replays: validates what a job will run, snapshots its policies and queues it for the job
 * runners, which plan its chunks and run them (backtest.job.ts). Results are read back from what the chunks
 * committed.
 */
export class BacktestService {
  constructor(
    private readonly products: ProductService,
    private readonly published: PublishedPolicies,
    private readonly caseSets: CaseSetService,
    private readonly audit: AuditService,
    private readonly runner: JobRunner,
  ) {}

  async start(em: EntityManager, viewer: Viewer, request: StartBacktestRequest): Promise<Backtest> {
    const caseSet = await this.caseSets.get(em, request.caseSetId);
    const product = caseSet.product;
    if (request.candidateVersionIds.length === 0) {
      throw new DomainError('BAD_USER_INPUT', 'Name at least one candidate version', {
        field: 'input.candidateVersionIds',
      });
    }
    const candidates = await this.sidePolicies(
      em,
      product,
      request.candidateVersionIds,
      'input.candidateVersionIds',
      CANDIDATE_KINDS,
    );
    const baseline = request.baselineVersionIds
      ? await this.sidePolicies(em, product, request.baselineVersionIds, 'input.baselineVersionIds')
      : await this.publishedSide(product);
    if (!baseline.some((policy) => policy.kind === PolicyKind.ADMISSION)) {
      throw new DomainError('BAD_USER_INPUT', 'The baseline has no ADMISSION policy', {
        field: 'input.baselineVersionIds',
      });
    }
    const candidate = [
      ...withReplaced(baseline, candidates),
      ...(await this.budgetsSide(product, candidates, request)),
    ];
    const [anyCase] = await Sql.of(em).all(
      'select 1 as found from historical_case where case_set_id = ? limit 1',
      [caseSet.id],
    );
    if (!anyCase) {
      throw new DomainError('BAD_USER_INPUT', `Case set ${caseSet.id} has no cases to backtest`, {
        field: 'input.caseSetId',
        reason: 'EMPTY_CASE_SET',
      });
    }
    return this.create(em, viewer, {
      kind: BacktestKind.BACKTEST,
      product,
      caseSet,
      baseline,
      candidate,
      asOf: request.asOf ?? new Date(),
      // The planning chunk counts them exactly; until then, what the import counted.
      casesTotal: caseSet.caseCount,
    });
  }

  async replay(em: EntityManager, actor: Viewer | string, request: ReplayRequest): Promise<Backtest> {
    const filter = { ...(request.filter ?? {}) };
    filter.productKey = filter.productKey ?? DEFAULT_PRODUCT_KEY;
    const product = await this.products.get(em, filter.productKey);
    const candidate = request.candidateVersionIds?.length
      ? await this.sidePolicies(em, product, request.candidateVersionIds, 'input.candidateVersionIds')
      : [];
    const createdAt = new Date();
    const casesTotal = await em.count(Decision, replayWhere(filter, createdAt));
    if (casesTotal === 0) {
      throw new DomainError('BAD_USER_INPUT', 'No recorded decision matches the filter', {
        field: 'input.filter',
        reason: 'NO_DECISIONS',
      });
    }
    return this.create(em, actor, {
      kind: BacktestKind.REPLAY,
      product,
      decisionFilter: JSON.parse(JSON.stringify(filter)),
      baseline: [],
      candidate,
      asOf: createdAt,
      createdAt,
      casesTotal,
    });
  }

  /** Stops a queued or running job; its committed chunks stay, the rest never run. */
  async cancel(em: EntityManager, viewer: Viewer, id: string): Promise<Backtest> {
    const job = await this.get(em, id);
    const stopped = await em.transactional(async (tx) => {
      const updated = await tx.nativeUpdate(
        Backtest,
        { id, status: { $in: [JobStatus.QUEUED, JobStatus.RUNNING] } },
        { status: JobStatus.CANCELLED, cancelledBy: viewer.label, finishedAt: new Date() },
      );
      if (updated === 0) return false;
      await cancelChunks(tx, id);
      await this.audit.record(tx, viewer, {
        action: `${job.kind.toLowerCase()}.cancel`,
        entityType: 'Backtest',
        entityId: id,
        summary: { casesDone: job.casesDone, casesTotal: job.casesTotal },
      });
      return true;
    });
    await em.refresh(job);
    if (!stopped) {
      throw new DomainError('CONFLICT', `${job.kind} ${id} has already finished: it is ${job.status}`, {
        field: 'id',
        reason: 'JOB_FINISHED',
        status: job.status,
      });
    }
    return job;
  }

  async get(em: EntityManager, id: string): Promise<Backtest> {
    const job = await em.findOne(Backtest, { id }, { populate: ['product', 'caseSet'] });
    if (!job) throw notFound('Backtest', id);
    return job;
  }

  async list(
    em: EntityManager,
    filter: {
      kind?: BacktestKind | null;
      status?: JobStatus | null;
      caseSetId?: string | null;
      candidateVersionId?: string | null;
    },
    page: PageArgs,
  ) {
    const where: FilterQuery<Backtest> = {};
    if (filter.kind) where.kind = filter.kind;
    if (filter.status) where.status = filter.status;
    if (filter.caseSetId) where.caseSet = filter.caseSetId;
    if (filter.candidateVersionId) {
      // The candidate side is a JSON list of the versions snapshotted at start. The version id is a UUID (the
      // argument is checked as one); PostgreSQL prints a space after a key's colon where SQLite keeps none.
      const spellings = [
        `"versionId":"${filter.candidateVersionId}"`,
        `"versionId": "${filter.candidateVersionId}"`,
      ];
      const mentions = raw(
        (alias: string) =>
          `(cast(${alias}.candidate as text) like ? or cast(${alias}.candidate as text) like ?)`,
        spellings.map((spelling) => `%${spelling}%`),
      );
      Object.assign(where, { [mentions]: [] });
    }
    const { offset, limit } = pageWindow(page);
    const [nodes, total] = await em.findAndCount(Backtest, where, {
      populate: ['product', 'caseSet'],
      orderBy: { createdAt: 'desc', id: 'desc' },
      offset,
      limit,
    });
    return toConnection(nodes, total, offset);
  }

  async differences(em: EntityManager, job: Backtest, filter: DifferenceFilter, page: PageArgs) {
    const where: FilterQuery<BacktestDifference> = { backtest: job.id };
    if (filter.changeKinds?.length) where.changeKind = { $in: filter.changeKinds };
    if (filter.regressionsOnly) where.regression = true;
    if (filter.mismatchesOnly) where.mismatch = true;
    const { offset, limit } = pageWindow(page);
    const [nodes, total] = await em.findAndCount(BacktestDifference, where, {
      orderBy: { position: 'asc' },
      offset,
      limit,
    });
    return toConnection(nodes, total, offset);
  }

  private async create(
    em: EntityManager,
    actor: Viewer | string,
    job: {
      kind: BacktestKind;
      product: Product;
      caseSet?: Backtest['caseSet'];
      decisionFilter?: Record<string, unknown>;
      baseline: SidePolicy[];
      candidate: SidePolicy[];
      asOf: Date;
      createdAt?: Date;
      casesTotal: number;
    },
  ): Promise<Backtest> {
    const created = await em.transactional(async (tx) => {
      const backtest = tx.create(Backtest, {
        ...job,
        status: JobStatus.QUEUED,
        chunkCount: 0,
        createdBy: typeof actor === 'string' ? actor : actor.label,
      });
      await tx.flush();
      // A runner plans the chunks: reading a million case keys is no work for the thread answering requests.
      await queueChunks(tx, BACKTEST_JOB, backtest.id, 'plan');
      await this.audit.record(tx, actor, {
        action: `${job.kind.toLowerCase()}.start`,
        entityType: 'Backtest',
        entityId: backtest.id,
        summary: {
          caseSetId: job.caseSet?.id ?? null,
          decisionFilter: job.decisionFilter ?? null,
          candidate: job.candidate.map(({ document: _, ...ref }) => ref),
          cases: backtest.casesTotal,
        },
      });
      return backtest;
    });
    this.runner.kick();
    return this.get(em, created.id);
  }

  /**
   * The exposure budgets a backtest's candidate applies: the EXPOSURE version it names, else with
   * applyBudgets the published one; none otherwise.
   */
  private async budgetsSide(
    product: Product,
    candidates: SidePolicy[],
    request: StartBacktestRequest,
  ): Promise<SidePolicy[]> {
    const named = candidates.find((policy) => policy.kind === PolicyKind.EXPOSURE);
    if (named) return [named];
    if (!request.applyBudgets) return [];
    const published = (await this.published.current(product.id)).get(PolicyKind.EXPOSURE);
    if (!published) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `Product ${product.key} has no published EXPOSURE policy: name an EXPOSURE version to apply`,
        { field: 'input.applyBudgets', reason: 'NO_BUDGETS' },
      );
    }
    return [sidePolicy(published)];
  }

  /** The named versions, one per decision stage; drafts included, but only valid documents run. */
  private async sidePolicies(
    em: EntityManager,
    product: Product,
    versionIds: string[],
    field: string,
    kinds: readonly PolicyKind[] = DECISION_KINDS,
  ): Promise<SidePolicy[]> {
    const side: SidePolicy[] = [];
    for (const [index, id] of versionIds.entries()) {
      const at = `${field}[${index}]`;
      const version = await findVersion(em, id).catch((error) => {
        throw error instanceof DomainError
          ? new DomainError(error.code, error.message, { field: at })
          : error;
      });
      await em.populate(version, ['policy.product']);
      if (version.policy.product.id !== product.id) {
        throw new DomainError('BAD_USER_INPUT', `Version ${id} is not a policy of product ${product.key}`, {
          field: at,
        });
      }
      const kind = version.policy.kind;
      if (!kinds.includes(kind)) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `Version ${id} is a ${kind} policy: only ${kinds.join(', ')} policies are ${kinds.length > DECISION_KINDS.length ? 'backtested' : 'replayed'}`,
          {
            field: at,
          },
        );
      }
      if (side.some((policy) => policy.kind === kind)) {
        throw new DomainError('BAD_USER_INPUT', `Two ${kind} versions were named: name one per kind`, {
          field: at,
        });
      }
      const validation = validatePolicy(version.document);
      if (!validation.valid) {
        throw new DomainError('POLICY_INVALID', `Version ${id} has ${validation.errors.length} problem(s)`, {
          field: at,
          problems: validation.errors,
        });
      }
      side.push(sidePolicy(versionSnapshot(version)));
    }
    return side;
  }

  /** The product's published decision policies, as a side. */
  async publishedSide(product: Product): Promise<SidePolicy[]> {
    const published = await this.published.current(product.id);
    return DECISION_KINDS.flatMap((kind) => {
      const used = published.get(kind);
      return used ? [sidePolicy(used)] : [];
    });
  }
}

/** A side with some stages replaced: the candidate of a backtest, which differs from its baseline there only. */
export function withReplaced(side: SidePolicy[], replacements: SidePolicy[]): SidePolicy[] {
  return DECISION_KINDS.flatMap((kind) => {
    const chosen =
      replacements.find((policy) => policy.kind === kind) ?? side.find((policy) => policy.kind === kind);
    return chosen ? [chosen] : [];
  });
}

export function sidePolicy(version: VersionSnapshot): SidePolicy {
  return {
    kind: version.kind,
    policyId: version.policyId,
    versionId: version.versionId,
    number: version.number,
    revision: version.revision,
    document: version.document,
  };
}
