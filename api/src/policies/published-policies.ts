/**
 * What decisions run on: each product's published policies, compiled, with their challengers. Decide,
 * backtests, reviews and tryPolicy depend on this and nothing else of the policy lifecycle; it reads, it
 * never changes a version (publishing lives in PolicyPublisher).
 */
import { createHash } from 'node:crypto';
import { type CompiledPolicy, evaluatePipeline, type PipelineResult } from '@spillway/rules';
import { DomainError } from '../core/errors.js';
import type { ChangeListener } from '../db/change-listener.js';
import { PolicyCompiler } from './policy-compiler.js';
import { ChallengerMode, PolicyKind } from './policy-kind.js';
import { CachedPolicySetLoader, type PolicySetLoader } from './policy-loader.js';
import { type PolicySetSnapshot, type VersionSnapshot, versionRef } from './policy-set.js';

/** Carries every publish, schedule and challenger change, with the product's id. */
export const POLICY_CHANNEL = 'spillway_policy_published';

export interface PublishedPolicy extends VersionSnapshot {
  compiled: CompiledPolicy;
}

interface Challenger extends PublishedPolicy {
  mode: ChallengerMode;
  share: number | null;
}

type VersionRef = ReturnType<typeof versionRef>;

interface Selection {
  byKind: Map<PolicyKind, PublishedPolicy>;
  challengers: Challenger[];
}

/** Which version of a challenged policy a decision applied, and which it only evaluated. */
export interface ChallengerAssignment {
  kind: PolicyKind;
  policyId: string;
  mode: ChallengerMode;
  share: number | null;
  applied: 'CHAMPION' | 'CHALLENGER';
  champion: VersionRef;
  challenger: VersionRef;
}

/** The policies one decision runs: the set it applies and, when any policy is challenged, the other arm. */
export interface DecisionArms {
  applied: Map<PolicyKind, PublishedPolicy>;
  other: Map<PolicyKind, PublishedPolicy> | null;
  assignments: ChallengerAssignment[];
}

/** A decision's evaluation: the applied arm's result, the other arm's summary, the revisions it used. */
export interface DecisionEvaluation {
  result: PipelineResult;
  challenger: { assignments: ChallengerAssignment[]; other: Record<string, unknown> } | null;
  revisions: { kind: PolicyKind; policyId: string; versionId: string; number: number; revision: string }[];
}

const DECISION_STAGES = [PolicyKind.ADMISSION, PolicyKind.LIMIT, PolicyKind.PRICING] as const;

export class PublishedPolicies {
  readonly compiler: PolicyCompiler;
  private readonly cache: CachedPolicySetLoader;
  /** Per loaded set, its selection by how many scheduled versions are due: a set is shared by decisions. */
  private readonly selections = new WeakMap<PolicySetSnapshot, Map<number, Selection>>();

  constructor(loader: PolicySetLoader, compiler = new PolicyCompiler()) {
    this.cache = new CachedPolicySetLoader(loader);
    this.compiler = compiler;
  }

  /**
   * Caches sets while every change is known to reach this process: always on SQLite, on PostgreSQL while
   * the LISTEN connection that carries other replicas' publishes is up.
   */
  listenTo(changes: ChangeListener) {
    changes.subscribe(POLICY_CHANNEL, {
      changed: (productId) => this.changed(productId),
      listening: (listening) => this.cache.setEnabled(listening),
    });
  }

  /** A product's set changed (`null`: any product's might have). */
  changed(productId: string | null) {
    this.cache.invalidate(productId);
  }

  /**
   * The policy of each kind that applies at `at`: the published one, unless a scheduled version's time has
   * come, which applies from that instant whether or not the publisher has flipped its status yet.
   */
  async current(productId: string, at = new Date()): Promise<Map<PolicyKind, PublishedPolicy>> {
    return this.select(await this.cache.load(productId), at).byKind;
  }

  /** The policy of `kind` that applies now, or CONFLICT when the product has none published. */
  async require(product: { id: string; key: string }, kind: PolicyKind): Promise<PublishedPolicy> {
    const policy = (await this.current(product.id)).get(kind);
    if (!policy) {
      throw new DomainError('CONFLICT', `Product ${product.key} has no published ${kind} policy`, {
        field: 'productKey',
      });
    }
    return policy;
  }

  /**
   * The arms of a decision for this borrower. A SPLIT challenger applies to a stable share of borrowers:
   * the hash of policy and borrower ref picks the same arm on every decision and every replica.
   */
  async arms(productId: string, borrowerRef: string, at = new Date()): Promise<DecisionArms> {
    const { byKind, challengers } = this.select(await this.cache.load(productId), at);
    const applied = new Map(byKind);
    const other = new Map(byKind);
    const assignments: ChallengerAssignment[] = [];
    for (const challenger of challengers) {
      const champion = byKind.get(challenger.kind);
      if (!champion) continue;
      const challengerApplies =
        challenger.mode === ChallengerMode.SPLIT &&
        bucket(challenger.policyId, borrowerRef) < (challenger.share ?? 0);
      (challengerApplies ? applied : other).set(challenger.kind, challenger);
      assignments.push({
        kind: challenger.kind,
        policyId: challenger.policyId,
        mode: challenger.mode,
        share: challenger.share,
        applied: challengerApplies ? 'CHALLENGER' : 'CHAMPION',
        champion: versionRef(champion),
        challenger: versionRef(challenger),
      });
    }
    return { applied, other: assignments.length > 0 ? other : null, assignments };
  }

  /**
   * Evaluates one decision: the applied arm, and the other one when there is one (stored, never applied).
   * CONFLICT when the product has no published ADMISSION policy.
   */
  async evaluateForDecision(
    arms: DecisionArms,
    facts: Record<string, unknown>,
    asOf: string,
  ): Promise<DecisionEvaluation> {
    const result = await runPipeline(arms.applied, facts, asOf);
    const revisions = DECISION_STAGES.flatMap((kind) => {
      const used = arms.applied.get(kind);
      return used ? [{ kind, policyId: used.policyId, ...versionRef(used) }] : [];
    });
    if (!arms.other) return { result, challenger: null, revisions };
    const other = await runPipeline(arms.other, facts, asOf);
    return {
      result,
      revisions,
      challenger: {
        assignments: arms.assignments,
        other: {
          outcome: other.outcome,
          approvedLimit: other.approvedLimit,
          aprBps: other.aprBps,
          termMonths: other.termMonths,
          riskTier: other.riskTier,
          affordableLimit: other.affordableLimit,
          overflow: other.overflow,
          reasons: other.reasons.map((reason) => reason.code),
          revisions: [...arms.other.values()].map((used) => ({ kind: used.kind, ...versionRef(used) })),
        },
      },
    };
  }

  private select(set: PolicySetSnapshot, at: Date): Selection {
    // `scheduled` is ordered by effectiveAt: the versions due at `at` are a prefix of it.
    const due = set.scheduled.filter(
      (version) => version.effectiveAt && version.effectiveAt.getTime() <= at.getTime(),
    ).length;
    let bySet = this.selections.get(set);
    if (!bySet) {
      bySet = new Map();
      this.selections.set(set, bySet);
    }
    let selection = bySet.get(due);
    if (!selection) {
      selection = this.compileSelection(set, due);
      bySet.set(due, selection);
    }
    return selection;
  }

  private compileSelection(set: PolicySetSnapshot, due: number): Selection {
    const compile = (version: VersionSnapshot): PublishedPolicy => ({
      ...version,
      compiled: this.compiler.compile(version),
    });
    const byKind = new Map(set.published.map((version) => [version.kind, compile(version)]));
    // The latest version due of each kind wins.
    for (const version of set.scheduled.slice(0, due)) byKind.set(version.kind, compile(version));
    const challengers: Challenger[] = set.challengers.map((challenger) => ({
      ...challenger,
      compiled: this.compiler.compile(challenger),
    }));
    return { byKind, challengers };
  }
}

/** A stable number in [0, 1) per policy and borrower. */
function bucket(policyId: string, borrowerRef: string): number {
  const digest = createHash('sha256').update(`${policyId}:${borrowerRef}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

function runPipeline(set: Map<PolicyKind, PublishedPolicy>, facts: Record<string, unknown>, asOf: string) {
  const admission = set.get(PolicyKind.ADMISSION);
  if (!admission) throw new DomainError('CONFLICT', 'The product has no published ADMISSION policy');
  return evaluatePipeline({
    policies: {
      ADMISSION: admission.compiled,
      LIMIT: set.get(PolicyKind.LIMIT)?.compiled,
      PRICING: set.get(PolicyKind.PRICING)?.compiled,
    },
    facts,
    asOf,
  });
}
