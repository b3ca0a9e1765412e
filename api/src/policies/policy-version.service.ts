import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import {
  diffPolicies,
  type PolicyDocument,
  type PolicyProblem,
  revision,
  validatePolicy,
} from '@spillway/rules';
import type { AuditService } from '../audit/audit.service.js';
import { User } from '../auth/user.entity.js';
import { DomainError } from '../core/errors.js';
import type { Viewer } from '../core/viewer.js';
import { changeAtomically } from '../db/concurrency.js';
import { Sql } from '../db/sql.js';
import { type PageArgs, pageWindow, toConnection } from '../graphql/connection.js';
import type { ProductService } from '../products/product.service.js';
import { Policy } from './policy.entity.js';
import { VersionStatus } from './policy-kind.js';
import { findPolicy, findVersion } from './policy-lookup.js';
import { PolicyVersion } from './policy-version.entity.js';
import { VersionQueue } from './policy-version-filter.input.js';

export interface CreateDraftRequest {
  policyId: string;
  fromVersionId?: string | null;
}

export interface UpdateDraftRequest {
  versionId: string;
  document: Record<string, unknown>;
  expectedLockVersion: number;
}

export interface VersionActionRequest {
  versionId: string;
  expectedLockVersion?: number | null;
  comment?: string | null;
}

export interface PolicyValidation {
  valid: boolean;
  errors: PolicyProblem[];
  warnings: PolicyProblem[];
}

type Audited = 'status' | 'revision' | 'lockVersion';

/**
 * Authoring and review: DRAFT -> IN_REVIEW -> APPROVED | REJECTED, with maker-checker. Publishing is
 * PolicyService's, because it changes what decisions run on.
 */
export class PolicyVersionService {
  constructor(
    private readonly products: ProductService,
    private readonly audit: AuditService,
  ) {}

  /** A new draft copying the published version, or any earlier version of the same policy. */
  async createDraft(em: EntityManager, viewer: Viewer, request: CreateDraftRequest): Promise<PolicyVersion> {
    const authorId = personOf(viewer);
    const policy = await findPolicy(em, request.policyId);
    const source = request.fromVersionId
      ? await findVersion(em, request.fromVersionId)
      : await em.findOne(PolicyVersion, { policy, status: VersionStatus.PUBLISHED });
    if (!source) {
      throw new DomainError(
        'CONFLICT',
        `The ${policy.kind} policy has no published version: name fromVersionId`,
        {
          field: 'input.fromVersionId',
        },
      );
    }
    if (source.policy.id !== policy.id) {
      throw new DomainError('BAD_USER_INPUT', `Version ${source.id} belongs to another policy`, {
        field: 'input.fromVersionId',
      });
    }
    source.verifyRevision();
    // A copy of a document no second person has approved carries its writers along.
    const inherited = UNREVIEWED.includes(source.status) ? source.contributors() : [];
    // A clean fork: the transaction writes the draft and its event, never a copy of what was only read.
    const created = await changeAtomically(em.fork(), `The ${policy.kind} policy`, (tx) =>
      insertDraft(tx, this.audit, viewer, {
        policy,
        document: structuredClone(source.document),
        authorId,
        contributorIds: [authorId, ...inherited],
        basedOnNumber: source.number,
      }),
    );
    return findVersion(em, created.id);
  }

  async updateDraft(em: EntityManager, viewer: Viewer, request: UpdateDraftRequest): Promise<PolicyVersion> {
    const editorId = personOf(viewer);
    const version = await this.versionAt(em, request.versionId, request.expectedLockVersion);
    version.requireStatus('edited', VersionStatus.DRAFT);
    return this.change(em, viewer, version, 'update', ['revision', 'lockVersion'], {
      document: request.document,
      revision: revision(request.document),
      contributorIds: withContributor(version, editorId),
    });
  }

  /** Only a valid document reaches review; POLICY_INVALID lists every problem at once. */
  async submit(em: EntityManager, viewer: Viewer, request: VersionActionRequest): Promise<PolicyVersion> {
    const submitterId = personOf(viewer);
    const version = await this.versionAt(em, request.versionId, request.expectedLockVersion);
    version.requireStatus('submitted', VersionStatus.DRAFT);
    const { errors } = this.validation(version);
    if (errors.length > 0) {
      throw new DomainError(
        'POLICY_INVALID',
        `Policy version ${version.number} has ${errors.length} problem(s) to fix before it can be submitted`,
        { versionId: version.id, problems: errors },
      );
    }
    return this.change(em, viewer, version, 'submit', ['status'], {
      status: VersionStatus.IN_REVIEW,
      contributorIds: withContributor(version, submitterId),
      submittedBy: em.getReference(User, submitterId),
      submittedAt: new Date(),
    });
  }

  approve(em: EntityManager, viewer: Viewer, request: VersionActionRequest) {
    return this.review(em, viewer, request, VersionStatus.APPROVED);
  }

  reject(em: EntityManager, viewer: Viewer, request: VersionActionRequest) {
    if (!request.comment?.trim()) {
      throw new DomainError('BAD_USER_INPUT', 'A rejection needs a comment the author can act on', {
        field: 'input.comment',
      });
    }
    return this.review(em, viewer, request, VersionStatus.REJECTED);
  }

  /**
   * Maker-checker: whoever created, edited or submitted a version (or wrote the unreviewed one it copies)
   * never reviews it, whatever their roles.
   */
  private async review(
    em: EntityManager,
    viewer: Viewer,
    request: VersionActionRequest,
    outcome: VersionStatus.APPROVED | VersionStatus.REJECTED,
  ): Promise<PolicyVersion> {
    const reviewerId = personOf(viewer);
    const version = await this.versionAt(em, request.versionId, request.expectedLockVersion);
    version.requireStatus(
      outcome === VersionStatus.APPROVED ? 'approved' : 'rejected',
      VersionStatus.IN_REVIEW,
    );
    if (version.contributors().includes(reviewerId)) {
      throw new DomainError(
        'FORBIDDEN',
        `You created, edited or submitted policy version ${version.number}: a second person must review it`,
        { versionId: version.id },
      );
    }
    return this.change(
      em,
      viewer,
      version,
      outcome === VersionStatus.APPROVED ? 'approve' : 'reject',
      ['status'],
      {
        status: outcome,
        reviewedBy: em.getReference(User, reviewerId),
        reviewedAt: new Date(),
        reviewNote: request.comment?.trim() || null,
      },
    );
  }

  /** The version, refusing it when the caller's copy is older than the stored one. */
  private async versionAt(em: EntityManager, id: string, expectedLockVersion?: number | null) {
    const version = await findVersion(em, id);
    if (expectedLockVersion != null && version.lockVersion !== expectedLockVersion) {
      throw new DomainError(
        'CONFLICT',
        `Policy version ${version.number} is at lock version ${version.lockVersion}, not ${expectedLockVersion}: reload it and reapply your change`,
        { versionId: version.id, currentLockVersion: version.lockVersion, status: version.status },
      );
    }
    return version;
  }

  /**
   * Applies one change and its audit event in one transaction. The optimistic lock makes the UPDATE
   * conditional on the version being as it was read, so a concurrent change turns this one into a CONFLICT.
   */
  private change(
    em: EntityManager,
    viewer: Viewer,
    version: PolicyVersion,
    action: string,
    audited: Audited[],
    changes: Partial<PolicyVersion>,
  ): Promise<PolicyVersion> {
    const pick = () => Object.fromEntries(audited.map((key) => [key, version[key]]));
    const before = pick();
    return changeAtomically(em, `Policy version ${version.number}`, async (tx) => {
      Object.assign(version, changes);
      await tx.flush();
      await this.audit.record(tx, viewer, {
        action,
        entityType: 'PolicyVersion',
        entityId: version.id,
        summary: {
          policyId: version.policy.id,
          kind: version.policy.kind,
          number: version.number,
          before,
          after: pick(),
          ...(version.reviewNote && action !== 'update' ? { comment: version.reviewNote } : {}),
        },
      });
      return version;
    });
  }

  /** The rules' validation plus the one thing only the API knows: the document's kind is its policy's. */
  validation(version: PolicyVersion): PolicyValidation {
    const result = validatePolicy(version.document);
    const kind = version.document.kind;
    const errors =
      kind === version.policy.kind
        ? result.errors
        : [
            ...result.errors,
            {
              code: 'KIND_MISMATCH',
              path: '$.kind',
              message: `This version belongs to the ${version.policy.kind} policy, so its kind must be ${version.policy.kind}`,
              severity: 'error' as const,
            },
          ];
    return { valid: errors.length === 0, errors, warnings: result.warnings };
  }

  async diff(em: EntityManager, fromVersionId: string, toVersionId: string) {
    const from = await findVersion(em, fromVersionId);
    const to = await findVersion(em, toVersionId);
    return diffPolicies(from.document as unknown as PolicyDocument, to.document as unknown as PolicyDocument);
  }

  async list(em: EntityManager, productKey: string): Promise<Policy[]> {
    const product = await this.products.get(em, productKey);
    return em.find(Policy, { product }, { orderBy: { kind: 'asc' }, populate: ['product'] });
  }

  /**
   * Versions across a product's policies (every product's when none is named), most recently submitted or
   * created first; a queue keeps those waiting for `viewer`, judged by who had a hand in each version.
   */
  async versions(
    em: EntityManager,
    viewer: Viewer,
    filter: { productKey?: string | null; status?: VersionStatus | null; queue?: VersionQueue | null },
    page: PageArgs,
  ) {
    const queue = filter.queue ? QUEUES[filter.queue] : null;
    const where: FilterQuery<PolicyVersion> = {};
    if (filter.productKey) where.policy = { product: { key: filter.productKey } };
    const status = queue?.status ?? filter.status;
    const { offset, limit } = pageWindow(page);
    // A status the queue does not wait in selects nothing.
    if (queue && filter.status && filter.status !== queue.status) return toConnection([], 0, offset);
    if (status) where.status = status;
    const found = await em.find(PolicyVersion, where, {
      populate: ['policy'],
      orderBy: { submittedAt: 'desc nulls last', createdAt: 'desc', number: 'desc' },
    });
    // Who contributed is a list kept with each version: a queue is judged here, over the few versions
    // of one status, rather than in SQL.
    const mine = (version: PolicyVersion) => version.contributors().includes(viewer.id);
    const selected = queue ? found.filter((version) => mine(version) === queue.mine) : found;
    const nodes = selected.slice(offset, offset + limit).map((version) => version.verifyRevision());
    return toConnection(nodes, selected.length, offset);
  }

  /** Newest first; every version is checked against its revision as it is read. */
  async history(em: EntityManager, policy: Policy): Promise<PolicyVersion[]> {
    const versions = await em.find(PolicyVersion, { policy }, { orderBy: { number: 'desc' } });
    return versions.map((version) => version.verifyRevision());
  }

  async withStatus(em: EntityManager, policy: Policy, status: VersionStatus, scheduled = false) {
    const version = await em.findOne(PolicyVersion, {
      policy,
      status,
      ...(scheduled ? { effectiveAt: { $ne: null } } : {}),
    });
    return version?.verifyRevision() ?? null;
  }
}

/** The status each queue waits in, and whether the viewer had a hand in the versions it holds. */
const QUEUES: Record<VersionQueue, { status: VersionStatus; mine: boolean }> = {
  [VersionQueue.AWAITING_MY_REVIEW]: { status: VersionStatus.IN_REVIEW, mine: false },
  [VersionQueue.MY_DRAFTS]: { status: VersionStatus.DRAFT, mine: true },
  [VersionQueue.MY_REJECTED]: { status: VersionStatus.REJECTED, mine: true },
};

/** Statuses of a version whose document no second person has approved. */
const UNREVIEWED = [VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.REJECTED];

const withContributor = (version: PolicyVersion, userId: string) => [
  ...new Set([...version.contributors(), userId]),
];

/**
 * Writes a new DRAFT of a policy in the caller's transaction, numbered after its last version, with its
 * audit event: a person's copy of a version, or a job's draft of what it computed (a fitted scorecard).
 */
export async function insertDraft(
  tx: EntityManager,
  audit: AuditService,
  actor: Viewer | string,
  draft: {
    policy: Pick<Policy, 'id' | 'kind'>;
    document: Record<string, unknown>;
    authorId: string;
    contributorIds: string[];
    basedOnNumber: number | null;
  },
): Promise<PolicyVersion> {
  const { policy } = draft;
  // The number alone, as a plain row: a version loaded into this transaction would be flushed with it.
  const [last] = await Sql.of(tx).all<{ number: unknown }>(
    'select max(number) as number from policy_version where policy_id = ?',
    [policy.id],
  );
  const version = tx.create(PolicyVersion, {
    policy: tx.getReference(Policy, policy.id),
    number: Number(last?.number ?? 0) + 1,
    document: draft.document,
    revision: revision(draft.document),
    author: tx.getReference(User, draft.authorId),
    contributorIds: [...new Set(draft.contributorIds)],
    basedOnNumber: draft.basedOnNumber,
  });
  await tx.flush();
  await audit.record(tx, actor, {
    action: 'create',
    entityType: 'PolicyVersion',
    entityId: version.id,
    summary: {
      policyId: policy.id,
      kind: policy.kind,
      number: version.number,
      basedOn: draft.basedOnNumber,
      after: { status: version.status, revision: version.revision, lockVersion: version.lockVersion },
    },
  });
  return version;
}

/** Maker-checker needs to know which person did what; an API key is not a person. */
export function personOf(viewer: Viewer): string {
  if (viewer.kind !== 'user') {
    throw new DomainError('FORBIDDEN', 'Policy changes are made by signed-in people, not API keys');
  }
  return viewer.id;
}
