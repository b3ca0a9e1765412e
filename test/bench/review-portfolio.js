// Bench child: the 30,000-line demo portfolio (the Taiwan clients) reviewed by the default MONITORING policy
// through the API's job, on the app's worker threads as the server runs it; or, with `profile`, on this
// thread (SPILLWAY_JOB_THREADS=0) under a CPU profile. Prints one JSON line for reviews.js.
// Data: I-C. Yeh and C-H. Lien (2009), UCI Machine Learning Repository dataset 350, CC BY 4.0.
import { seedTaiwanPortfolio } from '../../api/dist/src/demo/demo-portfolio.js';
import { benchChild, planSecondsOf } from './backtest-app.js';
import { profileOf, summarizeProfile } from './support.js';

const profiling = process.argv[2] === 'profile';

await benchChild(async ({ services, config, rss }) => {
  const lines = await seedTaiwanPortfolio(services.orm.em.fork(), config);
  if (profiling && !services.jobs.runsChunks) throw new Error('profile with SPILLWAY_JOB_THREADS=0');
  const review = async () => {
    const started = performance.now();
    const { id } = await services.reviews.start(services.orm.em.fork(), 'bench', 'cash-line');
    await services.jobs.idle();
    return { id, seconds: (performance.now() - started) / 1000 };
  };
  if (profiling) {
    const summary = summarizeProfile(await profileOf(review));
    return {
      seconds: summary.seconds,
      idle: summary.idleShare,
      areas: {
        'rules (evaluation)': summary.selfIn('rules/dist'),
        'api (job runner, reads, writes)': summary.selfIn('api/dist'),
        'knex and better-sqlite3 wrappers': summary.selfIn(' knex/', 'better-sqlite3'),
        'SQLite statements (native all/run/get)': summary.selfNative('all', 'run', 'get'),
        'garbage collector': summary.selfIn('(garbage collector)'),
      },
      inclusive: Object.fromEntries(
        ['evaluatePolicy', 'run', 'commit', 'plan'].map((name) => [
          name,
          summary.inclusive(name, 'api/dist'),
        ]),
      ),
      evaluation: summary.inclusive('evaluatePolicy'),
      top: summary.topSelf(10),
    };
  }
  const rssBefore = rss.reset();
  const { id, seconds } = await review();
  const done = await services.reviews.get(services.orm.em.fork(), id);
  if (done.status !== 'COMPLETED') throw new Error(`the review ended ${done.status}: ${done.error}`);
  return {
    lines,
    seconds,
    planSeconds: await planSecondsOf(services, id),
    linesReviewed: done.linesReviewed,
    chunks: done.chunkCount,
    alertsCreated: done.alertsCreated,
    cutsApplied: done.cutsApplied,
    cutsPendingApproval: done.cutsPendingApproval,
    notificationsQueued: done.notificationsQueued,
    jobThreads: services.jobs.runsChunks ? 0 : config.jobThreads,
    rssBefore,
    peakRss: rss.peak,
  };
});
