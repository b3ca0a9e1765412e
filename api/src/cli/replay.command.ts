import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/core';
import {
  type BacktestMetrics,
  type CompiledMapping,
  compileMapping,
  createMetricsAccumulator,
  mapRow,
  PolicyError,
  revision,
  validatePolicy,
} from '@spillway/rules';
import type { SpillwayApp } from '../app/app.js';
import type { SidePolicy } from '../backtests/backtest.entity.js';
import { sidePolicy, withReplaced } from '../backtests/backtest.service.js';
import {
  type CaseDifference,
  ChunkEvaluation,
  compileSide,
  DECISION_KINDS,
} from '../backtests/case-evaluation.js';
import { CHUNK_SIZE } from '../backtests/chunk-plan.js';
import { CaseSetFormat, readTable } from '../case-sets/table-reader.js';
import { PolicyKind } from '../policies/policy-kind.js';
import { versionSnapshot } from '../policies/policy-loader.js';
import { findVersion } from '../policies/policy-lookup.js';
import { SYSTEM_ACTOR } from '../policies/policy-publisher.js';
import { DEFAULT_PRODUCT_KEY } from '../products/product.entity.js';

export const REPLAY_USAGE = `usage: npm run replay -- --cases <file.csv|file.jsonl> --mapping <mapping.json> [options]
       npm run replay -- --decisions [options]

  --cases <file>        historical cases, streamed; the mapping turns each row into facts and an outcome
  --mapping <file>      the case mapping (JSON), as importCaseSet takes it
  --candidate <v>       a policy version id or a policy document file; repeat for several stages.
                        Without one the candidate is the published set: a pure regression run
  --baseline <v>        as --candidate; by default the product's published versions
  --expected            check every case against the expected decision its mapping reads; exit 1 on a miss
  --decisions           replay the recorded decisions instead (every one, or --from/--to); exit 1 on a mismatch
  --from, --to <date>   with --decisions: decided at or after / before
  --product <key>       default ${DEFAULT_PRODUCT_KEY}
  --as-of <date>        the date cases are decided as of (default now; recorded decisions keep theirs)
  --report <file>       the JSON report (default replay-report.json)

exit codes: 0 passed, 1 a regression or mismatch, 2 bad input`;

/** Cases listed in the report by name; the counts cover all of them. */
const REPORTED_CASES = 1000;

/** A refusal of the command's input, printed as one line with its code; exit 2. */
export class ReplayInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

interface Options {
  cases?: string;
  mapping?: string;
  candidate: string[];
  baseline: string[];
  expected: boolean;
  decisions: boolean;
  from?: string;
  to?: string;
  product: string;
  asOf?: string;
  report: string;
}

export function parseReplayArgs(argv: string[]): Options {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new ReplayInputError('BAD_ARGUMENTS', (error as Error).message);
  }
  const { values } = parsed;
  const options: Options = {
    cases: values.cases,
    mapping: values.mapping,
    candidate: values.candidate ?? [],
    baseline: values.baseline ?? [],
    expected: values.expected ?? false,
    decisions: values.decisions ?? false,
    from: values.from,
    to: values.to,
    product: values.product ?? DEFAULT_PRODUCT_KEY,
    asOf: values['as-of'],
    report: values.report ?? 'replay-report.json',
  };
  if (options.decisions === Boolean(options.cases)) {
    throw new ReplayInputError('BAD_ARGUMENTS', 'give either --cases (with --mapping) or --decisions');
  }
  if (options.cases && !options.mapping)
    throw new ReplayInputError('BAD_ARGUMENTS', '--cases needs --mapping');
  for (const [flag, value] of [
    ['--as-of', options.asOf],
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      throw new ReplayInputError('BAD_ARGUMENTS', `${flag} "${value}" is not a date`);
    }
  }
  return options;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    options: {
      cases: { type: 'string' },
      mapping: { type: 'string' },
      candidate: { type: 'string', multiple: true },
      baseline: { type: 'string', multiple: true },
      expected: { type: 'boolean' },
      decisions: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      product: { type: 'string' },
      'as-of': { type: 'string' },
      report: { type: 'string' },
    },
  });
}

export interface ReplayReport {
  mode: 'cases' | 'decisions';
  source: string;
  asOf: string | null;
  baseline: Omit<SidePolicy, 'document'>[];
  candidate: Omit<SidePolicy, 'document'>[];
  cases: number;
  metrics: BacktestMetrics;
  expectationsChecked: number;
  regressions: number;
  mismatches: number;
  passed: boolean;
  /** The first cases that changed, missed their expectation or did not replay; `differenceCount` counts all. */
  differences: CaseDifference[];
  differenceCount: number;
}

/** Runs the command against the app's database; returns the exit code. */
export async function runReplay(app: SpillwayApp, options: Options, print: (line: string) => void) {
  const em = app.services.orm.em.fork();
  const report = options.decisions
    ? await replayDecisions(app, em, options)
    : await replayCases(app, em, options);
  writeFileSync(resolve(options.report), `${JSON.stringify(report, null, 2)}\n`);
  for (const line of summaryTable(report)) print(line);
  print(`report: ${resolve(options.report)}`);
  return report.passed ? 0 : 1;
}

async function replayCases(app: SpillwayApp, em: EntityManager, options: Options): Promise<ReplayReport> {
  const product = await app.services.products.get(em, options.product);
  const baseline = options.baseline.length
    ? await sideOf(em, options.baseline, '--baseline')
    : await app.services.backtests.publishedSide(product);
  const candidate = withReplaced(baseline, await sideOf(em, options.candidate, '--candidate'));
  const mappingDocument = readJson(options.mapping as string, '--mapping');
  if (options.expected && !(mappingDocument as { expected?: unknown }).expected) {
    throw new ReplayInputError('BAD_ARGUMENTS', '--expected needs a mapping with an "expected" section');
  }
  const asOf = (options.asOf ? new Date(options.asOf) : new Date()).toISOString();
  const baselineSet = compileSide(baseline);
  const candidateSet = compileSide(candidate);
  const metrics = createMetricsAccumulator();
  const totals = { cases: 0, expectationsChecked: 0, regressions: 0, mismatches: 0, differenceCount: 0 };
  const differences: CaseDifference[] = [];
  const file = options.cases as string;
  const format = extname(file).toLowerCase() === '.jsonl' ? CaseSetFormat.JSONL : CaseSetFormat.CSV;
  const stream = createReadStream(file);
  let mapping: CompiledMapping | null = null;
  let chunk = new ChunkEvaluation(baselineSet, candidateSet);
  let inChunk = 0;
  // One chunk of cases in memory at a time, however long the file.
  const fold = () => {
    const state = chunk.state();
    metrics.merge(state.metrics);
    totals.expectationsChecked += state.expectationsChecked;
    totals.regressions += state.regressions;
    totals.differenceCount += chunk.differences.length;
    differences.push(...chunk.differences.slice(0, Math.max(0, REPORTED_CASES - differences.length)));
    chunk = new ChunkEvaluation(baselineSet, candidateSet);
    inChunk = 0;
  };
  const rowErrors: string[] = [];
  try {
    for await (const item of readTable(format, stream)) {
      if (item.kind === 'header') {
        mapping = compileMappingOrRefuse(mappingDocument, item.columns);
        continue;
      }
      if (item.kind === 'error') {
        rowErrors.push(`line ${item.line}: ${item.message}`);
        continue;
      }
      const mapped = mapRow(mapping as CompiledMapping, item.row, item.line);
      if ('errors' in mapped) {
        rowErrors.push(...mapped.errors.map((error) => `line ${error.line}: ${error.code} ${error.message}`));
        continue;
      }
      if (rowErrors.length > 0) continue;
      await chunk.add(
        {
          line: item.line,
          facts: { ...mapped.facts, ...mapped.application },
          asOf,
          observedDefault: mapped.observedDefault,
          expected: options.expected ? (mapped.expected ?? null) : null,
        },
        totals.cases,
      );
      totals.cases++;
      if (++inChunk === CHUNK_SIZE) fold();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ReplayInputError('FILE_NOT_FOUND', `--cases ${file} does not exist`);
    }
    throw error;
  } finally {
    stream.destroy();
  }
  if (rowErrors.length > 0) {
    throw new ReplayInputError(
      'ROWS_INVALID',
      `${rowErrors.length} row problem(s) in ${file}`,
      rowErrors.slice(0, 20),
    );
  }
  if (!mapping || totals.cases === 0) throw new ReplayInputError('EMPTY_CASES', `${file} has no cases`);
  fold();
  const passed = totals.regressions === 0;
  return {
    mode: 'cases',
    source: resolve(file),
    asOf,
    baseline: baseline.map(refOf),
    candidate: candidate.map(refOf),
    cases: totals.cases,
    metrics: metrics.result(),
    expectationsChecked: totals.expectationsChecked,
    regressions: totals.regressions,
    mismatches: 0,
    passed,
    differences,
    differenceCount: totals.differenceCount,
  };
}

/** Through a replay job, as the console starts one, run to the end in this process. */
async function replayDecisions(app: SpillwayApp, em: EntityManager, options: Options): Promise<ReplayReport> {
  const { backtests, jobs } = app.services;
  const candidate = options.candidate.length ? await sideOf(em, options.candidate, '--candidate') : [];
  const unsaved = candidate.filter((policy) => policy.versionId === null);
  if (unsaved.length > 0) {
    throw new ReplayInputError('BAD_ARGUMENTS', 'with --decisions, --candidate must name stored versions');
  }
  const started = await backtests.replay(em, SYSTEM_ACTOR, {
    filter: {
      productKey: options.product,
      from: options.from ? new Date(options.from) : undefined,
      to: options.to ? new Date(options.to) : undefined,
    },
    candidateVersionIds: candidate.map((policy) => policy.versionId as string),
  });
  await jobs.idle();
  const job = await backtests.get(em.fork(), started.id);
  if (job.status !== 'COMPLETED')
    throw new Error(`the replay ${job.id} ended ${job.status}: ${job.error ?? ''}`);
  const page = await backtests.differences(em.fork(), job, {}, { first: 100 });
  return {
    mode: 'decisions',
    source: `recorded decisions of ${options.product}`,
    asOf: null,
    baseline: [],
    candidate: job.candidate.map(refOf),
    cases: job.casesTotal,
    metrics: job.metrics as unknown as BacktestMetrics,
    expectationsChecked: 0,
    regressions: 0,
    mismatches: job.mismatches,
    passed: job.mismatches === 0,
    differences: page.edges.map((edge) => edge.node as unknown as CaseDifference),
    differenceCount: page.totalCount,
  };
}

/** Each argument is a version id or a policy document file. */
async function sideOf(em: EntityManager, values: string[], flag: string): Promise<SidePolicy[]> {
  const side: SidePolicy[] = [];
  for (const value of values) {
    let policy: SidePolicy;
    if (UUID.test(value)) {
      const version = await findVersion(em, value).catch(() => {
        throw new ReplayInputError('NOT_FOUND', `${flag} ${value}: no policy version has this id`);
      });
      policy = sidePolicy(versionSnapshot(version));
    } else {
      const document = readJson(value, flag);
      const validation = validatePolicy(document);
      if (!validation.valid) {
        throw new ReplayInputError(
          'POLICY_INVALID',
          `${flag} ${value} has ${validation.errors.length} problem(s)`,
          validation.errors.map((problem) => `${problem.path}: ${problem.code} ${problem.message}`),
        );
      }
      const kind = (document as { kind: PolicyKind }).kind;
      policy = {
        kind,
        policyId: null,
        versionId: null,
        number: null,
        revision: revision(document),
        document,
      };
    }
    if (!(DECISION_KINDS as readonly PolicyKind[]).includes(policy.kind)) {
      throw new ReplayInputError(
        'BAD_ARGUMENTS',
        `${flag} ${value} is a ${policy.kind} policy: only decision policies replay`,
      );
    }
    if (side.some((other) => other.kind === policy.kind)) {
      throw new ReplayInputError('BAD_ARGUMENTS', `${flag}: two ${policy.kind} policies were given`);
    }
    side.push(policy);
  }
  return side;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function readJson(path: string, flag: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ReplayInputError('FILE_NOT_FOUND', `${flag} ${path} cannot be read`);
  }
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed;
  } catch {
    throw new ReplayInputError('INVALID_JSON', `${flag} ${path} is not a JSON object`);
  }
}

function compileMappingOrRefuse(document: Record<string, unknown>, header: string[]): CompiledMapping {
  try {
    return compileMapping(document, header);
  } catch (error) {
    if (error instanceof PolicyError) {
      throw new ReplayInputError(
        error.code,
        `--mapping does not fit the file: ${error.message}`,
        (error.problems ?? []).map((problem) => `${problem.path}: ${problem.code} ${problem.message}`),
      );
    }
    throw error;
  }
}

const refOf = ({ document: _, ...ref }: SidePolicy) => ref;

const percent = (rate: number | null) => (rate === null ? '-' : `${(rate * 100).toFixed(1)}%`);

/** What a CI log shows: the two sides side by side, the swaps, and the verdict. */
export function summaryTable(report: ReplayReport): string[] {
  const { baseline, candidate, swaps } = report.metrics;
  const rows: [string, string, string][] = [
    ['', report.mode === 'decisions' ? 'recorded' : 'baseline', 'candidate'],
    ['approval rate', percent(baseline.approvalRate), percent(candidate.approvalRate)],
    ['bad rate among approved', percent(baseline.approved.badRate), percent(candidate.approved.badRate)],
    ['total granted (CNY)', baseline.limits.totalGranted, candidate.limits.totalGranted],
    ['overflow cases', String(baseline.limits.overflowCases), String(candidate.limits.overflowCases)],
    [
      'average APR (bps)',
      baseline.pricing.averageAprBps?.toFixed(0) ?? '-',
      candidate.pricing.averageAprBps?.toFixed(0) ?? '-',
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = [
    `${report.mode === 'decisions' ? 'replay of' : 'cases from'} ${report.source}: ${report.cases} case(s)`,
    ...rows.map(([label, left, right]) => `${label.padEnd(width)}${left.padStart(14)}${right.padStart(14)}`),
    `swap-in ${swaps.swapIn.count} (no outcome ${swaps.swapIn.unknown}, bad rate ${percent(swaps.swapIn.badRate)}), ` +
      `swap-out ${swaps.swapOut.count} (bad rate ${percent(swaps.swapOut.badRate)}), PSI ${report.metrics.tierPsi?.toFixed(4) ?? '-'}`,
  ];
  if (report.expectationsChecked > 0) {
    lines.push(`expectations: ${report.expectationsChecked} checked, ${report.regressions} missed`);
  }
  if (report.mode === 'decisions') lines.push(`mismatches: ${report.mismatches}`);
  lines.push(
    report.passed
      ? 'PASSED'
      : `FAILED: ${report.mode === 'decisions' ? `${report.mismatches} mismatch(es)` : `${report.regressions} regression(s)`}`,
  );
  return lines;
}
