// Bench child: the Taiwan case set backtested through the API's job, then a behaviour scorecard fitted from
// it through the API's fit job, in a process of its own so its peak memory is the jobs' and the import's
// alone. Prints one JSON line for run.js.
// Data: I-C. Yeh and C-H. Lien (2009), UCI Machine Learning Repository dataset 350, CC BY 4.0.
import {
  compileScorecard,
  defaultCapture,
  defaultScorecards,
  stratifiedSplit,
  TAIWAN_BEHAVIOUR_FIT,
} from '@spillway/rules';
import { importTaiwanCaseSet } from '../../api/dist/src/demo/demo-case-set.js';
import { benchChild, candidateDraft, inMemoryRate, runBacktest, taiwanCases } from './backtest-app.js';

/** The default MONITORING policy's flag rate on Taiwan before it embedded a card: the capture to beat is 74.0%. */
const MONITORING_FLAG_RATE = 0.485;

await benchChild(async ({ services, config, rss }) => {
  const importStarted = performance.now();
  const imported = await importTaiwanCaseSet(services.orm.em.fork(), services.caseSets, config);
  const importSeconds = (performance.now() - importStarted) / 1000;

  const draft = await candidateDraft(services);
  const job = await runBacktest(services, draft, imported.caseSet.id, rss);

  // The same decisions in memory with no job, storage or chunking: the baseline the job is measured against.
  const taiwan = taiwanCases(config).cases;
  const cases = taiwan.map((mapped) => ({ ...mapped.facts, ...mapped.application }));
  const fit = await runFit(services, draft.risk, imported.caseSet.id, taiwan);
  return {
    ...job,
    ...fit,
    cases: job.backtestCases,
    importRowsPerSecond: imported.importedRows / importSeconds,
    backtestCasesPerSecond: job.backtestCases / job.backtestSeconds,
    inMemoryCasesPerSecond: await inMemoryRate(cases),
  };
});

/**
 * The fit job on the whole case set with the candidates the shipped behaviour card was fitted from, start
 * to idle; its held-out figures, and the capture at the monitoring flag rate from the card it drafted.
 */
async function runFit(services, risk, caseSetId, taiwan) {
  const started = performance.now();
  const job = await services.scorecardFits.start(services.orm.em.fork(), risk, {
    caseSetId,
    name: 'behaviour',
    characteristics: TAIWAN_BEHAVIOUR_FIT.characteristics,
    testShare: TAIWAN_BEHAVIOUR_FIT.testShare,
    seed: TAIWAN_BEHAVIOUR_FIT.seed,
  });
  await services.jobs.idle();
  const fitSeconds = (performance.now() - started) / 1000;
  const done = await services.scorecardFits.get(services.orm.em.fork(), job.id);
  if (done.status !== 'COMPLETED') throw new Error(`the fit ended ${done.status}: ${done.error}`);
  const { test } = stratifiedSplit(
    taiwan.map((mapped) => mapped.observedDefault === true),
    TAIWAN_BEHAVIOUR_FIT.testShare,
    TAIWAN_BEHAVIOUR_FIT.seed,
  );
  const card = compileScorecard(done.scorecard);
  const risks = Float64Array.from(test, (index) => -card.score(taiwan[index].facts));
  const bad = Uint8Array.from(test, (index) => (taiwan[index].observedDefault ? 1 : 0));
  const shipped = defaultScorecards().behaviour.characteristics;
  return {
    fitCases: done.casesRead,
    fitSeconds,
    fitAuc: done.report.test.auc,
    fitKs: done.report.test.ks,
    fitCapture: defaultCapture(risks, bad, MONITORING_FLAG_RATE),
    fitCharacteristics: done.scorecard.characteristics.length,
    fitIsShippedCard: JSON.stringify(done.scorecard.characteristics) === JSON.stringify(shipped),
  };
}
