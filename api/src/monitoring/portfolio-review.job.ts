import type { EntityManager } from '@mikro-orm/core';
import {
  type CompiledExposure,
  type CompiledPolicy,
  clampLimitCut,
  compilePolicy,
  evaluatePolicy,
  type MonitoringOutcome,
  type PolicyResult,
} from '@spillway/rules';
import { newId } from '../core/ids.js';
import { cnyToMinor, minorToCny } from '../core/money.js';
import { CreditLineStatus } from '../credit-lines/credit-line.entity.js';
import {
  type CreditLineService,
  type LimitCut,
  type LineLimits,
  limitCut,
  lineLimitsOf,
  type OtherLine,
  refreshOverflow,
} from '../credit-lines/credit-line.service.js';
import { Sql, type TypedColumn } from '../db/sql.js';
import {
  type CutRelease,
  cutReleases,
  publishedExposure,
  releaseRoom,
} from '../exposure/exposure-release.js';
import {
  ChunkConflict,
  type ChunkControl,
  type ChunkRange,
  type ClaimedChunk,
  JobFailure,
  type JobKind,
} from '../jobs/job-kind.js';
import { inKeyRange, planKeyRanges } from '../jobs/key-ranges.js';
import { AlertStatus, CutStatus } from './alert.entity.js';
import { NotificationChannel, NotificationStatus } from './notification.entity.js';
import { PortfolioReview } from './portfolio-review.entity.js';

/** The kind of job portfolio reviews are. */
export const REVIEW_JOB = 'review';
/**
 * Lines per chunk: a chunk's alerts, cuts, reminders and progress commit in one short transaction. 100 take
 * a quarter less time per line than 50 on SQLite (half the commits), and 200 took no less again.
 */
export const REVIEW_CHUNK = 100;

const SEVERITY_RANK: Record<string, number> = { HIGH: 3, MEDIUM: 2, LOW: 1 };

/** What every chunk of a review needs: its MONITORING policy as snapshotted when it started. */
export interface PreparedReview {
  id: string;
  productId: string;
  asOf: string;
  createdAt: Date;
  policy: CompiledPolicy;
  /** The published EXPOSURE budgets: the cuts give room back to those that say so. */
  exposure: CompiledExposure | null;
}

/** A reviewed line and its borrower, as the chunk reads them. */
interface ReviewedLine extends OtherLine {
  borrowerId: string;
  name: string;
  phoneMasked: string | null;
  hasPhone: boolean;
  profile: Record<string, unknown>;
  behaviour: Record<string, unknown> | null;
}

interface Counters {
  linesReviewed: number;
  linesFlagged: number;
  alertsCreated: number;
  alertsDeduplicated: number;
  cutsApplied: number;
  cutsPendingApproval: number;
  notificationsQueued: number;
}

/** What a chunk decided, written by its commit. */
export interface ReviewOutput {
  /** Lines (of the chunk, and of the same borrowers' other products) whose limits or overflow changed. */
  changedLines: OtherLine[];
  alerts: unknown[][];
  limitChanges: unknown[][];
  notifications: unknown[][];
  counters: Counters;
  counts: Record<string, Record<string, number>>;
  /** Room the chunk's cuts give back to exposure budgets: [counter, negative delta]. */
  released: [string, number][];
}

const ALERT_COLUMNS = [
  'id',
  'created_at',
  'credit_line_id',
  'borrower_id',
  'product_id',
  'review_id',
  'indicator',
  'severity',
  'reason',
  'rule',
  'status',
  'facts',
  'revision',
  'scorecards',
  'limit_at_alert_minor',
  'drawn_balance_minor',
  'proposed_limit_minor',
  'policy_proposed_limit_minor',
  'clamped_to_balance',
  'cut_status',
];
const LIMIT_CHANGE_COLUMNS = [
  'id',
  'created_at',
  'credit_line_id',
  'from_minor',
  'to_minor',
  'reason',
  'alert_id',
  'approved_by',
];
const NOTIFICATION_COLUMNS = [
  'id',
  'created_at',
  'borrower_id',
  'credit_line_id',
  'alert_id',
  'dedupe_key',
  'channel',
  'recipient_masked',
  'template',
  'params',
  'status',
  'attempts',
  'next_attempt_at',
];
/** A line is written back only where it still holds what the chunk read. */
const LINE_KEYS: TypedColumn[] = [
  { name: 'id', type: 'uuid' },
  { name: 'updated_at', type: 'timestamptz' },
];
const LINE_CHANGES: TypedColumn[] = [
  { name: 'limit_minor', type: 'bigint' },
  { name: 'affordable_limit_minor', type: 'bigint' },
  { name: 'overflow', type: 'boolean' },
  { name: 'updated_at', type: 'timestamptz' },
];

/** An alert the chunk creates, before it is a row. */
interface NewAlert {
  id: string;
  hit: MonitoringOutcome['alerts'][number];
  limitAtAlertMinor: number;
  cut: { proposedMinor: number; policyMinor: number; clampedToBalance: boolean; status: CutStatus } | null;
}

/**
 * Portfolio reviews as jobs: the published MONITORING policy, snapshotted when the review started, over
 * a product's active lines in chunks of REVIEW_CHUNK lines by id. A chunk reads its lines with their
 * borrowers, open alerts and the borrowers' other lines as plain rows, evaluates every line, and commits
 * its alerts (one open alert per line and indicator), clamped cuts (applied, or held for an APPROVER
 * above the automatic limit), reminders to the outbox and the review's counters in one short transaction,
 * only where the lines are as it read them.
 */
export class PortfolioReviewJob implements JobKind<PreparedReview, ReviewOutput> {
  readonly name = REVIEW_JOB;
  readonly table = 'portfolio_review';

  constructor(
    private readonly creditLines: CreditLineService,
    /** Cuts up to this much (fen) apply at once; larger ones wait for an APPROVER. */
    private readonly autoCutMaxMinor: number,
  ) {}

  async prepare(em: EntityManager, jobId: string): Promise<PreparedReview> {
    const review = await em.findOneOrFail(PortfolioReview, { id: jobId });
    if (!review.policyDocument)
      throw new JobFailure('the review started before reviews ran as jobs: start it again');
    return {
      id: review.id,
      productId: review.product.id,
      asOf: review.asOf.toISOString(),
      createdAt: review.createdAt,
      policy: compilePolicy(review.policyDocument),
      exposure: await publishedExposure(em, review.product.id),
    };
  }

  plan(em: EntityManager, review: PreparedReview): Promise<ChunkRange[]> {
    return planKeyRanges(
      em,
      {
        table: 'credit_line',
        key: 'id',
        where: 'product_id = ? and status = ?',
        params: [review.productId, CreditLineStatus.ACTIVE],
      },
      REVIEW_CHUNK,
    );
  }

  async planned(tx: EntityManager, review: PreparedReview, chunks: ChunkRange[]) {
    await Sql.of(tx).run('update portfolio_review set lines_total = ?, heartbeat_at = ? where id = ?', [
      chunks.reduce((sum, chunk) => sum + chunk.itemCount, 0),
      new Date(),
      review.id,
    ]);
  }

  async run(em: EntityManager, review: PreparedReview, chunk: ClaimedChunk, control: ChunkControl) {
    const lines = await this.lines(em, review, chunk);
    const open = await openAlerts(em, chunk);
    const otherLines = await this.creditLines.otherProductLines(
      em,
      lines.map((line) => line.borrowerId),
      review.productId,
    );
    const output: ReviewOutput = {
      changedLines: [],
      alerts: [],
      limitChanges: [],
      notifications: [],
      counters: {
        linesReviewed: 0,
        linesFlagged: 0,
        alertsCreated: 0,
        alertsDeduplicated: 0,
        cutsApplied: 0,
        cutsPendingApproval: 0,
        notificationsQueued: 0,
      },
      counts: {},
      released: [],
    };
    const cuts: CutRelease[] = [];
    const changed = new Set<OtherLine>();
    const createdAt = new Date();
    for (const line of lines) {
      const borrowerLines = [line, ...(otherLines.get(line.borrowerId) ?? [])];
      const before = borrowerLines.map(limitsOf);
      let result: PolicyResult;
      try {
        const otherLinesLimitMinor = borrowerLines.reduce(
          (sum, other) => (other === line ? sum : sum + other.limitMinor),
          0,
        );
        result = await evaluatePolicy(review.policy, {
          facts: lineFacts({ ...line, otherLinesLimitMinor }),
          asOf: review.asOf,
        });
      } catch (error) {
        throw new JobFailure(`line ${line.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
      output.counters.linesReviewed++;
      refreshCapacity(line, result.facts);
      refreshOverflow(borrowerLines);
      const monitoring = result.monitoring as MonitoringOutcome;
      if (monitoring.alerts.length > 0) output.counters.linesFlagged++;
      const created: NewAlert[] = [];
      for (const hit of [...monitoring.alerts].sort(
        (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity],
      )) {
        output.counts[hit.indicator] ??= {};
        output.counts[hit.indicator][hit.severity] = (output.counts[hit.indicator][hit.severity] ?? 0) + 1;
        const key = `${line.id}:${hit.indicator}`;
        if (open.has(key)) {
          output.counters.alertsDeduplicated++;
          continue;
        }
        open.add(key);
        created.push({ id: newId(), hit, limitAtAlertMinor: line.limitMinor, cut: null });
      }
      output.counters.alertsCreated += created.length;
      // The cut rides on the line's most severe new alert; a line whose hits are all already open
      // keeps its open alert, which may carry a cut of its own.
      if (monitoring.proposedLimit !== null && created.length > 0) {
        const change = this.proposeCut(borrowerLines, created[0], cnyToMinor(monitoring.proposedLimit));
        if (created[0].cut?.status === CutStatus.APPLIED) output.counters.cutsApplied++;
        if (created[0].cut?.status === CutStatus.PENDING_APPROVAL) output.counters.cutsPendingApproval++;
        if (change) {
          output.limitChanges.push(limitChangeRow(change, line.id, createdAt));
          cuts.push({ at: createdAt, cutFen: change.fromMinor - change.toMinor, facts: result.facts });
        }
      }
      if (created.length > 0) {
        // A line's alerts share its evidence: serialized once, however many indicators it hit.
        const evidence = { facts: Sql.json(result.facts), scorecards: Sql.json(result.trace.scorecards) };
        for (const alert of created) {
          output.alerts.push(alertRow(alert, line, review, result, evidence, createdAt));
        }
      }
      for (const notice of monitoring.notifications) {
        // A borrower with no phone on file cannot be reminded.
        if (!line.hasPhone || !line.phoneMasked) continue;
        output.notifications.push(
          reminderRow(review, line, notice.template, created[0]?.id ?? null, createdAt),
        );
        output.counters.notificationsQueued++;
      }
      borrowerLines.forEach((each, index) => {
        if (!sameLimits(before[index], limitsOf(each))) changed.add(each);
      });
      await control.yield();
    }
    output.changedLines = [...changed];
    output.released = [...cutReleases(review.exposure, cuts)];
    return output;
  }

  /**
   * Clamps the policy's proposal as clampLimitCut says, then applies it (limitCut) or holds it for an
   * APPROVER; the alert carries it. `borrowerLines` are the borrower's active lines, the reviewed one first.
   */
  private proposeCut(borrowerLines: LineLimits[], alert: NewAlert, policyMinor: number): LimitCut | null {
    const [line] = borrowerLines;
    const clamped = clampLimitCut(policyMinor, line.drawnBalanceMinor, line.limitMinor);
    if (!clamped) return null;
    const held = line.limitMinor - clamped.limit > this.autoCutMaxMinor;
    alert.cut = {
      proposedMinor: clamped.limit,
      policyMinor,
      clampedToBalance: clamped.clampedToBalance,
      status: held ? CutStatus.PENDING_APPROVAL : CutStatus.APPLIED,
    };
    if (held) return null;
    return limitCut(line, borrowerLines, {
      toMinor: clamped.limit,
      reason: `Monitoring: ${alert.hit.reason}`,
      alertId: alert.id,
      approvedBy: 'system (within the automatic cut limit)',
    });
  }

  async commit(tx: EntityManager, review: PreparedReview, _chunk: ClaimedChunk, output: ReviewOutput) {
    const sql = Sql.of(tx);
    const now = new Date();
    // A decide or a servicing update that moved a line since the chunk read it wins: the chunk runs again.
    const written = await sql.update(
      'credit_line',
      LINE_KEYS,
      LINE_CHANGES,
      output.changedLines.map((line) => [
        line.id,
        line.updatedAt,
        line.limitMinor,
        line.affordableLimitMinor,
        line.overflow,
        now,
      ]),
    );
    if (written !== output.changedLines.length) throw new ChunkConflict();
    await sql.insert('alert', ALERT_COLUMNS, output.alerts);
    await sql.insert('limit_change', LIMIT_CHANGE_COLUMNS, output.limitChanges);
    await sql.insert('notification', NOTIFICATION_COLUMNS, output.notifications);
    await releaseRoom(tx, review.productId, new Map(output.released));
    const [current] = await sql.all('select counts from portfolio_review where id = ?', [review.id]);
    const counts = sql.readJson<Record<string, Record<string, number>>>(current.counts);
    for (const [indicator, severities] of Object.entries(output.counts)) {
      counts[indicator] ??= {};
      for (const [severity, hits] of Object.entries(severities)) {
        counts[indicator][severity] = (counts[indicator][severity] ?? 0) + hits;
      }
    }
    const { counters } = output;
    await sql.run(
      'update portfolio_review set lines_reviewed = lines_reviewed + ?, lines_flagged = lines_flagged + ?, ' +
        'alerts_created = alerts_created + ?, alerts_deduplicated = alerts_deduplicated + ?, ' +
        'cuts_applied = cuts_applied + ?, cuts_pending_approval = cuts_pending_approval + ?, ' +
        'notifications_queued = notifications_queued + ?, counts = ?, heartbeat_at = ? where id = ?',
      [
        counters.linesReviewed,
        counters.linesFlagged,
        counters.alertsCreated,
        counters.alertsDeduplicated,
        counters.cutsApplied,
        counters.cutsPendingApproval,
        counters.notificationsQueued,
        Sql.json(counts),
        now,
        review.id,
      ],
    );
  }

  async finish(tx: EntityManager, review: PreparedReview) {
    await Sql.of(tx).run('update portfolio_review set duration_ms = ? where id = ?', [
      Date.now() - review.createdAt.getTime(),
      review.id,
    ]);
  }

  private async lines(em: EntityManager, review: PreparedReview, chunk: ChunkRange): Promise<ReviewedLine[]> {
    const sql = Sql.of(em);
    const range = inKeyRange('l.id', chunk);
    const rows = await sql.all(
      'select l.id, l.borrower_id, l.status, l.limit_minor, l.drawn_balance_minor, l.affordable_limit_minor, ' +
        'l.overflow, l.updated_at, l.behaviour, b.name, b.profile, b.phone_masked, b.phone_encrypted ' +
        'from credit_line l join borrower b on b.id = l.borrower_id ' +
        `where ${sql.unindexed('l.product_id')} = ? and ${sql.unindexed('l.status')} = ? and ${range.sql} order by l.id`,
      [review.productId, CreditLineStatus.ACTIVE, ...range.params],
    );
    return rows.map((row) => ({
      ...lineLimitsOf(row),
      borrowerId: row.borrower_id as string,
      behaviour: row.behaviour === null ? null : sql.readJson(row.behaviour),
      name: row.name as string,
      profile: sql.readJson(row.profile),
      phoneMasked: (row.phone_masked as string | null) ?? null,
      hasPhone: Boolean(row.phone_encrypted),
    }));
  }
}

/**
 * The chunk's lines' open alerts, `line:indicator`. On PostgreSQL the literal statuses let it use the partial
 * unique index that backs the one-open-alert rule; SQLite reads the range by its index on the line.
 */
async function openAlerts(em: EntityManager, chunk: ChunkRange): Promise<Set<string>> {
  const sql = Sql.of(em);
  const range = inKeyRange('credit_line_id', chunk);
  const rows = await sql.all(
    `select credit_line_id, indicator from alert where ${range.sql} and ${sql.unindexed('status')} in ('OPEN', 'ACKNOWLEDGED')`,
    range.params,
  );
  return new Set(rows.map((row) => `${row.credit_line_id}:${row.indicator}`));
}

/**
 * What the MONITORING policy sees of a line: the borrower's profile, the line's behaviour, its own figures,
 * and the limits of the borrower's other lines with this lender (which count with it against capacity).
 */
export function lineFacts(line: {
  profile: Record<string, unknown>;
  behaviour?: Record<string, unknown> | null;
  limitMinor: number;
  drawnBalanceMinor: number;
  otherLinesLimitMinor: number;
}): Record<string, unknown> {
  // Object.assign, not spread: V8 copies these parsed objects an order of magnitude faster this way.
  return Object.assign({}, line.profile, line.behaviour, {
    existingLimit: minorToCny(line.limitMinor),
    drawnBalance: minorToCny(line.drawnBalanceMinor),
    otherLinesLimit: minorToCny(line.otherLinesLimitMinor),
  });
}

/**
 * The review's own estimate of a line's capacity (the policy's `affordableLimit`), which keeps
 * overflowCustomers current between decisions once the borrower's lines are flagged again
 * (credit-line.service.ts, refreshOverflow). Floored to the fen: capacity is never rounded up.
 */
export function refreshCapacity(
  line: { affordableLimitMinor?: number | null },
  facts: Record<string, unknown>,
) {
  const affordable = facts.affordableLimit;
  if (typeof affordable === 'number' && Number.isFinite(affordable)) {
    line.affordableLimitMinor = Math.max(0, Math.floor(affordable * 100));
  }
}

const limitsOf = (line: LineLimits) => [line.limitMinor, line.affordableLimitMinor, line.overflow];
const sameLimits = (a: unknown[], b: unknown[]) => a.every((value, index) => value === b[index]);

function alertRow(
  alert: NewAlert,
  line: ReviewedLine,
  review: PreparedReview,
  result: PolicyResult,
  evidence: { facts: string | null; scorecards: string | null },
  createdAt: Date,
): unknown[] {
  return [
    alert.id,
    createdAt,
    line.id,
    line.borrowerId,
    review.productId,
    review.id,
    alert.hit.indicator,
    alert.hit.severity,
    alert.hit.reason,
    alert.hit.rule,
    AlertStatus.OPEN,
    evidence.facts,
    result.revision,
    evidence.scorecards,
    alert.limitAtAlertMinor,
    line.drawnBalanceMinor,
    alert.cut?.proposedMinor ?? null,
    alert.cut?.policyMinor ?? null,
    alert.cut?.clampedToBalance ?? false,
    alert.cut?.status ?? CutStatus.NONE,
  ];
}

function limitChangeRow(change: LimitCut, lineId: string, createdAt: Date): unknown[] {
  return [
    newId(),
    createdAt,
    lineId,
    change.fromMinor,
    change.toMinor,
    change.reason,
    change.alertId,
    change.approvedBy,
  ];
}

/** A reminder by SMS to the borrower's phone, in the outbox: one per review, line and template. */
function reminderRow(
  review: PreparedReview,
  line: ReviewedLine,
  template: string,
  alertId: string | null,
  createdAt: Date,
): unknown[] {
  return [
    newId(),
    createdAt,
    line.borrowerId,
    line.id,
    alertId,
    `${review.id}:${line.id}:${template}`,
    NotificationChannel.SMS,
    line.phoneMasked,
    template,
    Sql.json({
      name: line.name,
      limit: minorToCny(line.limitMinor).toFixed(2),
      drawnBalance: minorToCny(line.drawnBalanceMinor).toFixed(2),
    }),
    NotificationStatus.PENDING,
    0,
    createdAt,
  ];
}
