import { compileScorecard, mulberry32, validatePolicy } from '@spillway/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.js';
import { ChunkStatus, JobChunk, PLAN_CHUNK_INDEX } from '../src/jobs/job-chunk.entity.js';
import { JobRunner } from '../src/jobs/job-runner.js';
import { ScorecardFit } from '../src/scorecards/scorecard-fit.entity.js';
import { FIT_READ_CHUNK, ScorecardFitJob } from '../src/scorecards/scorecard-fit.job.js';
import { CASE_HEADER, CASE_MAPPING } from './support/cases.js';
import { testDialects } from './support/databases.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const IMPORT = `mutation ($input: ImportCaseSetInput!) { importCaseSet(input: $input) { caseSet { id caseCount } } }`;
const FIT_FIELDS = `id status name outcome characteristics testShare seed casesTotal casesRead casesSkipped
  progress report scorecard error failure productKey policyId policyKind caseSet { id }
  draftVersion { id number status document basedOnNumber }`;
const START = `mutation ($input: StartScorecardFitInput!) { startScorecardFit(input: $input) { ${FIT_FIELDS} } }`;
const READ = `query ($id: ID!) { scorecardFit(id: $id) { ${FIT_FIELDS} } }`;
const LIST =
  'query ($caseSetId: ID) { scorecardFits(first: 50, caseSetId: $caseSetId) { totalCount edges { node { id } } } }';
const POLICIES = 'query { policies { id kind publishedVersion { number lockVersion revision } } }';
const SUBMIT = 'mutation ($input: VersionActionInput!) { submitVersion(input: $input) { id status } }';

const CASES = 2 * FIT_READ_CHUNK + 500;

/**
 * Applicants whose default odds fall with their bureau score (income is noise), so a fit has something to
 * find; every 97th has no known outcome.
 */
function fitCsv(count = CASES) {
  const random = mulberry32(7);
  const lines = [CASE_HEADER.join(',')];
  for (let i = 1; i <= count; i++) {
    const score = 550 + Math.floor(random() * 250);
    const income = 3000 + Math.floor(random() * 17000);
    const bad = random() < 1 / (1 + Math.exp(2 + (score - 650) / 40));
    lines.push([`F-${i}`, income, score, 10000, i % 97 === 0 ? '?' : bad ? 1 : 0, ''].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const CANDIDATES = [
  { name: 'bureau', fact: 'bureauScore', reasonCode: 'LOW_BUREAU_SCORE' },
  { name: 'income', fact: 'monthlyIncome', reasonCode: 'LOW_INCOME', description: 'Noise here' },
  { name: 'scoreBand', expression: 'bureauScore / 50', reasonCode: 'LOW_SCORE_BAND' },
];

describe.each(dialects)('scorecard fits on %s', (dialect) => {
  let api: TestApi;
  let risk: Record<string, string>;
  let approver: Record<string, string>;
  let caseSetId: string;
  let admission: { id: string; publishedVersion: { number: number; lockVersion: number; revision: string } };

  const start = (input: Record<string, unknown>, as = risk) =>
    api.request(START, { input: { caseSetId, policyId: admission.id, name: 'fitted', ...input } }, as);
  const finished = async (id: string) => {
    await api.spillway.services.jobs.idle();
    const result = await api.request(READ, { id }, approver);
    expect(result.errors).toBeUndefined();
    return result.data.scorecardFit;
  };
  const fitCount = async () => (await api.request(LIST, {}, risk)).data.scorecardFits.totalCount as number;

  beforeAll(async () => {
    api = await startTestApi(dialect, { demoDecisions: 0, jobLeaseSeconds: 1 });
    risk = await api.asUser('risk@spillway.local');
    approver = await api.asUser('approver@spillway.local');
    const imported = await api.request(
      IMPORT,
      {
        input: {
          name: 'fit cases',
          format: 'CSV',
          mapping: CASE_MAPPING,
          refColumn: 'ref',
          content: fitCsv(),
        },
      },
      risk,
    );
    expect(imported.errors).toBeUndefined();
    caseSetId = imported.data.importCaseSet.caseSet.id;
    const policies = (await api.request(POLICIES, {}, risk)).data.policies;
    admission = policies.find((policy: { kind: string }) => policy.kind === 'ADMISSION');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('reads the cases in chunks, fits on a worker step, reports and drafts the card into the policy', async () => {
    const started = await start({ characteristics: CANDIDATES, testShare: 0.25, seed: 3 });
    expect(started.errors).toBeUndefined();
    // The runner may have claimed the planning step already: it runs beside the request.
    expect(['QUEUED', 'RUNNING']).toContain(started.data.startScorecardFit.status);
    expect(started.data.startScorecardFit).toMatchObject({
      name: 'fitted',
      outcome: 'observedDefault',
      testShare: 0.25,
      seed: 3,
      casesTotal: CASES,
      productKey: 'cash-line',
      policyId: admission.id,
      policyKind: 'ADMISSION',
      caseSet: { id: caseSetId },
      draftVersion: null,
    });
    const fit = await finished(started.data.startScorecardFit.id);
    const unknown = Math.floor(CASES / 97);
    expect(fit).toMatchObject({
      status: 'COMPLETED',
      progress: 1,
      casesRead: CASES - unknown,
      casesSkipped: unknown,
      error: null,
      failure: null,
    });

    const { report } = fit;
    expect(report.split).toMatchObject({ seed: 3, testShare: 0.25 });
    expect(report.split.train.count + report.split.test.count).toBe(CASES - unknown);
    const byName = Object.fromEntries(report.characteristics.map((row: { name: string }) => [row.name, row]));
    // The score predicts; income is noise; the score band is the score again, and the weaker of the two goes.
    expect(byName.bureau.iv).toBeGreaterThan(0.3);
    expect(byName.income.status).not.toBe('selected');
    expect(['selected', 'correlated']).toContain(byName.scoreBand.status);
    for (const bin of byName.bureau.bins) {
      expect(bin).toEqual(
        expect.objectContaining({
          bin: expect.any(String),
          woe: expect.any(Number),
          count: expect.any(Number),
        }),
      );
    }
    expect(report.test.auc).toBeGreaterThan(0.7);
    expect(report.test.gini).toBeCloseTo(2 * report.test.auc - 1, 12);
    expect(report.test.ks).toBeGreaterThan(0);
    expect(report.roc[0]).toEqual({ falsePositiveRate: 0, truePositiveRate: 0 });
    expect(report.roc.at(-1)).toEqual({ falsePositiveRate: 1, truePositiveRate: 1 });
    expect(report.calibration.length).toBeGreaterThan(2);
    expect(report.calibration.at(-1).cumulativeCapture).toBe(1);
    expect(report.psi).toBeLessThan(0.1);

    // The draft: the published ADMISSION with the card added, valid, authored by who started the fit.
    const draft = fit.draftVersion;
    expect(draft).toMatchObject({ status: 'DRAFT', basedOnNumber: admission.publishedVersion.number });
    expect(draft.document.scorecards.fitted).toEqual(fit.scorecard);
    expect(fit.scorecard.characteristics.map((c: { name: string }) => c.name)).toContain('bureau');
    expect(validatePolicy(draft.document).errors).toEqual([]);
    const card = compileScorecard(fit.scorecard);
    expect(card.score({ bureauScore: 790, monthlyIncome: 9000 })).toBeGreaterThan(
      card.score({ bureauScore: 560, monthlyIncome: 9000 }),
    );

    // The version it was drafted onto is as it was.
    const after = (await api.request(POLICIES, {}, risk)).data.policies.find(
      (policy: { kind: string }) => policy.kind === 'ADMISSION',
    );
    expect(after.publishedVersion).toEqual(admission.publishedVersion);

    // It goes through the review any draft does: its author submits it.
    const submitted = await api.request(SUBMIT, { input: { versionId: draft.id } }, risk);
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data.submitVersion.status).toBe('IN_REVIEW');

    // Two chunks of reads and the rest, then the fit step; what the reads kept is gone once fitted.
    const chunks = await api.spillway.services.orm.em
      .fork()
      .find(JobChunk, { jobId: fit.id }, { orderBy: { index: 'asc' } });
    expect(chunks.map((chunk) => [chunk.index, chunk.status, chunk.state])).toEqual([
      [-1, ChunkStatus.DONE, null],
      [0, ChunkStatus.DONE, null],
      [1, ChunkStatus.DONE, null],
      [2, ChunkStatus.DONE, null],
      [3, ChunkStatus.DONE, null],
    ]);
    expect(chunks.at(-1)?.firstKey).toBe('fit');

    const listed = await api.request(LIST, { caseSetId }, approver);
    expect(listed.data.scorecardFits.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(
      fit.id,
    );
  });

  it('is deterministic: the same cases, candidates and seed give the same card', async () => {
    const input = { characteristics: CANDIDATES.slice(0, 1), seed: 5 };
    const first = await finished((await start(input)).data.startScorecardFit.id);
    const second = await finished((await start(input)).data.startScorecardFit.id);
    expect(second.scorecard).toEqual(first.scorecard);
    expect(second.report).toEqual(first.report);
    // Each is a draft of its own.
    expect(second.draftVersion.number).toBe(first.draftVersion.number + 1);
  });

  it('refuses bad input with a code and its path, and writes nothing', async () => {
    const before = await fitCount();
    const refusal = async (input: Record<string, unknown>) => {
      const result = await start({ characteristics: CANDIDATES, ...input });
      expect(result.data).toBeNull();
      return result.errors?.[0].extensions;
    };
    expect(
      await refusal({ characteristics: [{ name: 'salary', fact: 'salary', reasonCode: 'LOW_SALARY' }] }),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'UNKNOWN_FACT',
      field: 'input.characteristics[0].fact',
    });
    expect(
      await refusal({
        characteristics: [CANDIDATES[0], { name: 'odd', expression: 'bureauScore +', reasonCode: 'ODD' }],
      }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.characteristics[1].expression' });
    expect(await refusal({ outcome: 'monthlyIncome' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'OUTCOME_NOT_BINARY',
      field: 'input.outcome',
    });
    expect(await refusal({ outcome: 'defaulted' })).toMatchObject({
      reason: 'UNKNOWN_FACT',
      field: 'input.outcome',
    });
    const many = Array.from({ length: 65 }, (_, i) => ({
      name: `c${i}`,
      fact: 'bureauScore',
      reasonCode: 'R',
    }));
    expect(await refusal({ characteristics: many })).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'TOO_MANY_ITEMS',
      field: 'input.characteristics',
    });
    expect(await refusal({ name: 'not a name' })).toMatchObject({
      reason: 'INVALID_NAME',
      field: 'input.name',
    });
    expect(await refusal({ testShare: 1 })).toMatchObject({ field: 'input.testShare' });
    expect(await refusal({ policyId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.policyId',
    });
    expect(await fitCount()).toBe(before);
  });

  it('refuses a case set with no known outcome as empty', async () => {
    const unknownOnly = caseCsvWith(() => '?');
    const imported = await api.request(
      IMPORT,
      {
        input: {
          name: 'no outcomes',
          format: 'CSV',
          mapping: CASE_MAPPING,
          refColumn: 'ref',
          content: unknownOnly,
        },
      },
      risk,
    );
    const result = await api.request(
      START,
      {
        input: {
          caseSetId: imported.data.importCaseSet.caseSet.id,
          name: 'fitted',
          characteristics: CANDIDATES,
        },
      },
      risk,
    );
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'EMPTY_CASE_SET',
      field: 'input.caseSetId',
    });
  });

  it('fails a fit the cases cannot carry with the reason and the input at fault, and drafts nothing', async () => {
    const versions = await countVersions();
    // Every case has the same age: nothing to rank by.
    const flat = await start({ characteristics: [{ name: 'age', fact: 'age', reasonCode: 'AGE' }] });
    expect(flat.errors).toBeUndefined();
    const failed = await finished(flat.data.startScorecardFit.id);
    expect(failed).toMatchObject({
      status: 'FAILED',
      draftVersion: null,
      report: null,
      failure: { code: 'BAD_USER_INPUT', reason: 'FIT_NO_CHARACTERISTICS', field: 'input.characteristics' },
    });
    expect(failed.error).toMatch(/no candidate characteristic is predictive/);

    // An integer outcome must be 0 or 1 on every case: employment months are not.
    const months = await start({ outcome: 'employmentMonths', characteristics: CANDIDATES });
    expect(months.errors).toBeUndefined();
    expect(await finished(months.data.startScorecardFit.id)).toMatchObject({
      status: 'FAILED',
      failure: { reason: 'OUTCOME_NOT_BINARY', field: 'input.outcome', line: 2 },
    });
    expect(await countVersions()).toBe(versions);
  });

  it('drafts into the MONITORING policy when no policy is named, and records who started it', async () => {
    const started = await api.request(
      START,
      { input: { caseSetId, name: 'fitted', characteristics: CANDIDATES.slice(0, 1) } },
      risk,
    );
    expect(started.data.startScorecardFit.policyKind).toBe('MONITORING');
    const fit = await finished(started.data.startScorecardFit.id);
    expect(fit.draftVersion.document.kind).toBe('MONITORING');
    expect(fit.draftVersion.document.scorecards.fitted).toEqual(fit.scorecard);
    const stored = await api.spillway.services.orm.em.fork().findOneOrFail(ScorecardFit, { id: fit.id });
    expect(stored.createdBy).toBe('risk@spillway.local');
  });

  // Last: it stops the app's runner to run the job on runners of its own.
  it('survives a runner that stalls past its lease mid-read: the card and the one draft are the same', async () => {
    const input = { characteristics: CANDIDATES.slice(0, 2), seed: 9 };
    const reference = await finished((await start(input)).data.startScorecardFit.id);
    await api.spillway.services.jobs.stop();
    const versions = await countVersions();
    const id = (await start(input)).data.startScorecardFit.id;
    const runners: JobRunner[] = [];
    const runner = (options: { pauseMs?: number } = {}) => {
      const created = new JobRunner(
        api.spillway.services.orm,
        [new ScorecardFitJob(api.spillway.services.audit)],
        createLogger('silent'),
        { leaseMs: 500, pollMs: 100, runChunks: true, ...options },
      );
      runners.push(created);
      return created;
    };
    try {
      const em = api.spillway.services.orm.em;
      const [plan] = await em.fork().find(JobChunk, { jobId: id, index: PLAN_CHUNK_INDEX });
      await runner().runChunk(plan.id);
      const [first] = await em.fork().find(JobChunk, { jobId: id, index: 0 });
      // A runner claims the first read chunk and stalls longer than its lease...
      const stalled = runner({ pauseMs: 1500 }).runChunk(first.id);
      await new Promise((wait) => setTimeout(wait, 700));
      // ...a live one takes it over, reads the rest and fits.
      const live = runner();
      live.start();
      await live.idle();
      await stalled;
      const fit = (await api.request(READ, { id }, approver)).data.scorecardFit;
      expect(fit).toMatchObject({ status: 'COMPLETED', casesRead: reference.casesRead });
      expect(fit.scorecard).toEqual(reference.scorecard);
      expect(fit.report).toEqual(reference.report);
      expect(await countVersions()).toBe(versions + 1);
      const [taken] = await em.fork().find(JobChunk, { jobId: id, index: 0 });
      expect(taken).toMatchObject({ status: ChunkStatus.DONE, attempts: 2, claimedBy: live.workerId });
    } finally {
      for (const each of runners) await each.stop();
    }
  });

  async function countVersions() {
    const [{ n }] = await api.spillway.services.orm.em
      .fork()
      .getConnection()
      .execute('select count(*) as n from policy_version');
    return Number(n);
  }
});

function caseCsvWith(outcome: (i: number) => string) {
  const lines = [CASE_HEADER.join(',')];
  for (let i = 1; i <= 20; i++) lines.push([`U-${i}`, 9000, 700, 10000, outcome(i), ''].join(','));
  return `${lines.join('\r\n')}\r\n`;
}
