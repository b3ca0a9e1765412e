import type { EntityManager } from '@mikro-orm/core';
import {
  type CompiledCompliance,
  type ComplianceLine,
  compilePolicy,
  evaluateCompliance,
  type ComplianceFinding as Finding,
} from '@spillway/rules';
import { newId } from '../core/ids.js';
import { cnyToMinor } from '../core/money.js';
import { CreditLineStatus } from '../credit-lines/credit-line.entity.js';
import { Sql, type TypedColumn } from '../db/sql.js';
import type { ChunkControl, ChunkRange, ClaimedChunk, JobKind } from '../jobs/job-kind.js';
import { JobFailure } from '../jobs/job-kind.js';
import { inKeyRange, planKeyRanges } from '../jobs/key-ranges.js';
import { FindingStatus } from './compliance-finding.entity.js';
import { type CheckTally, ComplianceRun } from './compliance-run.entity.js';

/** The kind of job compliance runs are. */
export const COMPLIANCE_JOB = 'compliance';
/** Borrowers per chunk: their findings, new, seen again and resolved, commit in one short transaction. */
export const COMPLIANCE_CHUNK = 100;

/** What every chunk of a run needs: its checks as snapshotted when it started, and the products' terms. */
export interface PreparedRun {
  id: string;
  createdAt: Date;
  policyVersionId: string;
  revision: string;
  compliance: CompiledCompliance;
  allowedTerms: Map<string, number[]>;
}

/** A line as the chunk reads it, with what set its limit. */
interface ReadLine extends ComplianceLine {
  borrowerId: string;
  setBy: { limitChangeId: string; decisionId: string | null; alertId: string | null; at: number } | null;
}

interface OpenFinding {
  id: string;
  key: string;
}

/** What a chunk found, written by its commit. */
export interface RunOutput {
  inserts: unknown[][];
  /** Open findings found again: id, then the columns of SEEN_AGAIN. */
  seenAgain: unknown[][];
  resolved: string[];
  borrowersChecked: number;
  tallies: Record<string, CheckTally>;
}

const FINDING_COLUMNS = [
  'id',
  'created_at',
  'finding_key',
  'status',
  'borrower_id',
  'credit_line_id',
  'check_id',
  'check_type',
  'code',
  'exposure_minor',
  'facts',
  'policy_version_id',
  'revision',
  'first_run_id',
  'last_run_id',
  'first_found_at',
  'last_found_at',
  'set_by_decision_id',
  'set_by_limit_change_id',
  'set_by_alert_id',
];
const FINDING_KEYS: TypedColumn[] = [{ name: 'id', type: 'uuid' }];
const SEEN_AGAIN: TypedColumn[] = [
  { name: 'exposure_minor', type: 'bigint' },
  { name: 'facts', type: 'jsonb' },
  { name: 'policy_version_id', type: 'text' },
  { name: 'revision', type: 'text' },
  { name: 'last_run_id', type: 'uuid' },
  { name: 'last_found_at', type: 'timestamptz' },
  { name: 'set_by_decision_id', type: 'uuid' },
  { name: 'set_by_limit_change_id', type: 'uuid' },
  { name: 'set_by_alert_id', type: 'uuid' },
];

export const findingKey = (borrowerId: string, finding: Pick<Finding, 'lineId' | 'check' | 'code'>) =>
  `${borrowerId}|${finding.lineId ?? '-'}|${finding.check}|${finding.code}`;

/** The tally of a check and code, made empty the first time. */
function tallyOf(
  tallies: Record<string, CheckTally>,
  of: { check: string; code: string; type: string },
  key = `${of.check}|${of.code}`,
): CheckTally {
  let tally = tallies[key];
  if (!tally) {
    tally = {
      check: of.check,
      type: of.type,
      code: of.code,
      findings: 0,
      exposureMinor: 0,
      newFindings: 0,
      resolved: 0,
    };
    tallies[key] = tally;
  }
  return tally;
}

/**
 * Compliance runs as jobs: the published COMPLIANCE checks, snapshotted when the run started, over every
 * borrower with an active line (or an open finding), in chunks of COMPLIANCE_CHUNK borrowers by id, so a
 * borrower's lines of every product are judged together. A chunk reads its borrowers' lines, current income
 * and debts, the limit changes that set each limit and the open findings as plain rows, judges each borrower
 * (rules/ `evaluateCompliance`), and commits new findings, findings seen again, resolved ones and the run's
 * tallies in one short transaction.
 */
export class ComplianceJob implements JobKind<PreparedRun, RunOutput> {
  readonly name = COMPLIANCE_JOB;
  readonly table = 'compliance_run';

  async prepare(em: EntityManager, jobId: string): Promise<PreparedRun> {
    const run = await em.findOneOrFail(ComplianceRun, { id: jobId });
    const compiled = compilePolicy(run.policyDocument);
    if (!compiled.compliance) throw new JobFailure('the run’s policy has no compliance checks');
    const products = await Sql.of(em).all('select id, allowed_terms from product');
    return {
      id: run.id,
      createdAt: run.createdAt,
      policyVersionId: run.policyVersionId,
      revision: run.revision,
      compliance: compiled.compliance,
      allowedTerms: new Map(
        products.map((row) => [String(row.id), Sql.of(em).readJson<number[]>(row.allowed_terms)]),
      ),
    };
  }

  plan(em: EntityManager): Promise<ChunkRange[]> {
    return planKeyRanges(
      em,
      {
        table: 'borrower',
        key: 'id',
        where:
          'exists (select 1 from credit_line l where l.borrower_id = borrower.id and l.status = ?) or ' +
          'exists (select 1 from compliance_finding f where f.borrower_id = borrower.id and f.status = ?)',
        params: [CreditLineStatus.ACTIVE, FindingStatus.OPEN],
      },
      COMPLIANCE_CHUNK,
    );
  }

  async planned(tx: EntityManager, run: PreparedRun, chunks: ChunkRange[]) {
    await Sql.of(tx).run('update compliance_run set borrowers_total = ?, heartbeat_at = ? where id = ?', [
      chunks.reduce((sum, chunk) => sum + chunk.itemCount, 0),
      new Date(),
      run.id,
    ]);
  }

  async run(em: EntityManager, run: PreparedRun, chunk: ClaimedChunk, control: ChunkControl) {
    const borrowers = await this.borrowers(em, run, chunk);
    const open = await this.openFindings(em, chunk);
    const output: RunOutput = { inserts: [], seenAgain: [], resolved: [], borrowersChecked: 0, tallies: {} };
    const now = new Date();
    const found = new Set<string>();
    for (const borrower of borrowers.values()) {
      let findings: Finding[];
      try {
        findings = evaluateCompliance(run.compliance, borrower);
      } catch (error) {
        throw new JobFailure(
          `borrower ${borrower.id}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      output.borrowersChecked++;
      for (const finding of findings) {
        const key = findingKey(borrower.id, finding);
        found.add(key);
        const tally = tallyOf(output.tallies, finding);
        tally.findings++;
        tally.exposureMinor += finding.exposureMinor;
        const setBy = setByOf(borrower.lines, finding.lineId);
        const existing = open.get(key);
        if (existing) {
          output.seenAgain.push([
            existing.id,
            finding.exposureMinor,
            Sql.json(finding.facts),
            run.policyVersionId,
            run.revision,
            run.id,
            now,
            setBy?.decisionId ?? null,
            setBy?.limitChangeId ?? null,
            setBy?.alertId ?? null,
          ]);
        } else {
          tally.newFindings++;
          output.inserts.push([
            newId(),
            now,
            key,
            FindingStatus.OPEN,
            borrower.id,
            finding.lineId,
            finding.check,
            finding.type,
            finding.code,
            finding.exposureMinor,
            Sql.json(finding.facts),
            run.policyVersionId,
            run.revision,
            run.id,
            run.id,
            now,
            now,
            setBy?.decisionId ?? null,
            setBy?.limitChangeId ?? null,
            setBy?.alertId ?? null,
          ]);
        }
      }
      await control.yield();
    }
    for (const [key, finding] of open) {
      if (found.has(key)) continue;
      output.resolved.push(finding.id);
      const [, , check, code] = key.split('|');
      tallyOf(output.tallies, { check, code, type: finding.type }).resolved++;
    }
    return output;
  }

  async commit(tx: EntityManager, run: PreparedRun, _chunk: ClaimedChunk, output: RunOutput) {
    const sql = Sql.of(tx);
    const now = new Date();
    await sql.insert('compliance_finding', FINDING_COLUMNS, output.inserts);
    await sql.update('compliance_finding', FINDING_KEYS, SEEN_AGAIN, output.seenAgain);
    for (let start = 0; start < output.resolved.length; start += 500) {
      const ids = output.resolved.slice(start, start + 500);
      await sql.run(
        `update compliance_finding set status = ?, resolved_run_id = ?, resolved_at = ? where status = ? and id in (${Sql.placeholders(ids.length)})`,
        [FindingStatus.RESOLVED, run.id, now, FindingStatus.OPEN, ...ids],
      );
    }
    const [current] = await sql.all('select tallies from compliance_run where id = ?', [run.id]);
    const tallies = sql.readJson<Record<string, CheckTally>>(current.tallies);
    let findings = 0;
    let newFindings = 0;
    let resolved = 0;
    for (const [key, tally] of Object.entries(output.tallies)) {
      const sum = tallyOf(tallies, tally, key);
      sum.findings += tally.findings;
      sum.exposureMinor += tally.exposureMinor;
      sum.newFindings += tally.newFindings;
      sum.resolved += tally.resolved;
      findings += tally.findings;
      newFindings += tally.newFindings;
      resolved += tally.resolved;
    }
    await sql.run(
      'update compliance_run set borrowers_checked = borrowers_checked + ?, findings_open = findings_open + ?, ' +
        'new_findings = new_findings + ?, resolved_findings = resolved_findings + ?, tallies = ?, heartbeat_at = ? ' +
        'where id = ?',
      [output.borrowersChecked, findings, newFindings, resolved, Sql.json(tallies), now, run.id],
    );
  }

  async finish(tx: EntityManager, run: PreparedRun) {
    await Sql.of(tx).run('update compliance_run set duration_ms = ? where id = ?', [
      Date.now() - run.createdAt.getTime(),
      run.id,
    ]);
  }

  /**
   * The chunk's borrowers with their active lines of every product, current income and debts, and what set
   * each limit: the latest limit change of the line, its decision (whose term the line has) or its cut.
   */
  private async borrowers(em: EntityManager, run: PreparedRun, chunk: ChunkRange) {
    const sql = Sql.of(em);
    const range = inKeyRange('l.borrower_id', chunk);
    const rows = await sql.all(
      'select l.id, l.borrower_id, l.product_id, l.limit_minor, l.apr_bps, l.behaviour, l.behaviour_as_of, ' +
        'l.history, b.profile from credit_line l join borrower b on b.id = l.borrower_id ' +
        `where ${range.sql} and ${sql.unindexed('l.status')} = ? order by l.borrower_id, l.id`,
      [...range.params, CreditLineStatus.ACTIVE],
    );
    const changes = await this.limitChanges(
      em,
      rows.map((row) => String(row.id)),
    );
    const borrowers = new Map<string, JudgedBorrower>();
    for (const row of rows) {
      const borrowerId = String(row.borrower_id);
      const behaviour = row.behaviour === null ? null : sql.readJson(row.behaviour);
      const history = row.history === null ? null : sql.readJson(row.history);
      const setBy = changes.get(String(row.id)) ?? null;
      let borrower = borrowers.get(borrowerId);
      if (!borrower) {
        borrower = {
          id: borrowerId,
          profile: sql.readJson(row.profile),
          reports: [],
          lines: [],
          monthlyIncomeMinor: null,
          monthlyDebtServiceMinor: null,
        };
        borrowers.set(borrowerId, borrower);
      }
      if (behaviour) {
        borrower.reports.push({ at: Sql.date(row.behaviour_as_of)?.getTime() ?? 0, facts: behaviour });
      }
      const instalment = (history as { instalment?: { termMonths?: unknown } } | null)?.instalment;
      const termMonths =
        typeof instalment?.termMonths === 'number' ? instalment.termMonths : (setBy?.termMonths ?? null);
      borrower.lines.push({
        id: String(row.id),
        borrowerId,
        limitMinor: Number(row.limit_minor),
        aprBps: Number(row.apr_bps),
        termMonths,
        allowedTerms: run.allowedTerms.get(String(row.product_id)) ?? [],
        setBy,
      });
    }
    for (const borrower of borrowers.values()) {
      const current = currentFigures(borrower.profile, borrower.reports);
      borrower.monthlyIncomeMinor = current.monthlyIncomeMinor;
      borrower.monthlyDebtServiceMinor = current.monthlyDebtServiceMinor;
    }
    return borrowers;
  }

  /** Each line's latest limit change, with the term of the latest decision among them. */
  private async limitChanges(em: EntityManager, lineIds: string[]) {
    const sql = Sql.of(em);
    const latest = new Map<
      string,
      NonNullable<ReadLine['setBy']> & { termMonths: number | null; decisionAt: number }
    >();
    for (let start = 0; start < lineIds.length; start += 500) {
      const ids = lineIds.slice(start, start + 500);
      const rows = await sql.all(
        'select c.id, c.credit_line_id, c.decision_id, c.alert_id, c.created_at, d.term_months ' +
          'from limit_change c left join decision d on d.id = c.decision_id ' +
          `where c.credit_line_id in (${Sql.placeholders(ids.length)}) order by c.created_at, c.id`,
        ids,
      );
      for (const row of rows) {
        const lineId = String(row.credit_line_id);
        const at = Sql.date(row.created_at)?.getTime() ?? 0;
        const before = latest.get(lineId);
        const decided = row.decision_id !== null;
        latest.set(lineId, {
          limitChangeId: String(row.id),
          decisionId: decided ? String(row.decision_id) : (before?.decisionId ?? null),
          alertId: row.alert_id === null ? null : String(row.alert_id),
          at,
          termMonths: decided ? Sql.number(row.term_months) : (before?.termMonths ?? null),
          decisionAt: decided ? at : (before?.decisionAt ?? 0),
        });
      }
    }
    return latest;
  }

  /** The open findings of the chunk's borrowers, by key. */
  private async openFindings(em: EntityManager, chunk: ChunkRange) {
    const sql = Sql.of(em);
    const range = inKeyRange('borrower_id', chunk);
    const rows = await sql.all(
      `select id, finding_key, check_type from compliance_finding where ${range.sql} and ${sql.unindexed('status')} = ?`,
      [...range.params, FindingStatus.OPEN],
    );
    return new Map<string, OpenFinding & { type: string }>(
      rows.map((row) => [
        String(row.finding_key),
        { id: String(row.id), key: String(row.finding_key), type: String(row.check_type) },
      ]),
    );
  }
}

interface JudgedBorrower {
  id: string;
  profile: Record<string, unknown>;
  reports: { at: number; facts: Record<string, unknown> }[];
  lines: ReadLine[];
  monthlyIncomeMinor: number | null;
  monthlyDebtServiceMinor: number | null;
}

const money = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? cnyToMinor(value) : null;

/**
 * The borrower's income and debts as last reported: a servicing report on any of their lines (the newest
 * that carries the figure) overrides what they declared in their profile, as it does for the review.
 */
export function currentFigures(
  profile: Record<string, unknown>,
  reports: { at: number; facts: Record<string, unknown> }[],
) {
  const newest = [...reports].sort((a, b) => b.at - a.at);
  const latest = (name: string) => {
    const reported = newest.find((report) => report.facts[name] !== undefined && report.facts[name] !== null);
    return money(reported ? reported.facts[name] : profile[name]);
  };
  return {
    monthlyIncomeMinor: latest('monthlyIncome'),
    monthlyDebtServiceMinor: latest('monthlyDebtService'),
  };
}

/**
 * What set the limit a finding is about: the line's latest limit change, or for a check of all the
 * borrower's lines the latest change among them (the one that took the total where it is).
 */
function setByOf(lines: ReadLine[], lineId: string | null): ReadLine['setBy'] {
  const candidates = lines.filter((line) => lineId === null || line.id === lineId);
  let latest: ReadLine['setBy'] = null;
  for (const line of candidates) {
    if (line.setBy && (!latest || line.setBy.at > latest.at)) latest = line.setBy;
  }
  return latest;
}
