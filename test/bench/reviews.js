// Section: a portfolio review of the 30,000-line demo portfolio through the API's job on SQLite, in a child
// process of its own (review-portfolio.js).
import { fixed, mb, percent, runJsonChild, verdict } from './support.js';

/** Target of issue 13: a 30,000-line review under 5 s on the bench machine. */
const TARGET_SECONDS = 5;

const count = (value) => value.toLocaleString('en-US');

export async function portfolioReview() {
  const run = await runJsonChild('./review-portfolio.js');
  const notes = [
    verdict('30,000-line review time', run.seconds, TARGET_SECONDS, { unit: ' s', lowerIsBetter: true }),
    `${count(run.linesReviewed)} lines in ${count(run.chunks)} chunks on ${run.jobThreads} worker thread(s) ` +
      `(SPILLWAY_JOB_THREADS), none on the main thread; planning ${fixed(run.planSeconds, 2)} s; ` +
      `peak RSS ${mb(run.peakRss)} (${mb(run.rssBefore)} when it started)`,
    `${count(run.alertsCreated)} alerts, ${count(run.cutsApplied)} cuts applied, ${count(run.cutsPendingApproval)} ` +
      `held for approval, ${count(run.notificationsQueued)} reminders queued`,
  ];
  if (run.seconds > TARGET_SECONDS) {
    const profile = await runJsonChild('./review-portfolio.js', {
      args: ['profile'],
      env: { SPILLWAY_JOB_THREADS: '0' },
    });
    const areas = Object.entries(profile.areas).map(([area, share]) => `${area} ${percent(share)}`);
    notes.push(
      `what bounds the review: CPU profile of a whole review with its chunks on the profiled thread ` +
        `(SPILLWAY_JOB_THREADS=0; ${fixed(profile.seconds)} s, idle ${percent(profile.idle)}); self time by area: ` +
        `${areas.join(', ')}`,
      `  with callees: evaluatePolicy ${percent(profile.evaluation)}, a chunk's run ${percent(profile.inclusive.run)} ` +
        `(reads and evaluation), its commit ${percent(profile.inclusive.commit)}; top self time:`,
      ...profile.top.map(({ label, share }) => `    ${percent(share)} ${label}`),
    );
  }
  return {
    title:
      'Portfolio review: the 30,000-line demo portfolio (Taiwan clients), default MONITORING policy, SQLite',
    header: ['', 'seconds', 'lines/s'],
    rows: [['review job end to end (start to idle)', fixed(run.seconds), run.linesReviewed / run.seconds]],
    notes,
  };
}
