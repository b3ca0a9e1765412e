// What the backtest bench children share: the real app on a fresh SQLite database, the Taiwan data mapped
// to cases, a candidate ADMISSION draft, and a backtest job run to the end with its peak memory sampled.
// Data: I-C. Yeh and C-H. Lien (2009), UCI Machine Learning Repository dataset 350, CC BY 4.0.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileMapping, compilePolicy, defaultPolicies, evaluatePipeline, mapRow } from '@spillway/rules';
import { createApp } from '../../api/dist/src/app/app.js';
import { User } from '../../api/dist/src/auth/user.entity.js';
import { loadConfig } from '../../api/dist/src/core/config.js';
import { createLogger } from '../../api/dist/src/core/logger.js';
import { findTaiwanData, readTaiwanCsv, readTaiwanMapping } from '../../api/dist/src/demo/demo-taiwan.js';
import { JobChunk } from '../../api/dist/src/jobs/job-chunk.entity.js';
import { AS_OF, rssSampler } from './support.js';

/** The default ADMISSION referring more of the score band: both sides of every case are decided, and they differ. */
export function stricterAdmission() {
  const admission = defaultPolicies().ADMISSION;
  return {
    ...admission,
    parameters: { ...admission.parameters, minBureauScore: 650, referBureauScore: 740 },
  };
}

/**
 * A bench child's life: the app as the server builds it, on SQLite in a data directory (a fresh one,
 * removed afterwards, unless `dataDir` names one to keep), with an RSS sampler running, handed to `work`;
 * what `work` returns is printed as the one JSON line the section reads, with the process's peak RSS
 * (bytes) over its whole life.
 */
export async function benchChild(work, { dataDir } = {}) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'spillway-bench-'));
  const rss = rssSampler();
  const config = loadConfig({
    ...process.env,
    SPILLWAY_DATA_DIR: dir,
    DATABASE_URL: '',
    SPILLWAY_DEMO_DECISIONS: '0',
  });
  const app = await createApp(config, createLogger('warn'));
  try {
    const figures = await work({ app, services: app.services, config, rss });
    console.log(JSON.stringify({ ...figures, maxRss: process.resourceUsage().maxRSS * 1024 }));
  } finally {
    await rss.stop();
    await app.close();
    if (!dataDir) rmSync(dir, { recursive: true, force: true });
  }
}

/** The Taiwan rows through the repository's mapping: `{ facts, application, observedDefault }` each. */
export function taiwanCases(config) {
  const taiwan = findTaiwanData(config);
  if (!taiwan) throw new Error('the Taiwan data was not found (set SPILLWAY_TAIWAN_CSV)');
  const [headerLine, ...lines] = readTaiwanCsv(taiwan.csv).trim().split(/\r?\n/);
  const header = headerLine.split(',');
  const mappingDocument = readTaiwanMapping(taiwan);
  const mapping = compileMapping(mappingDocument, header);
  const cases = lines.map((line, index) => {
    const cells = line.split(',');
    const mapped = mapRow(
      mapping,
      Object.fromEntries(header.map((column, i) => [column, cells[i]])),
      index + 2,
    );
    if ('errors' in mapped) throw new Error(`line ${index + 2}: ${mapped.errors[0].message}`);
    return mapped;
  });
  return { cases, mappingDocument };
}

/** A draft of the published ADMISSION made stricter by the demo risk manager, who also runs the job. */
export async function candidateDraft(services) {
  const em = services.orm.em.fork();
  const product = await services.products.get(em, 'cash-line');
  const admission = (await services.published.current(product.id)).get('ADMISSION');
  const manager = await em.findOneOrFail(User, { email: 'risk@spillway.local' });
  const risk = { kind: 'user', id: manager.id, label: manager.email, roles: manager.roles };
  const draft = await services.policyVersions.createDraft(em.fork(), risk, {
    policyId: admission.policyId,
  });
  await services.policyVersions.updateDraft(em.fork(), risk, {
    versionId: draft.id,
    expectedLockVersion: draft.lockVersion,
    document: stricterAdmission(),
  });
  return { risk, draft, product };
}

/**
 * How long a job's planning step took: from its claim to the commit that queued the chunks it planned.
 * Zero for a job that was planned when it started.
 */
export async function planSecondsOf(services, jobId) {
  const chunks = await services.orm.em.fork().find(JobChunk, { jobId, index: { $in: [-1, 0] } });
  const plan = chunks.find((chunk) => chunk.index === -1);
  const first = chunks.find((chunk) => chunk.index === 0);
  return plan && first ? (first.createdAt.getTime() - plan.claimedAt.getTime()) / 1000 : 0;
}

/** Starts a backtest of the case set with the draft as candidate and waits for the job to finish. */
export async function runBacktest(services, { risk, draft }, caseSetId, rss) {
  const rssBefore = rss.reset();
  const started = performance.now();
  const job = await services.backtests.start(services.orm.em.fork(), risk, {
    caseSetId,
    candidateVersionIds: [draft.id],
    asOf: new Date(AS_OF),
  });
  await services.jobs.idle();
  const seconds = (performance.now() - started) / 1000;
  const planSeconds = await planSecondsOf(services, job.id);
  const peakRss = rss.peak;
  const done = await services.backtests.get(services.orm.em.fork(), job.id);
  if (done.status !== 'COMPLETED') throw new Error(`the backtest ended ${done.status}: ${done.error}`);
  const { swaps, baseline, candidate } = done.metrics;
  return {
    backtestCases: done.casesTotal,
    backtestSeconds: seconds,
    planSeconds,
    rssBefore,
    peakRss,
    maxRssAfterJob: process.resourceUsage().maxRSS * 1024,
    swapOut: swaps.swapOut.count,
    approval: [baseline.approvalRate, candidate.approvalRate],
  };
}

/**
 * The job's decisions with no job: every case decided by the published defaults and by the candidate, in
 * memory, with no storage or chunking. Returns cases per second.
 */
export async function inMemoryRate(cases) {
  const policies = defaultPolicies();
  const baseline = {
    ADMISSION: compilePolicy(policies.ADMISSION),
    LIMIT: compilePolicy(policies.LIMIT),
    PRICING: compilePolicy(policies.PRICING),
  };
  const candidate = { ...baseline, ADMISSION: compilePolicy(stricterAdmission()) };
  const started = performance.now();
  for (const facts of cases) {
    await evaluatePipeline({ policies: baseline, facts, asOf: AS_OF });
    await evaluatePipeline({ policies: candidate, facts, asOf: AS_OF });
  }
  return cases.length / ((performance.now() - started) / 1000);
}
