import type { EntityManager } from '@mikro-orm/core';
import {
  type BudgetCase,
  budgetBacktest,
  type CompiledExposure,
  createMetricsAccumulator,
  type DecisionSummary,
  type ExpectedDecision,
  firedRulesOf,
  type PipelineTrace,
} from '@spillway/rules';
import { newId } from '../core/ids.js';
import { cnyToMinor, minorToCny } from '../core/money.js';
import { Sql } from '../db/sql.js';
import type { PolicyRevisionRef } from '../decisions/decision.entity.js';
import type { DecisionFilter } from '../decisions/decision-filter.input.js';
import type { DecisionExposure } from '../decisions/decision-pacing.js';
import {
  type ChunkControl,
  type ChunkRange,
  type ClaimedChunk,
  JobFailure,
  type JobKind,
} from '../jobs/job-kind.js';
import { inKeyRange, planKeyRanges } from '../jobs/key-ranges.js';
import type { PolicyCompiler } from '../policies/policy-compiler.js';
import { PolicyKind } from '../policies/policy-kind.js';
import { versionSnapshot } from '../policies/policy-loader.js';
import { PolicyVersion } from '../policies/policy-version.entity.js';
import { Backtest, BacktestKind, type SidePolicy } from './backtest.entity.js';
import { BudgetOrder, type StoredBudgetReport } from './backtest-budgets.type.js';
import {
  ChunkEvaluation,
  type ChunkState,
  compileSide,
  type JobCase,
  type PolicySet,
} from './case-evaluation.js';
import { CHUNK_SIZE, inDecisionKeyRange, replayRows, replaySql } from './chunk-plan.js';

/** The kind of job backtests and replays are. */
export const BACKTEST_JOB = 'backtest';

/** What every chunk of a backtest or replay needs: read from the job once per runner. */
export interface PreparedBacktest {
  id: string;
  kind: BacktestKind;
  caseSetId: string | null;
  asOf: string;
  createdAt: Date;
  decisionFilter: DecisionFilter;
  baseline: PolicySet | null;
  candidate: PolicySet;
  /** The candidate's EXPOSURE policy, when the backtest applies budgets. */
  budgets: { policy: SidePolicy; exposure: CompiledExposure; stepFen: number } | null;
}

/** Differences inserted per transaction. */
const DIFFERENCE_BATCH = 200;

const DIFFERENCE_COLUMNS = [
  'id',
  'created_at',
  'backtest_id',
  'position',
  'case_id',
  'decision_id',
  'line',
  'external_ref',
  'change_kind',
  'observed_default',
  'baseline',
  'candidate',
  'regression',
  'mismatch',
  'expectation_failures',
  'mismatches',
];

/**
 * Backtests and replays as jobs: a backtest's chunks are ranges of its case set's lines, a replay's ranges
 * of recorded decisions by (decidedAt, id). A chunk decides its cases on both sides, writes the cases that
 * changed, and commits its metrics state and the job's counters; the last chunk merges every chunk's
 * metrics.
 */
export class BacktestJob implements JobKind<PreparedBacktest, ChunkEvaluation> {
  readonly name = BACKTEST_JOB;
  readonly table = 'backtest';

  constructor(private readonly compiler: PolicyCompiler) {}

  async prepare(em: EntityManager, jobId: string): Promise<PreparedBacktest> {
    const job = await em.findOneOrFail(Backtest, { id: jobId });
    const candidate = compileSide(job.candidate);
    const exposurePolicy = job.candidate.find((policy) => policy.kind === PolicyKind.EXPOSURE);
    const exposure = candidate[PolicyKind.EXPOSURE]?.exposure;
    return {
      id: job.id,
      kind: job.kind,
      caseSetId: job.caseSet?.id ?? null,
      asOf: job.asOf.toISOString(),
      createdAt: job.createdAt,
      decisionFilter: filterOf(job.decisionFilter ?? {}),
      baseline: job.kind === BacktestKind.BACKTEST ? compileSide(job.baseline) : null,
      candidate,
      budgets:
        exposurePolicy && exposure
          ? {
              policy: exposurePolicy,
              exposure,
              stepFen: cnyToMinor(candidate[PolicyKind.LIMIT]?.limit?.step ?? 1),
            }
          : null,
    };
  }

  plan(em: EntityManager, job: PreparedBacktest): Promise<ChunkRange[]> {
    if (job.kind === BacktestKind.BACKTEST) {
      return planKeyRanges(
        em,
        { table: 'historical_case', key: 'line', where: 'case_set_id = ?', params: [job.caseSetId] },
        CHUNK_SIZE,
      );
    }
    return planKeyRanges(em, replayRows(job.decisionFilter, job.createdAt), CHUNK_SIZE);
  }

  async planned(tx: EntityManager, job: PreparedBacktest, chunks: ChunkRange[]) {
    const total = chunks.reduce((sum, chunk) => sum + chunk.itemCount, 0);
    await Sql.of(tx).run('update backtest set cases_total = ? where id = ?', [total, job.id]);
  }

  async run(em: EntityManager, job: PreparedBacktest, chunk: ClaimedChunk, control: ChunkControl) {
    const evaluation = new ChunkEvaluation(
      job.baseline,
      job.candidate,
      job.budgets && { exposure: job.budgets.exposure, asOfMs: Date.parse(job.asOf) },
    );
    const cases =
      job.kind === BacktestKind.BACKTEST
        ? await readCases(em, job, chunk)
        : await this.decisions(em, job, chunk);
    for (const [order, item] of cases.entries()) {
      try {
        // A chunk holds at most CHUNK_SIZE cases, so positions sort in job order across chunks.
        await evaluation.add(item, chunk.index * CHUNK_SIZE + order);
      } catch (error) {
        // A policy that throws on a case is the reader's to fix: the job stops and says where.
        throw new JobFailure(
          `chunk ${chunk.index + 1}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      await control.yield();
    }
    await this.writeDifferences(job, chunk, evaluation, control);
    return evaluation;
  }

  /**
   * The chunk's differences, in short transactions of DIFFERENCE_BATCH rows under the claim, before the
   * commit that counts the chunk: a decide never waits for a thousand inserts. A chunk run again first
   * removes what an earlier run of it wrote.
   */
  private async writeDifferences(
    job: PreparedBacktest,
    chunk: ClaimedChunk,
    evaluation: ChunkEvaluation,
    control: ChunkControl,
  ) {
    if (chunk.attempts > 1) {
      await control.checkpoint({}, async (tx) => {
        await Sql.of(tx).run(
          'delete from backtest_difference where backtest_id = ? and position >= ? and position < ?',
          [job.id, chunk.index * CHUNK_SIZE, (chunk.index + 1) * CHUNK_SIZE],
        );
      });
    }
    const createdAt = new Date();
    const rows = evaluation.differences.map((difference) => [
      newId(),
      createdAt,
      job.id,
      difference.position,
      difference.caseId,
      difference.decisionId,
      difference.line,
      difference.externalRef,
      difference.changeKind,
      difference.observedDefault,
      Sql.json(difference.baseline),
      Sql.json(difference.candidate),
      difference.expectationFailures.length > 0,
      difference.mismatches.length > 0,
      Sql.json(difference.expectationFailures),
      Sql.json(difference.mismatches),
    ]);
    for (let start = 0; start < rows.length; start += DIFFERENCE_BATCH) {
      await control.checkpoint({}, (tx) =>
        Sql.of(tx).insert(
          'backtest_difference',
          DIFFERENCE_COLUMNS,
          rows.slice(start, start + DIFFERENCE_BATCH),
        ),
      );
    }
  }

  stateOf(evaluation: ChunkEvaluation) {
    return evaluation.state() as unknown as Record<string, unknown>;
  }

  async commit(tx: EntityManager, job: PreparedBacktest, _chunk: ClaimedChunk, evaluation: ChunkEvaluation) {
    const state = evaluation.state();
    await Sql.of(tx).run(
      'update backtest set cases_done = cases_done + ?, expectations_checked = expectations_checked + ?, ' +
        'regressions = regressions + ?, mismatches = mismatches + ? where id = ?',
      [evaluation.cases, state.expectationsChecked, state.regressions, state.mismatches, job.id],
    );
  }

  async finish(tx: EntityManager, job: PreparedBacktest) {
    const sql = Sql.of(tx);
    const metrics = createMetricsAccumulator();
    const chunks = await sql.all('select state from job_chunk where job_id = ? and "index" >= 0', [job.id]);
    const budgetCases: BudgetCase[] = [];
    let untimed = 0;
    for (const done of chunks) {
      const state = sql.readJson<ChunkState>(done.state);
      metrics.merge(state.metrics);
      untimed += state.untimed ?? 0;
      for (const [position, at, increaseFen, members] of state.budgetCases ?? []) {
        budgetCases.push({ position, at, increaseFen, members });
      }
    }
    await sql.run('update backtest set metrics = ?, budgets = ? where id = ?', [
      Sql.json(metrics.result()),
      job.budgets ? Sql.json(budgetPass(job.budgets, budgetCases, untimed)) : null,
      job.id,
    ]);
  }

  /** A replay chunk's decisions as plain rows, with their borrower's reference: no entity is built. */
  private async decisions(em: EntityManager, job: PreparedBacktest, chunk: ClaimedChunk): Promise<JobCase[]> {
    const sql = Sql.of(em);
    const where = replaySql(job.decisionFilter, job.createdAt);
    const range = inDecisionKeyRange(chunk);
    const rows = await sql.all(
      'select d.id, d.facts, d.as_of, d.revisions, d.outcome, d.approved_limit_minor, d.apr_bps, d.term_months, ' +
        'd.risk_tier, d.affordable_limit_minor, d.overflow, d.reasons, d.trace, d.exposure, b.external_ref ' +
        `from decision d join borrower b on b.id = d.borrower_id where ${where.sql} and ${range.sql} ` +
        'order by d.decided_at, d.id',
      [...where.params, ...range.params],
    );
    const decisions = rows.map((row) => ({
      id: row.id as string,
      revisions: sql.readJson<PolicyRevisionRef[]>(row.revisions),
      row,
    }));
    const recordedSets = await this.recordedSets(em, decisions);
    return decisions.map(({ id, row }) => ({
      decisionId: id,
      externalRef: row.external_ref as string,
      facts: sql.readJson(row.facts),
      asOf: (Sql.date(row.as_of) as Date).toISOString(),
      // A recorded decision's outcome is not observed here: replays compare decisions, not defaults.
      observedDefault: null,
      recorded: {
        summary: recordedSummary(sql, row),
        policies: recordedSets.get(id)!,
        exposure: row.exposure === null ? null : sql.readJson<DecisionExposure>(row.exposure),
      },
    }));
  }

  /** Each decision's recorded revisions, compiled once per version and checked against the stored revision. */
  private async recordedSets(
    em: EntityManager,
    decisions: { id: string; revisions: PolicyRevisionRef[] }[],
  ): Promise<Map<string, PolicySet>> {
    const ids = [...new Set(decisions.flatMap((decision) => decision.revisions.map((ref) => ref.versionId)))];
    const versions = new Map(
      (await em.find(PolicyVersion, { id: { $in: ids } }, { populate: ['policy'] })).map((version) => [
        version.id,
        version,
      ]),
    );
    return new Map(
      decisions.map((decision) => {
        const set: PolicySet = {};
        for (const ref of decision.revisions) {
          const version = versions.get(ref.versionId);
          if (!version || version.revision !== ref.revision) {
            throw new JobFailure(
              `decision ${decision.id} recorded ${ref.kind} revision ${ref.revision}, which is not stored`,
            );
          }
          set[ref.kind] = this.compiler.compile(versionSnapshot(version));
        }
        return [decision.id, set];
      }),
    );
  }
}

/**
 * A backtest chunk's cases as plain rows, by one statement over the (case set, line) index: no entity is
 * built, tracked or hydrated. The bench's bare read reads through this too.
 */
export async function readCases(
  em: EntityManager,
  job: Pick<PreparedBacktest, 'caseSetId' | 'asOf'>,
  chunk: ChunkRange,
): Promise<JobCase[]> {
  const sql = Sql.of(em);
  const range = inKeyRange('line', chunk);
  const rows = await sql.all(
    'select id, line, external_ref, facts, application, observed_default, expected from historical_case ' +
      `where case_set_id = ? and ${range.sql} order by line`,
    [job.caseSetId, ...range.params],
  );
  return rows.map((row) => {
    // The application time orders the budget pass; it is no fact a policy reads.
    const { appliedAt, ...application } = sql.readJson<{ appliedAt?: string }>(row.application);
    return {
      caseId: row.id as string,
      line: Number(row.line),
      externalRef: (row.external_ref as string | null) ?? null,
      // Object.assign, not spread: V8 copies parsed objects an order of magnitude faster this way.
      facts: Object.assign({}, sql.readJson(row.facts), application),
      asOf: job.asOf,
      appliedAt: appliedAt ?? null,
      observedDefault: Sql.bool(row.observed_default),
      expected: row.expected === null ? null : sql.readJson<ExpectedDecision>(row.expected),
    };
  });
}

/**
 * The budget pass: every chunk's candidate approvals settled one after another, in application time (file
 * order breaking ties), against an in-memory ledger. It runs in the last chunk's transaction from what the
 * chunks committed, so a job taken over there runs it again to the same report.
 */
function budgetPass(
  budgets: NonNullable<PreparedBacktest['budgets']>,
  cases: BudgetCase[],
  untimed: number,
): StoredBudgetReport {
  return {
    ...budgetBacktest(budgets.exposure, cases, { stepFen: budgets.stepFen }),
    order: untimed > 0 ? BudgetOrder.FILE_ORDER : BudgetOrder.APPLICATION_TIME,
    policyId: budgets.policy.policyId,
    versionId: budgets.policy.versionId,
    revision: budgets.policy.revision,
  };
}

function filterOf(stored: Record<string, unknown>): DecisionFilter {
  const date = (value: unknown) => (typeof value === 'string' ? new Date(value) : undefined);
  return { ...(stored as DecisionFilter), from: date(stored.from), to: date(stored.to) };
}

/** What a stored decision decided, from its row. */
function recordedSummary(sql: Sql, row: Record<string, unknown>): DecisionSummary {
  const money = (minor: unknown) => (minor === null ? null : minorToCny(Number(minor)));
  return {
    outcome: row.outcome as DecisionSummary['outcome'],
    approvedLimit: money(row.approved_limit_minor),
    aprBps: Sql.number(row.apr_bps),
    termMonths: Sql.number(row.term_months),
    riskTier: (row.risk_tier as string | null) ?? null,
    affordableLimit: money(row.affordable_limit_minor),
    overflow: Boolean(Sql.bool(row.overflow)),
    reasons: sql.readJson<{ code: string }[]>(row.reasons).map((reason) => reason.code),
    firedRules: firedRulesOf(sql.readJson<PipelineTrace>(row.trace)),
  };
}
