import {
  caseOutcomeOf,
  compileMapping,
  createMetricsAccumulator,
  defaultPolicies,
  evaluatePipeline,
  mapRow,
  type PolicyDocument,
  summarizeResult,
} from '@spillway/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backtest } from '../src/backtests/backtest.entity.js';
import { BacktestDifference, ChangeKind } from '../src/backtests/backtest-difference.entity.js';
import { CaseSet, CaseSetStatus } from '../src/case-sets/case-set.entity.js';
import { Decision } from '../src/decisions/decision.entity.js';
import { DecisionOutcome } from '../src/decisions/decision-outcome.js';
import { ChunkStatus, JobChunk, PLAN_CHUNK_INDEX } from '../src/jobs/job-chunk.entity.js';
import { Product } from '../src/products/product.entity.js';
import { CASE_HEADER, CASE_MAPPING, caseCsv, caseScore, EXPECTING_MAPPING } from './support/cases.js';
import { testDialects } from './support/databases.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const IMPORT = `mutation ($input: ImportCaseSetInput!) { importCaseSet(input: $input) { caseSet { id caseCount } } }`;
const JOB_FIELDS = `id kind status casesTotal casesDone progress metrics expectationsChecked regressions mismatches
  passed error asOf productKey caseSet { id } baseline { kind versionId number revision }
  candidate { kind versionId number revision }`;
const START = `mutation ($input: StartBacktestInput!) { startBacktest(input: $input) { ${JOB_FIELDS} } }`;
const REPLAY = `mutation ($input: ReplayDecisionsInput!) { replayDecisions(input: $input) { ${JOB_FIELDS} } }`;
const CANCEL = `mutation ($id: ID!) { cancelBacktest(id: $id) { ${JOB_FIELDS} } }`;
const READ = `query ($id: ID!, $kinds: [ChangeKind!], $regressionsOnly: Boolean, $mismatchesOnly: Boolean,
  $after: String) { backtest(id: $id) { ${JOB_FIELDS}
  differences(first: 25, after: $after, changeKinds: $kinds, regressionsOnly: $regressionsOnly,
    mismatchesOnly: $mismatchesOnly) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { caseId decisionId line externalRef changeKind observedDefault baseline candidate
      regression mismatch expectationFailures mismatches } } } } }`;
const POLICIES = 'query { policies { id kind publishedVersion { id document } } }';
const CREATE_DRAFT = 'mutation ($input: CreateDraftInput!) { createDraft(input: $input) { id lockVersion } }';
const UPDATE_DRAFT = 'mutation ($input: UpdateDraftInput!) { updateDraft(input: $input) { id } }';

/** The default ADMISSION with the decline threshold raised from 550 to 650, above the referral band. */
function stricterAdmission(): PolicyDocument {
  const admission = defaultPolicies().ADMISSION;
  return { ...admission, parameters: { ...admission.parameters, minBureauScore: 650 } };
}

describe.each(dialects)('backtests and replays on %s', (dialect) => {
  let api: TestApi;
  let risk: Record<string, string>;
  let qa: Record<string, string>;
  let published: Record<string, { policyId: string; versionId: string }>;
  let candidateId: string;
  let caseSetId: string;

  const read = async (id: string, variables: Record<string, unknown> = {}) => {
    const result = await api.request(READ, { id, ...variables }, qa);
    expect(result.errors).toBeUndefined();
    return result.data.backtest;
  };
  const finished = async (id: string) => {
    await api.spillway.services.jobs.idle();
    return read(id);
  };
  const importCases = async (content: string, mapping: object = CASE_MAPPING) => {
    const result = await api.request(
      IMPORT,
      { input: { name: 'backtest cases', format: 'CSV', mapping, refColumn: 'ref', content } },
      qa,
    );
    expect(result.errors).toBeUndefined();
    return result.data.importCaseSet.caseSet.id as string;
  };

  beforeAll(async () => {
    api = await startTestApi(dialect, { demoDecisions: 40, jobLeaseSeconds: 1 });
    risk = await api.asUser('risk@spillway.local');
    qa = await api.asUser('qa@spillway.local');
    const policies = (await api.request(POLICIES, {}, risk)).data.policies;
    published = Object.fromEntries(
      policies.map((policy: { id: string; kind: string; publishedVersion: { id: string } }) => [
        policy.kind,
        { policyId: policy.id, versionId: policy.publishedVersion.id },
      ]),
    );
    const draft = (
      await api.request(CREATE_DRAFT, { input: { policyId: published.ADMISSION.policyId } }, risk)
    ).data.createDraft;
    const updated = await api.request(
      UPDATE_DRAFT,
      {
        input: { versionId: draft.id, expectedLockVersion: draft.lockVersion, document: stricterAdmission() },
      },
      risk,
    );
    expect(updated.errors).toBeUndefined();
    candidateId = draft.id;
    caseSetId = await importCases(caseCsv(300, { unknown: (i) => i % 50 === 0 }));
  });
  afterAll(async () => {
    await api?.close();
  });

  it('decides every case on both sides, and its metrics equal an independent run of the same policies', async () => {
    const started = await api.request(
      START,
      { input: { caseSetId, candidateVersionIds: [candidateId] } },
      risk,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data.startBacktest).toMatchObject({
      kind: 'BACKTEST',
      casesTotal: 300,
      productKey: 'cash-line',
      caseSet: { id: caseSetId },
    });
    const job = await finished(started.data.startBacktest.id);
    expect(job).toMatchObject({
      status: 'COMPLETED',
      casesDone: 300,
      progress: 1,
      passed: true,
      error: null,
    });
    expect(job.baseline.map((policy: { versionId: string }) => policy.versionId)).toEqual([
      published.ADMISSION.versionId,
      published.LIMIT.versionId,
      published.PRICING.versionId,
    ]);
    expect(job.candidate[0].versionId).toBe(candidateId);
    const ofSet = await api.request(
      'query ($caseSetId: ID) { backtests(first: 100, caseSetId: $caseSetId) { edges { node { id } } } }',
      { caseSetId },
      qa,
    );
    expect(ofSet.data.backtests.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(
      job.id,
    );

    // The same cases through the rules package alone, without the job, its chunks or its storage.
    const mapping = compileMapping(CASE_MAPPING, CASE_HEADER);
    const expected = createMetricsAccumulator();
    const lines = caseCsv(300, { unknown: (i) => i % 50 === 0 })
      .trim()
      .split('\r\n')
      .slice(1);
    for (const [index, text] of lines.entries()) {
      const mapped = mapRow(
        mapping,
        Object.fromEntries(CASE_HEADER.map((c, i) => [c, text.split(',')[i]])),
        index + 2,
      );
      if ('errors' in mapped) throw new Error('the test file maps');
      const facts = { ...mapped.facts, ...mapped.application };
      const decide = async (admission: PolicyDocument) =>
        summarizeResult(
          await evaluatePipeline({
            policies: { ...defaultPolicies(), ADMISSION: admission },
            facts,
            asOf: job.asOf,
          }),
        );
      expected.add({
        caseId: String(index),
        observedDefault: mapped.observedDefault,
        baseline: caseOutcomeOf(await decide(defaultPolicies().ADMISSION)),
        candidate: caseOutcomeOf(await decide(stricterAdmission())),
      });
    }
    expect(job.metrics).toEqual(expected.result());

    // Scores 620..649 were approved and are now declined: cases 20..49 and 220..249.
    const swapOuts = Array.from({ length: 300 }, (_, i) => i + 1).filter(
      (i) => caseScore(i) >= 620 && caseScore(i) < 650,
    );
    expect(job.metrics.swaps.swapOut.count).toBe(swapOuts.length);
    expect(swapOuts.length).toBe(60);
    // Their outcomes: every seventh defaulted, and cases 50 and 250 have none.
    expect(job.metrics.swaps.swapOut.unknown).toBe(0);
    expect(job.metrics.swaps.swapOut.defaults).toBe(swapOuts.filter((i) => i % 7 === 0).length);
    expect(job.metrics.baseline.approvalRate).toBeGreaterThan(job.metrics.candidate.approvalRate);

    const outs = await read(job.id, { kinds: ['SWAP_OUT'] });
    expect(outs.differences.totalCount).toBe(60);
    expect(outs.differences.edges).toHaveLength(25);
    expect(outs.differences.edges[0].node).toMatchObject({
      line: 21,
      externalRef: 'C-20',
      changeKind: 'SWAP_OUT',
      baseline: { outcome: 'APPROVE' },
      candidate: { outcome: 'DECLINE', reasons: ['LOW_BUREAU_SCORE'] },
    });
    const next = await read(job.id, { kinds: ['SWAP_OUT'], after: outs.differences.pageInfo.endCursor });
    expect(next.differences.edges[0].node.line).toBe(46);
    const all = await read(job.id);
    const kinds = new Set(
      all.differences.edges.map((edge: { node: { changeKind: string } }) => edge.node.changeKind),
    );
    expect(kinds).toEqual(new Set(['REFERRAL_CHANGE', 'SWAP_OUT']));
    expect(all.differences.totalCount).toBe(60 + job.metrics.swaps.referralChanges);
  });

  it('runs a regression suite: pass or fail per case against the expected decision', async () => {
    // Expect approval of every case scoring 620 or more (cases 20..120): the published policies meet it; the
    // candidate declines the 30 scoring 620..649.
    const expectApproval = (i: number) => (caseScore(i) >= 620 ? 'APPROVE' : '');
    const suiteId = await importCases(caseCsv(120, { expected: expectApproval }), EXPECTING_MAPPING);
    const asBaseline = await api.request(
      START,
      { input: { caseSetId: suiteId, candidateVersionIds: [published.ADMISSION.versionId] } },
      qa,
    );
    const passing = await finished(asBaseline.data.startBacktest.id);
    expect(passing).toMatchObject({
      status: 'COMPLETED',
      expectationsChecked: 101,
      regressions: 0,
      passed: true,
    });

    const withCandidate = await api.request(
      START,
      { input: { caseSetId: suiteId, candidateVersionIds: [candidateId] } },
      qa,
    );
    const failing = await finished(withCandidate.data.startBacktest.id);
    expect(failing).toMatchObject({ expectationsChecked: 101, regressions: 30, passed: false });
    const regressions = await read(failing.id, { regressionsOnly: true });
    expect(regressions.differences.totalCount).toBe(30);
    expect(regressions.differences.edges[0].node).toMatchObject({
      regression: true,
      expectationFailures: [{ field: 'outcome', expected: 'APPROVE', actual: 'DECLINE' }],
    });
  });

  it('replays recorded decisions to exactly what they recorded, and reports a tampered one', async () => {
    const clean = await api.request(REPLAY, { input: {} }, qa);
    expect(clean.errors).toBeUndefined();
    const replayed = await finished(clean.data.replayDecisions.id);
    expect(replayed).toMatchObject({
      kind: 'REPLAY',
      status: 'COMPLETED',
      casesTotal: 40,
      mismatches: 0,
      passed: true,
    });
    expect(replayed.differences.totalCount).toBe(0);

    const em = api.orm.em.fork();
    const approved = await em.findOneOrFail(
      Decision,
      { outcome: DecisionOutcome.APPROVE },
      { orderBy: { decidedAt: 'asc' } },
    );
    await em.nativeUpdate(Decision, { id: approved.id }, { aprBps: (approved.aprBps ?? 0) + 1 });
    const again = await finished((await api.request(REPLAY, { input: {} }, qa)).data.replayDecisions.id);
    expect(again).toMatchObject({ mismatches: 1, passed: false });
    const mismatches = await read(again.id, { mismatchesOnly: true });
    expect(mismatches.differences.edges.map((edge: { node: object }) => edge.node)).toEqual([
      expect.objectContaining({
        decisionId: approved.id,
        mismatch: true,
        mismatches: [{ field: 'aprBps', expected: (approved.aprBps ?? 0) + 1, actual: approved.aprBps }],
      }),
    ]);
    await em.nativeUpdate(Decision, { id: approved.id }, { aprBps: approved.aprBps });

    const filtered = await finished(
      (await api.request(REPLAY, { input: { filter: { outcome: 'APPROVE' } } }, qa)).data.replayDecisions.id,
    );
    expect(filtered.casesTotal).toBe(await em.count(Decision, { outcome: DecisionOutcome.APPROVE }));

    const whatIf = await finished(
      (await api.request(REPLAY, { input: { candidateVersionIds: [candidateId] } }, qa)).data.replayDecisions
        .id,
    );
    expect(whatIf).toMatchObject({
      status: 'COMPLETED',
      mismatches: 0,
      candidate: [{ versionId: candidateId }],
    });
    expect(whatIf.metrics.cases).toBe(40);
  });

  it('cancels a queued job, and refuses to cancel a finished one', async () => {
    const runner = api.spillway.services.jobs;
    await runner.stop();
    try {
      const started = await api.request(
        START,
        { input: { caseSetId, candidateVersionIds: [candidateId] } },
        risk,
      );
      const cancelled = await api.request(CANCEL, { id: started.data.startBacktest.id }, risk);
      expect(cancelled.data.cancelBacktest).toMatchObject({
        status: 'CANCELLED',
        casesDone: 0,
        passed: null,
      });
      const em = api.orm.em.fork();
      expect(
        await em.count(JobChunk, {
          jobId: started.data.startBacktest.id,
          status: { $ne: ChunkStatus.CANCELLED },
        }),
      ).toBe(0);
      const again = await api.request(CANCEL, { id: started.data.startBacktest.id }, risk);
      expect(again.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'JOB_FINISHED',
        status: 'CANCELLED',
      });
    } finally {
      runner.start();
    }
    const unknown = await api.request(CANCEL, { id: '00000000-0000-4000-8000-000000000000' }, risk);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it("takes over a dead worker's chunk once its lease expires, and counts it once", async () => {
    const runner = api.spillway.services.jobs;
    await runner.stop();
    const started = await api.request(
      START,
      { input: { caseSetId, candidateVersionIds: [candidateId] } },
      risk,
    );
    const id = started.data.startBacktest.id;
    const em = api.orm.em.fork();
    // The job is planned into its chunks, as any runner would...
    const plan = await em.findOneOrFail(JobChunk, { jobId: id, index: PLAN_CHUNK_INDEX });
    await runner.runChunk(plan.id);
    // ...then a worker claimed the first chunk and died before committing it.
    await em.nativeUpdate(
      JobChunk,
      { jobId: id, index: 0 },
      {
        status: ChunkStatus.RUNNING,
        claimedBy: 'dead-worker',
        claimedAt: new Date(Date.now() - 5000),
        attempts: 1,
      },
    );
    runner.start();
    const job = await finished(id);
    expect(job).toMatchObject({ status: 'COMPLETED', casesDone: 300 });
    const chunk = await em.findOneOrFail(JobChunk, { jobId: id, index: 0 });
    expect(chunk).toMatchObject({ status: 'DONE', attempts: 2, claimedBy: runner.workerId });
    expect(await em.count(BacktestDifference, { backtest: id, changeKind: ChangeKind.SWAP_OUT })).toBe(60);
  });

  it('refuses what it cannot run, with a code and the field at fault, and writes nothing', async () => {
    const em = api.orm.em.fork();
    const jobsBefore = await em.count(Backtest, {});
    const empty = em.create(CaseSet, {
      name: 'empty',
      product: await em.findOneOrFail(Product, { key: 'cash-line' }),
      source: 'test',
      mapping: CASE_MAPPING,
      status: CaseSetStatus.COMPLETE,
      caseCount: 0,
      defaultCount: 0,
      unknownOutcomeCount: 0,
      failedRowCount: 0,
      createdBy: 'test',
    });
    await em.flush();
    const monitoring = published.MONITORING.versionId;
    const refusals: [object, Record<string, unknown>][] = [
      [
        { caseSetId: empty.id, candidateVersionIds: [candidateId] },
        { code: 'BAD_USER_INPUT', reason: 'EMPTY_CASE_SET', field: 'input.caseSetId' },
      ],
      [
        { caseSetId, candidateVersionIds: [] },
        { code: 'BAD_USER_INPUT', field: 'input.candidateVersionIds' },
      ],
      [
        { caseSetId, candidateVersionIds: [monitoring] },
        { code: 'BAD_USER_INPUT', field: 'input.candidateVersionIds[0]' },
      ],
      [
        { caseSetId, candidateVersionIds: [candidateId, published.ADMISSION.versionId] },
        { code: 'BAD_USER_INPUT', field: 'input.candidateVersionIds[1]' },
      ],
      [
        { caseSetId, candidateVersionIds: ['00000000-0000-4000-8000-000000000000'] },
        { code: 'NOT_FOUND', field: 'input.candidateVersionIds[0]' },
      ],
      [
        { caseSetId: '00000000-0000-4000-8000-000000000000', candidateVersionIds: [candidateId] },
        { code: 'NOT_FOUND' },
      ],
    ];
    for (const [input, extensions] of refusals) {
      const result = await api.request(START, { input }, risk);
      expect(result.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject(extensions);
    }
    const none = await api.request(
      REPLAY,
      {
        input: {
          filter: {
            outcome: 'DECLINE',
            overflow: true,
            from: '2000-01-01T00:00:00Z',
            to: '2000-01-02T00:00:00Z',
          },
        },
      },
      qa,
    );
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_DECISIONS' });
    const approver = await api.asUser('approver@spillway.local');
    const forbidden = await api.request(
      START,
      { input: { caseSetId, candidateVersionIds: [candidateId] } },
      approver,
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await em.count(Backtest, {})).toBe(jobsBefore);
  });

  it("applies the candidate's exposure budgets to its approvals in application time", async () => {
    const BUDGETS = `budgets { order versionId timeZone approvals fitted shrunk stopped
      budgets { budget shrunk referred declined withheld } windows { window approvals newExposure } }`;
    const readBudgets = async (id: string) => {
      await api.spillway.services.jobs.idle();
      const result = await api.request(
        `query ($id: ID!) { backtest(id: $id) { status ${BUDGETS} } }`,
        { id },
        qa,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.backtest.status).toBe('COMPLETED');
      return result.data.backtest.budgets;
    };
    // 15 applicants a day over two days, the second day's first in the file: the pass orders them by time.
    const row = (i: number, day: string) =>
      `T-${i},20000,760,10000,0,,2026-12-${day}T10:${String(i).padStart(2, '0')}:00+08:00`;
    const timed = [
      [...CASE_HEADER, 'applied'].join(','),
      ...Array.from({ length: 15 }, (_, i) => row(i + 15, '02')),
      ...Array.from({ length: 15 }, (_, i) => row(i, '01')),
    ].join('\r\n');
    const timedSet = await importCases(timed, {
      ...CASE_MAPPING,
      application: { ...CASE_MAPPING.application, appliedAt: 'applied' },
    });
    const draft = (
      await api.request(CREATE_DRAFT, { input: { policyId: published.EXPOSURE.policyId } }, risk)
    ).data.createDraft;
    const updated = await api.request(
      UPDATE_DRAFT,
      {
        input: {
          versionId: draft.id,
          expectedLockVersion: draft.lockVersion,
          document: {
            ...defaultPolicies().EXPOSURE,
            exposure: {
              budgets: [
                { name: 'five-a-day', window: 'DAY', measure: 'APPROVALS', amount: 5, onExceed: 'REFER' },
                {
                  name: 'seven-a-month',
                  window: 'MONTH',
                  measure: 'APPROVALS',
                  amount: 7,
                  onExceed: 'REFER',
                },
              ],
            },
          },
        },
      },
      risk,
    );
    expect(updated.errors).toBeUndefined();
    const started = await api.request(
      START,
      { input: { caseSetId: timedSet, candidateVersionIds: [draft.id] } },
      risk,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data.startBacktest.candidate.map((policy: { kind: string }) => policy.kind)).toContain(
      'EXPOSURE',
    );
    const report = await readBudgets(started.data.startBacktest.id);
    expect(report).toMatchObject({
      order: 'APPLICATION_TIME',
      versionId: draft.id,
      timeZone: 'Asia/Shanghai',
      approvals: 30,
      fitted: 7,
      shrunk: 0,
      stopped: 23,
    });
    expect(report.budgets).toEqual([
      { budget: 'five-a-day', shrunk: 0, referred: 10, declined: 0, withheld: expect.any(String) },
      { budget: 'seven-a-month', shrunk: 0, referred: 13, declined: 0, withheld: expect.any(String) },
    ]);
    // The first day's five fit, then two of the second's: file order would have given the second day five.
    expect(
      report.windows.map(({ window, approvals }: { window: string; approvals: number }) => [
        window,
        approvals,
      ]),
    ).toEqual([
      ['MONTH:2026-12', 7],
      ['DAY:2026-12-01', 5],
      ['DAY:2026-12-02', 2],
    ]);
    const [month, firstDay] = report.windows;
    expect(Number(month.newExposure)).toBe((Number(firstDay.newExposure) / 5) * 7);

    // No time column: file order, every case in the window of the job's asOf; applyBudgets takes the published.
    const untimed = await api.request(
      START,
      { input: { caseSetId, candidateVersionIds: [candidateId], applyBudgets: true } },
      risk,
    );
    expect(untimed.errors).toBeUndefined();
    const generous = await readBudgets(untimed.data.startBacktest.id);
    expect(generous).toMatchObject({
      order: 'FILE_ORDER',
      versionId: published.EXPOSURE.versionId,
      stopped: 0,
    });
    expect(generous.fitted).toBe(generous.approvals);
    // Without budgets asked for, there is no budget report.
    const plain = await api.request(
      START,
      { input: { caseSetId, candidateVersionIds: [candidateId] } },
      risk,
    );
    expect(await readBudgets(plain.data.startBacktest.id)).toBeNull();
  });
});
