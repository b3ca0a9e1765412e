// Sections: backtests through the API's job on SQLite, each in a child process of its own so the peak
// memory it reports is the job's (backtest-taiwan.js, backtest-synthetic.js).
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixed, mb, percent, runJsonChild, verdict } from './support.js';

/** Targets of issues 08 and 13: the job within 3x the bare read of its rows, and under 512 MB of RSS. */
const TARGET_READ_RATIO = 3;
const TARGET_RSS_MB = 512;
const DEFAULT_SYNTHETIC_CASES = 1_000_000;

const count = (value) => value.toLocaleString('en-US');
const approvalNote = (run) =>
  `candidate refers scores below 740: swap-outs ${count(run.swapOut)}, approval ` +
  `${percent(run.approval[0])} -> ${percent(run.approval[1])}`;

/** Issue 20: fitting the 30,000 Taiwan cases within 20 s, the card above 0.77 AUC and 74.0% capture. */
const TARGET_FIT_SECONDS = 20;

/** Section: the Taiwan case set (30,000 real cases) imported, backtested, and a behaviour scorecard fitted. */
export async function taiwanBacktest() {
  const run = await runJsonChild('./backtest-taiwan.js');
  return {
    title: `Backtest: the Taiwan case set (${count(run.cases)} cases), one run on SQLite`,
    header: ['', 'cases/s'],
    rows: [
      ['backtest job, baseline and candidate decided, results stored', run.backtestCasesPerSecond],
      ['the same decisions in memory (no job, no storage)', run.inMemoryCasesPerSecond],
      ['case set import (rows/s)', run.importRowsPerSecond],
      [
        'scorecard fit job: cases read in chunks, binned, fitted, validated, drafted',
        run.fitCases / run.fitSeconds,
      ],
    ],
    notes: [
      verdict(
        `scorecard fit of ${count(run.fitCases)} cases, start to idle`,
        run.fitSeconds,
        TARGET_FIT_SECONDS,
        {
          unit: ' s',
          lowerIsBetter: true,
        },
      ),
      `the fitted card (${run.fitCharacteristics} characteristics${run.fitIsShippedCard ? ', the shipped behaviour card' : ', NOT the shipped behaviour card'}): ` +
        `held-out AUC ${fixed(run.fitAuc, 4)}, KS ${fixed(run.fitKs, 4)}; flagging 48.5% of held-out lines it catches ` +
        `${percent(run.fitCapture)} of defaults (the monitoring rules: 74.0%)`,
      `job / in memory: ${fixed(run.backtestCasesPerSecond / run.inMemoryCasesPerSecond, 2)}; ` +
        `the job took ${fixed(run.backtestSeconds)} s`,
      `peak RSS during the job ${mb(run.peakRss)} (${mb(run.rssBefore)} when it started); ` +
        `process peak ${mb(run.maxRss)} over the import, the job and the in-memory baseline holding all cases`,
      approvalNote(run),
    ],
  };
}

/**
 * The job on every core, against the default run's bare read: that read had the machine to itself, while
 * this run's read shares it with the job threads starting up.
 */
function everyCoreNote(everyCore, run) {
  return (
    `on every core (${everyCore.jobThreads} worker threads): ${fixed(everyCore.backtestSeconds / run.readSeconds, 2)}x ` +
    `the bare read above (target ${TARGET_READ_RATIO}x), peak RSS ${mb(everyCore.peakRss)} (target ${TARGET_RSS_MB} MB)`
  );
}

function profileNotes(profile) {
  if (!profile) return [];
  const areas = Object.entries(profile.areas).map(([area, share]) => `${area} ${percent(share)}`);
  return [
    `what bounds the job: CPU profile of a whole job on ${count(profile.cases)} more cases drawn alike, its chunks ` +
      `on the profiled thread (SPILLWAY_JOB_THREADS=0; a worker thread runs them the same way) ` +
      `(${fixed(profile.seconds)} s, planning included, idle ${percent(profile.idle)}); self time by area: ${areas.join(', ')}`,
    `  with callees: evaluatePipeline ${percent(profile.inclusive.evaluatePipeline)}, the chunk's read (readCases) ` +
      `${percent(profile.inclusive.readCases)}, its commit ${percent(profile.inclusive.commit)}, planning ` +
      `${percent(profile.inclusive.plan)}; top self time:`,
    ...profile.top.map(({ label, share }) => `    ${percent(share)} ${label}`),
  ];
}

/**
 * Section: BENCH_BACKTEST_CASES synthetic cases (default 1,000,000) backtested against their bare read: one
 * child generates and inserts them, another, which never held them, reads them and runs the job.
 */
export async function syntheticBacktest() {
  const dataDir = mkdtempSync(join(tmpdir(), 'spillway-bench-1m-'));
  let stored;
  let run;
  let everyCore = null;
  const cores = availableParallelism();
  const measure = (env = {}) =>
    runJsonChild('./backtest-synthetic.js', {
      nodeArgs: ['--expose-gc'],
      args: ['measure', dataDir, stored.caseSetId],
      env,
    });
  try {
    stored = await runJsonChild('./backtest-synthetic.js', { args: ['generate', dataDir] });
    run = await measure();
    // The default keeps a core for serving; a backtest on a machine that serves nothing else may take them all.
    if (run.jobThreads < cores) everyCore = await measure({ SPILLWAY_JOB_THREADS: String(cores) });
    if (run.backtestSeconds > TARGET_READ_RATIO * run.readSeconds) {
      run.profile = await runJsonChild('./backtest-synthetic.js', {
        args: ['profile', dataDir],
        env: { SPILLWAY_JOB_THREADS: '0' },
      });
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const ratio = run.backtestSeconds / run.readSeconds;
  const floor = run.backtestCases / run.inMemoryCasesPerSecond;
  const row = (label, seconds, cases) => [label, fixed(seconds), cases / seconds];
  const notes = [
    verdict('backtest time / bare read time', ratio, TARGET_READ_RATIO, { lowerIsBetter: true }),
    verdict('peak RSS during the backtest', run.peakRss / 2 ** 20, TARGET_RSS_MB, {
      unit: ' MB',
      lowerIsBetter: true,
      digits: 0,
    }) +
      ` (sampled every 50 ms by a thread of its own; ${mb(run.rssBefore)} when the job started, after the bare ` +
      `read); the process's maxRSS ${mb(run.maxRssAfterJob)} after the job; the generating process's ${mb(stored.maxRss)}`,
    `the job planned its ${count(Math.ceil(run.backtestCases / 1000))} chunks (one pass of the case set's line ` +
      `index, numbered by the database) in ${fixed(run.planSeconds)} s of the ${fixed(run.backtestSeconds)} s`,
    `the evaluation alone, both sides in memory on one thread, would take ${fixed(floor)} s for all cases: ` +
      `${fixed(floor / run.readSeconds)}x the bare read before any storage; the job's chunks ran on ` +
      `${run.jobThreads} worker thread(s) (SPILLWAY_JOB_THREADS, one per spare core by default), none on the main thread`,
    approvalNote(run),
    ...(everyCore ? [everyCoreNote(everyCore, run)] : []),
    ...profileNotes(run.profile),
  ];
  if (stored.cases !== DEFAULT_SYNTHETIC_CASES) {
    notes.unshift(
      `!!! ran ${count(stored.cases)} cases (BENCH_BACKTEST_CASES), not the default ${count(DEFAULT_SYNTHETIC_CASES)}`,
    );
  }
  return {
    title:
      `Backtest: ${count(stored.cases)} synthetic cases (Taiwan rows resampled and jittered; ` +
      `${percent(stored.defaults / stored.cases)} defaulted) in one SQLite case set, one run`,
    header: ['', 'seconds', 'cases/s'],
    rows: [
      row(
        'generate and insert the case set (not part of the figures below)',
        stored.insertSeconds,
        stored.cases,
      ),
      row(
        "bare read: the job's read of the same rows (readCases), 1,000 at a time",
        run.readSeconds,
        run.readRows,
      ),
      row(
        'backtest job end to end (start to runner idle), both sides',
        run.backtestSeconds,
        run.backtestCases,
      ),
      ...(everyCore
        ? [
            row(
              `backtest job on every core (SPILLWAY_JOB_THREADS=${everyCore.jobThreads}), same cases`,
              everyCore.backtestSeconds,
              everyCore.backtestCases,
            ),
          ]
        : []),
      [
        `the same decisions in memory, no job (first ${count(run.inMemorySample)} cases)`,
        '',
        run.inMemoryCasesPerSecond,
      ],
    ],
    notes,
  };
}
