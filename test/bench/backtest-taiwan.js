// Bench child: the Taiwan case set backtested through the API's job, in a process of its own so its peak
// memory is the job's and the import's alone. Prints one JSON line for run.js.
// Data: I-C. Yeh and C-H. Lien (2009), UCI Machine Learning Repository dataset 350, CC BY 4.0.
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileMapping, compilePolicy, defaultPolicies, evaluatePipeline, mapRow } from '@spillway/rules';
import { createApp } from '../../api/dist/src/app.js';
import { User } from '../../api/dist/src/auth/user.entity.js';
import { importTaiwanCaseSet } from '../../api/dist/src/case-sets/demo-case-set.js';
import { loadConfig } from '../../api/dist/src/config.js';
import { findTaiwanData } from '../../api/dist/src/db/demo-decisions.js';
import { createLogger } from '../../api/dist/src/logger.js';

const AS_OF = '2026-11-28T00:00:00Z';
const dataDir = mkdtempSync(join(tmpdir(), 'spillway-bench-'));
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

/** The default ADMISSION referring more of the score band: both sides of every case are decided, and they differ. */
function stricterAdmission() {
  const admission = defaultPolicies().ADMISSION;
  return {
    ...admission,
    parameters: { ...admission.parameters, minBureauScore: 650, referBureauScore: 740 },
  };
}

const config = loadConfig({
  ...process.env,
  SPILLWAY_DATA_DIR: dataDir,
  DATABASE_URL: '',
  SPILLWAY_DEMO_DECISIONS: '0',
});
const app = await createApp(config, createLogger('warn'));
try {
  const { services } = app;
  const em = services.orm.em.fork();
  const importStarted = performance.now();
  const imported = await importTaiwanCaseSet(em, services.caseSets, config);
  const importSeconds = (performance.now() - importStarted) / 1000;

  const product = await services.policies.product(em, 'cash-line');
  const admission = (await services.policies.published(em, product)).get('ADMISSION');
  const manager = await em.findOneOrFail(User, { email: 'risk@spillway.local' });
  const risk = { kind: 'user', id: manager.id, label: manager.email, roles: manager.roles };
  const draft = await services.policyVersions.createDraft(em.fork(), risk, {
    policyId: admission.version.policy.id,
  });
  await services.policyVersions.updateDraft(em.fork(), risk, {
    versionId: draft.id,
    expectedLockVersion: draft.lockVersion,
    document: stricterAdmission(),
  });

  peakRss = process.memoryUsage().rss;
  const rssBefore = peakRss;
  const started = performance.now();
  const job = await services.backtests.start(em.fork(), risk, {
    caseSetId: imported.caseSet.id,
    candidateVersionIds: [draft.id],
    asOf: new Date(AS_OF),
  });
  await services.backtestRunner.idle();
  const seconds = (performance.now() - started) / 1000;
  const done = await services.backtests.get(em.fork(), job.id);
  if (done.status !== 'COMPLETED') throw new Error(`the backtest ended ${done.status}: ${done.error}`);

  // The same decisions in memory with no job, storage or chunking: the baseline the job is measured against.
  const taiwan = findTaiwanData(config);
  const [headerLine, ...lines] = readFileSync(taiwan.csv, 'utf8').trim().split(/\r?\n/);
  const header = headerLine.split(',');
  const mapping = compileMapping(JSON.parse(readFileSync(taiwan.mappingFile, 'utf8')), header);
  const cases = lines.map((line, index) => {
    const cells = line.split(',');
    const mapped = mapRow(
      mapping,
      Object.fromEntries(header.map((column, i) => [column, cells[i]])),
      index + 2,
    );
    return { ...mapped.facts, ...mapped.application };
  });
  const policies = defaultPolicies();
  const baseline = {
    ADMISSION: compilePolicy(policies.ADMISSION),
    LIMIT: compilePolicy(policies.LIMIT),
    PRICING: compilePolicy(policies.PRICING),
  };
  const candidate = { ...baseline, ADMISSION: compilePolicy(stricterAdmission()) };
  const memoryStarted = performance.now();
  for (const facts of cases) {
    await evaluatePipeline({ policies: baseline, facts, asOf: AS_OF });
    await evaluatePipeline({ policies: candidate, facts, asOf: AS_OF });
  }
  const memorySeconds = (performance.now() - memoryStarted) / 1000;
  const metrics = done.metrics;
  console.log(
    JSON.stringify({
      cases: done.casesTotal,
      importRowsPerSecond: imported.importedRows / importSeconds,
      backtestCasesPerSecond: done.casesTotal / seconds,
      inMemoryCasesPerSecond: cases.length / memorySeconds,
      backtestSeconds: seconds,
      peakRssMb: peakRss / 2 ** 20,
      rssBeforeMb: rssBefore / 2 ** 20,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      swapOut: metrics.swaps.swapOut.count,
      approval: [metrics.baseline.approvalRate, metrics.candidate.approvalRate],
    }),
  );
} finally {
  clearInterval(sampler);
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
