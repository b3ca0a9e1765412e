import type { EntityManager } from '@mikro-orm/core';
import {
  type CandidateCharacteristic,
  checkFitOptions,
  type FitCase,
  type ScorecardFit as FittedScorecard,
  fitScorecard,
  PolicyError,
  type PolicyProblem,
  revision,
  type ScorecardFitOptions,
} from '@spillway/rules';
import type { AuditService } from '../audit/audit.service.js';
import { Sql } from '../db/sql.js';
import {
  type ChunkControl,
  type ChunkRange,
  type ClaimedChunk,
  JobFailure,
  type JobKind,
  keepFailureDetail,
} from '../jobs/job-kind.js';
import { queueChunks } from '../jobs/job-runner.js';
import { inKeyRange, planKeyRanges } from '../jobs/key-ranges.js';
import { type PolicyKind, VersionStatus } from '../policies/policy-kind.js';
import { insertDraft } from '../policies/policy-version.service.js';
import { OBSERVED_DEFAULT, ScorecardFit } from './scorecard-fit.entity.js';

/** The kind of job scorecard fits are. */
export const SCORECARD_FIT_JOB = 'scorecardFit';
/** Cases per read chunk: a worker's unit of reading, of commit and of retry. */
export const FIT_READ_CHUNK = 2000;
/** The key range of the fit step: it reads what the read chunks kept, not lines of the case set. */
const FIT_STEP = 'fit';

export interface PreparedFit {
  id: string;
  caseSetId: string | null;
  policyId: string;
  outcome: string;
  /** The facts the candidates read: all a read chunk keeps of a case. */
  reads: string[];
  options: ScorecardFitOptions;
  authorId: string;
  createdBy: string;
}

/** What a read chunk keeps of its cases, column by column: the outcome and each fact the fit reads. */
interface ReadState {
  cases: number;
  skipped: number;
  bad: number[];
  columns: Record<string, unknown[]>;
}

type FitOutput = { step: 'read'; state: ReadState } | { step: 'fit'; fit: FittedScorecard };

/**
 * A scorecard fit as a job: chunks of the case set's lines each keep, of every case with a known outcome,
 * the outcome and the facts the candidates read (in their state, committed with the chunk). The commit of
 * the last of them queues one more chunk, the fit step: it gathers what they kept, fits the card
 * (rules' fitScorecard: binning, IV, logistic regression, points, held-out validation) on whichever
 * runner claims it, never the thread that answers requests, and its commit stores the report and writes
 * the card into a new DRAFT version of the target policy, authored by whoever started the fit.
 */
export class ScorecardFitJob implements JobKind<PreparedFit, FitOutput> {
  readonly name = SCORECARD_FIT_JOB;
  readonly table = 'scorecard_fit';

  constructor(private readonly audit: AuditService) {}

  async prepare(em: EntityManager, jobId: string): Promise<PreparedFit> {
    const job = await em.findOneOrFail(ScorecardFit, { id: jobId });
    const options: ScorecardFitOptions = {
      name: job.name,
      characteristics: job.characteristics as CandidateCharacteristic[],
      testShare: job.testShare,
      seed: job.seed,
    };
    return {
      id: job.id,
      caseSetId: job.caseSet?.id ?? null,
      policyId: job.policy.id,
      outcome: job.outcome,
      reads: checkFitOptions(options).reads,
      options,
      authorId: job.authorId,
      createdBy: job.createdBy,
    };
  }

  async plan(em: EntityManager, job: PreparedFit): Promise<ChunkRange[]> {
    const ranges = await planKeyRanges(
      em,
      { table: 'historical_case', key: 'line', where: 'case_set_id = ?', params: [job.caseSetId] },
      FIT_READ_CHUNK,
    );
    // With no case to read, the fit step alone says why nothing can be fitted.
    return ranges.length > 0 ? ranges : [fitStep(0)];
  }

  async planned(tx: EntityManager, job: PreparedFit, chunks: ChunkRange[]) {
    const total = chunks.reduce((sum, chunk) => sum + (isFitStep(chunk) ? 0 : chunk.itemCount), 0);
    await Sql.of(tx).run('update scorecard_fit set cases_total = ? where id = ?', [total, job.id]);
  }

  async run(em: EntityManager, job: PreparedFit, chunk: ClaimedChunk, control: ChunkControl) {
    if (isFitStep(chunk)) return { step: 'fit' as const, fit: await this.fit(em, job, chunk) };
    return { step: 'read' as const, state: await readChunk(em, job, chunk, control) };
  }

  stateOf(output: FitOutput) {
    return output.step === 'read' ? (output.state as unknown as Record<string, unknown>) : null;
  }

  async commit(tx: EntityManager, job: PreparedFit, chunk: ClaimedChunk, output: FitOutput) {
    const sql = Sql.of(tx);
    if (output.step === 'fit') return this.store(tx, job, chunk, output.fit);
    await sql.run(
      'update scorecard_fit set cases_read = cases_read + ?, cases_skipped = cases_skipped + ? where id = ?',
      [output.state.cases, output.state.skipped, job.id],
    );
    // The runner counted this chunk under the lock of the job row: exactly one read chunk sees it is last.
    const [counts] = await sql.all('select chunks_done, chunk_count from scorecard_fit where id = ?', [
      job.id,
    ]);
    const chunkCount = Number(counts.chunk_count);
    if (Number(counts.chunks_done) !== chunkCount) return;
    await queueChunks(tx, this.name, job.id, [fitStep(chunkCount)], chunkCount);
    await sql.run('update scorecard_fit set chunk_count = chunk_count + 1 where id = ?', [job.id]);
  }

  async finish() {
    // The fit step's commit stored everything.
  }

  failed(tx: EntityManager, jobId: string, failure: JobFailure | null) {
    return keepFailureDetail(tx, this.table, jobId, failure);
  }

  /** Every read chunk's cases, in line order, fitted. */
  private async fit(em: EntityManager, job: PreparedFit, chunk: ClaimedChunk): Promise<FittedScorecard> {
    const sql = Sql.of(em);
    const reads = await sql.all<{ state: unknown }>(
      'select state from job_chunk where job_id = ? and "index" >= 0 and "index" < ? order by "index"',
      [job.id, chunk.index],
    );
    const cases: FitCase[] = [];
    for (const row of reads) {
      const state = sql.readJson<ReadState>(row.state);
      for (let i = 0; i < state.cases; i++) {
        const facts: Record<string, unknown> = {};
        for (const name of job.reads) {
          const value = state.columns[name][i];
          if (value !== null) facts[name] = value;
        }
        cases.push({ facts, bad: state.bad[i] === 1 });
      }
    }
    try {
      return fitScorecard(cases, job.options);
    } catch (error) {
      if (error instanceof PolicyError) throw fitFailure(error);
      throw error;
    }
  }

  /** The report and the card on the job, and the card in a new draft of the policy. */
  private async store(tx: EntityManager, job: PreparedFit, chunk: ClaimedChunk, fit: FittedScorecard) {
    const source = await draftSource(tx, job.policyId);
    if (!source) throw new JobFailure('The policy has no version to draft the scorecard onto');
    const scorecards = (source.document.scorecards ?? {}) as Record<string, unknown>;
    const draft = await insertDraft(tx, this.audit, job.createdBy, {
      policy: source.policy,
      document: { ...source.document, scorecards: { ...scorecards, [job.options.name]: fit.scorecard } },
      authorId: job.authorId,
      contributorIds: [job.authorId],
      basedOnNumber: source.number,
    });
    const sql = Sql.of(tx);
    await sql.run('update scorecard_fit set report = ?, scorecard = ?, draft_version_id = ? where id = ?', [
      Sql.json(fit.report),
      Sql.json(fit.scorecard),
      draft.id,
      job.id,
    ]);
    // What the read chunks kept served the fit; the report is what stays.
    await sql.run('update job_chunk set state = null where job_id = ? and "index" >= 0 and "index" < ?', [
      job.id,
      chunk.index,
    ]);
    const { report } = fit;
    await this.audit.record(tx, job.createdBy, {
      action: 'scorecardFit.complete',
      entityType: 'ScorecardFit',
      entityId: job.id,
      summary: {
        name: job.options.name,
        draftVersionId: draft.id,
        number: draft.number,
        characteristics: fit.scorecard.characteristics.map((characteristic) => characteristic.name),
        auc: report.test.auc,
        ks: report.test.ks,
      },
    });
  }
}

/**
 * The version a fitted card is drafted onto: the policy's published one, or else its latest. Read as plain
 * rows and checked against its revision: an entity loaded here would be flushed with the draft.
 */
export async function draftSource(em: EntityManager, policyId: string) {
  const sql = Sql.of(em);
  const [row] = await sql.all<{ number: unknown; document: unknown; revision: string; kind: PolicyKind }>(
    'select v.number, v.document, v.revision, p.kind from policy_version v join policy p on p.id = v.policy_id ' +
      'where v.policy_id = ? order by case when v.status = ? then 0 else 1 end, v.number desc limit 1',
    [policyId, VersionStatus.PUBLISHED],
  );
  if (!row) return null;
  const document = sql.readJson<Record<string, unknown>>(row.document);
  if (revision(document) !== row.revision) {
    throw new Error(`the ${row.kind} policy's version ${row.number} does not match its stored revision`);
  }
  return { policy: { id: policyId, kind: row.kind }, number: Number(row.number), document };
}

function fitStep(itemCount: number): ChunkRange {
  return { firstKey: FIT_STEP, lastKey: FIT_STEP, itemCount };
}

function isFitStep(chunk: ChunkRange): boolean {
  return chunk.firstKey === FIT_STEP;
}

/** One chunk's cases: each one's outcome, and the facts the fit reads, column by column. */
async function readChunk(
  em: EntityManager,
  job: PreparedFit,
  chunk: ClaimedChunk,
  control: ChunkControl,
): Promise<ReadState> {
  const sql = Sql.of(em);
  const range = inKeyRange('line', chunk);
  const rows = await sql.all(
    'select line, facts, application, observed_default from historical_case ' +
      `where case_set_id = ? and ${range.sql} order by line`,
    [job.caseSetId, ...range.params],
  );
  const state: ReadState = {
    cases: 0,
    skipped: 0,
    bad: [],
    columns: Object.fromEntries(job.reads.map((name) => [name, []])),
  };
  for (const row of rows) {
    // Object.assign, not spread: V8 copies parsed objects an order of magnitude faster this way.
    const facts: Record<string, unknown> = Object.assign(
      {},
      sql.readJson(row.facts),
      sql.readJson(row.application),
    );
    const bad = outcomeOf(
      job.outcome === OBSERVED_DEFAULT ? Sql.bool(row.observed_default) : facts[job.outcome],
      job.outcome,
      Number(row.line),
    );
    if (bad === null) {
      state.skipped++;
      continue;
    }
    state.cases++;
    state.bad.push(bad ? 1 : 0);
    for (const name of job.reads) state.columns[name].push(facts[name] ?? null);
    await control.yield();
  }
  return state;
}

/** A case's outcome as good or bad; null when it is not known. Anything else is not an outcome. */
function outcomeOf(value: unknown, outcome: string, line: number): boolean | null {
  if (value === null || value === undefined) return null;
  if (value === true || value === 1) return true;
  if (value === false || value === 0) return false;
  throw new JobFailure(
    `input.outcome: ${outcome} must be true or false (or 1 or 0) on every case; line ${line} has ${JSON.stringify(value)}`,
    { code: 'BAD_USER_INPUT', reason: 'OUTCOME_NOT_BINARY', field: 'input.outcome', line },
  );
}

/** A rules error of the fit (nothing predictive, one outcome only), in the terms of the input that caused it. */
function fitFailure(error: PolicyError): JobFailure {
  const field = inputPath(error.path ?? '$');
  const problems = error.problems?.map((problem: PolicyProblem) => ({
    ...problem,
    path: inputPath(problem.path),
  }));
  return new JobFailure(`${field}: ${error.message}`, {
    code: 'BAD_USER_INPUT',
    reason: error.code,
    field,
    ...(problems ? { problems } : {}),
  });
}

/** `$.characteristics[2].fact` of the fit's options is `input.characteristics[2].fact`; its cases are the case set. */
export function inputPath(path: string): string {
  if (path === 'cases' || path.startsWith('cases[')) return 'input.caseSetId';
  return path.startsWith('$') ? `input${path.slice(1)}` : `input.${path}`;
}
