// Bench child: the Taiwan case set backtested through the API's job, in a process of its own so its peak
// memory is the job's and the import's alone. Prints one JSON line for run.js.
// Data: I-C. Yeh and C-H. Lien (2009), UCI Machine Learning Repository dataset 350, CC BY 4.0.
import { importTaiwanCaseSet } from '../../api/dist/src/demo/demo-case-set.js';
import { benchChild, candidateDraft, inMemoryRate, runBacktest, taiwanCases } from './backtest-app.js';

await benchChild(async ({ services, config, rss }) => {
  const importStarted = performance.now();
  const imported = await importTaiwanCaseSet(services.orm.em.fork(), services.caseSets, config);
  const importSeconds = (performance.now() - importStarted) / 1000;

  const job = await runBacktest(services, await candidateDraft(services), imported.caseSet.id, rss);

  // The same decisions in memory with no job, storage or chunking: the baseline the job is measured against.
  const cases = taiwanCases(config).cases.map((mapped) => ({ ...mapped.facts, ...mapped.application }));
  return {
    ...job,
    cases: job.backtestCases,
    importRowsPerSecond: imported.importedRows / importSeconds,
    backtestCasesPerSecond: job.backtestCases / job.backtestSeconds,
    inMemoryCasesPerSecond: await inMemoryRate(cases),
  };
});
