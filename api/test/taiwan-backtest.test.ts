/**
 * The acceptance backtest: the whole Taiwan case set (30,000 real cases with observed defaults) under the
 * default policies, through the API's job, against the same figures computed here straight from the file
 * and the rules package. SQLite only: the job code is the same on both databases (backtests.test.ts runs
 * it on both), and 30,000 cases twice would double the suite's longest test for no new behaviour.
 * Data: I-C. Yeh and C-H. Lien (2009), UCI Machine Learning Repository dataset 350, CC BY 4.0.
 */
import { compileMapping, compilePolicy, defaultPolicies, evaluatePipeline, mapRow } from '@spillway/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTaiwanCaseSet } from '../src/demo/demo-case-set.js';
import { findTaiwanData, readTaiwanCsv, readTaiwanMapping } from '../src/demo/demo-taiwan.js';
import { startTestApi, type TestApi } from './support/harness.js';

const START = `mutation ($input: StartBacktestInput!) { startBacktest(input: $input) { id } }`;
const READ = `query ($id: ID!) { backtest(id: $id) { status casesTotal casesDone asOf metrics } }`;

describe('a backtest of the Taiwan case set under the default policies', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi('sqlite');
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  it('completes, and its approval and bad rates match an independent computation', async () => {
    const { services } = api.spillway;
    const taiwan = findTaiwanData(services.config);
    if (!taiwan) throw new Error('the Taiwan data set is missing: see api/seed/taiwan-credit-default');
    const imported = await importTaiwanCaseSet(api.orm.em.fork(), services.caseSets, services.config);
    expect(imported?.importedRows).toBe(30_000);

    const risk = await api.asUser('risk@spillway.local');
    const policies = await api.request('query { policies { kind publishedVersion { id } } }', {}, risk);
    const admission = policies.data.policies.find((policy: { kind: string }) => policy.kind === 'ADMISSION');
    const started = await api.request(
      START,
      { input: { caseSetId: imported?.caseSet.id, candidateVersionIds: [admission.publishedVersion.id] } },
      risk,
    );
    expect(started.errors).toBeUndefined();
    await services.jobs.idle();
    const job = (await api.request(READ, { id: started.data.startBacktest.id }, risk)).data.backtest;
    expect(job).toMatchObject({ status: 'COMPLETED', casesTotal: 30_000, casesDone: 30_000 });

    // Independently: the file read line by line, each row mapped and decided by the rules package.
    const [headerLine, ...lines] = readTaiwanCsv(taiwan.csv).trim().split(/\r?\n/);
    const header = headerLine.split(',');
    const mapping = compileMapping(readTaiwanMapping(taiwan), header);
    const { ADMISSION, LIMIT, PRICING } = defaultPolicies();
    const compiled = {
      ADMISSION: compilePolicy(ADMISSION),
      LIMIT: compilePolicy(LIMIT),
      PRICING: compilePolicy(PRICING),
    };
    let approved = 0;
    let approvedDefaults = 0;
    for (const [index, line] of lines.entries()) {
      const cells = line.split(',');
      const mapped = mapRow(
        mapping,
        Object.fromEntries(header.map((column, i) => [column, cells[i]])),
        index + 2,
      );
      if ('errors' in mapped) throw new Error(`line ${index + 2} does not map`);
      const result = await evaluatePipeline({
        policies: compiled,
        facts: { ...mapped.facts, ...mapped.application },
        asOf: job.asOf,
      });
      if (result.outcome !== 'APPROVE') continue;
      approved++;
      if (mapped.observedDefault) approvedDefaults++;
    }
    const { baseline, candidate, swaps } = job.metrics;
    expect(baseline.approvalRate).toBe(approved / 30_000);
    expect(baseline.approved).toMatchObject({ count: approved, known: approved, defaults: approvedDefaults });
    expect(baseline.approved.badRate).toBe(approvedDefaults / approved);
    // The candidate is the published ADMISSION itself: nothing may change.
    expect(candidate).toEqual(baseline);
    expect(swaps.swapIn.count + swaps.swapOut.count).toBe(0);
    console.log(
      `Taiwan backtest: approval rate ${(baseline.approvalRate * 100).toFixed(1)}%, ` +
        `bad rate among approved ${(baseline.approved.badRate * 100).toFixed(1)}% (portfolio 22.1%)`,
    );
  }, 300_000);
});
