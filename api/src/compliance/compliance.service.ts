import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { ComplianceCheck } from '@spillway/rules';
import type { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../core/errors.js';
import type { Viewer } from '../core/viewer.js';
import { type PageArgs, pageWindow, toConnection } from '../graphql/connection.js';
import { type JobRunner, queueChunks } from '../jobs/job-runner.js';
import { JobStatus } from '../jobs/job-status.js';
import { failInterruptedRuns, startAlone } from '../jobs/single-run.js';
import { PolicyKind } from '../policies/policy-kind.js';
import type { PublishedPolicies } from '../policies/published-policies.js';
import type { ProductService } from '../products/product.service.js';
import { COMPLIANCE_JOB } from './compliance.job.js';
import { ComplianceFinding, FindingStatus } from './compliance-finding.entity.js';
import { ComplianceRun } from './compliance-run.entity.js';

export interface FindingFilter {
  status?: FindingStatus | null;
  checkId?: string | null;
  code?: string | null;
  borrowerId?: string | null;
  creditLineId?: string | null;
  /** Findings a run found for the first time. */
  newInRunId?: string | null;
  /** Findings a run resolved. */
  resolvedInRunId?: string | null;
}

/** One check's line of a run's summary, money exact. */
export interface CheckSummary {
  check: string;
  type: string;
  code: string;
  description: string | null;
  findings: number;
  exposureMinor: number;
  newFindings: number;
  resolved: number;
}

/**
 * Compliance runs: starts one (the product's published COMPLIANCE checks snapshotted, the run queued for the
 * job runners: compliance.job.ts), reads runs and findings back, and keeps a person's note on a finding.
 */
export class ComplianceService {
  constructor(
    private readonly products: ProductService,
    private readonly published: PublishedPolicies,
    private readonly audit: AuditService,
    private readonly runner: JobRunner,
    /** A RUNNING run with nothing left to run and no heartbeat for this long was abandoned. */
    private readonly leaseMs: number,
  ) {}

  /** Starts a run and returns it RUNNING; worker threads and processes run its chunks. */
  async start(em: EntityManager, actor: Viewer | string, productKey: string): Promise<ComplianceRun> {
    const product = await this.products.get(em, productKey);
    const checks = await this.published.require(product, PolicyKind.COMPLIANCE);
    const now = new Date();
    await failInterruptedRuns(em, 'compliance_run', this.leaseMs, now);
    const run = await startAlone(
      () =>
        em.fork().transactional(async (tx) => {
          const created = tx.create(ComplianceRun, {
            product,
            status: JobStatus.RUNNING,
            startedBy: typeof actor === 'string' ? actor : actor.label,
            policyVersionId: checks.versionId,
            revision: checks.revision,
            policyDocument: checks.document,
            asOf: now,
            heartbeatAt: now,
            startedAt: now,
          });
          await tx.flush();
          await queueChunks(tx, COMPLIANCE_JOB, created.id, 'plan');
          await this.audit.record(tx, actor, {
            action: 'compliance.run',
            entityType: 'ComplianceRun',
            entityId: created.id,
            summary: { productKey: product.key, revision: created.revision },
          });
          return created;
        }),
      () =>
        new DomainError('CONFLICT', 'A compliance run is already running', {
          field: 'productKey',
          reason: 'COMPLIANCE_RUNNING',
        }),
    );
    this.runner.kick();
    return this.get(em, run.id);
  }

  /** Resolves when no run (nor any other job) has a chunk left to run: for tests. */
  async idle() {
    await this.runner.idle();
  }

  async get(em: EntityManager, id: string): Promise<ComplianceRun> {
    const run = await em.findOne(ComplianceRun, { id }, { populate: ['product'], refresh: true });
    if (!run) throw notFound('Compliance run', id);
    return run;
  }

  /** Newest first: the trend reads them in reverse. */
  async runs(em: EntityManager, page: PageArgs) {
    const { offset, limit } = pageWindow(page);
    const [nodes, total] = await em.findAndCount(
      ComplianceRun,
      {},
      { populate: ['product'], orderBy: { createdAt: 'desc', id: 'desc' }, offset, limit },
    );
    return toConnection(nodes, total, offset);
  }

  /** The run's tallies per check, in the order of its checks, with each check's description. */
  summary(run: ComplianceRun): CheckSummary[] {
    const compliance = run.policyDocument.compliance as { checks?: ComplianceCheck[] } | undefined;
    const checks = compliance?.checks ?? [];
    const order = new Map(checks.map((check, index) => [check.id, index]));
    return Object.values(run.tallies)
      .map((tally) => ({
        ...tally,
        description: checks.find((check) => check.id === tally.check)?.description ?? null,
      }))
      .sort(
        (a, b) => (order.get(a.check) ?? 1e6) - (order.get(b.check) ?? 1e6) || a.code.localeCompare(b.code),
      );
  }

  async findings(em: EntityManager, filter: FindingFilter, page: PageArgs) {
    const { offset, limit } = pageWindow(page);
    const where: FilterQuery<ComplianceFinding> = {};
    if (filter.status) where.status = filter.status;
    if (filter.checkId) where.checkId = filter.checkId;
    if (filter.code) where.code = filter.code;
    if (filter.borrowerId) where.borrower = filter.borrowerId;
    if (filter.creditLineId) where.creditLine = filter.creditLineId;
    if (filter.newInRunId) where.firstRun = filter.newInRunId;
    if (filter.resolvedInRunId) where.resolvedRun = filter.resolvedInRunId;
    const [nodes, total] = await em.findAndCount(ComplianceFinding, where, {
      orderBy: { exposureMinor: 'desc', id: 'asc' },
      offset,
      limit,
    });
    return toConnection(nodes, total, offset);
  }

  async finding(em: EntityManager, id: string): Promise<ComplianceFinding> {
    const finding = await em.findOne(ComplianceFinding, { id }, { refresh: true });
    if (!finding) throw notFound('Compliance finding', id);
    return finding;
  }

  /** Keeps a person's note on a finding, open or resolved, with who and when; audited. */
  async annotate(em: EntityManager, viewer: Viewer, id: string, note: string): Promise<ComplianceFinding> {
    if (note.trim() === '') {
      throw new DomainError('BAD_USER_INPUT', 'A note must say something', { field: 'input.note' });
    }
    await em.fork().transactional(async (tx) => {
      const finding = await tx.findOne(ComplianceFinding, { id });
      if (!finding) throw notFound('Compliance finding', id);
      const before = finding.note ?? null;
      finding.note = note;
      finding.annotatedBy = viewer.label;
      finding.annotatedAt = new Date();
      await this.audit.record(tx, viewer, {
        action: 'compliance.annotate',
        entityType: 'ComplianceFinding',
        entityId: id,
        summary: { checkId: finding.checkId, code: finding.code, before, after: note },
      });
    });
    return this.finding(em, id);
  }
}
