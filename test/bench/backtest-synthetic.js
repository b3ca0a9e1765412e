// Bench child: a backtest of BENCH_BACKTEST_CASES (default 1,000,000) synthetic cases stored in SQLite by
// the real app, against the bare read of the same rows. Two processes, each printing one JSON line:
//   backtest-synthetic.js generate DATA_DIR              the case set, inserted into DATA_DIR's database
//   backtest-synthetic.js measure DATA_DIR CASE_SET_ID    the bare read, the job (on the app's worker
//     threads, as the server runs it) and its peak memory, in a process that never held the generated cases
//   backtest-synthetic.js profile DATA_DIR                a CPU profile of a whole job on PROFILE_CASES more
//     cases drawn alike, run with SPILLWAY_JOB_THREADS=0 so its chunks run on the profiled thread
//
// The cases are drawn from the Taiwan data as the repository maps it (api/seed/taiwan-credit-default.
// mapping.json): each synthetic case is a real mapped row picked at random (a bootstrap) and jittered.
// Not per-fact marginals: the mapping derives facts from one another (income is the limit / 3, the
// score proxy comes from the delays and the utilisation, maxDpd12m from the worst delay), so facts drawn
// independently would make borrowers the mapping can never produce (a 90-days-late 800 score) and
// outcomes unlike the data's. A bootstrap keeps the joint distribution and the observed default with
// each row; the jitter (every CNY amount by one common factor, so ratios such as utilisation hold, and
// age by up to two years within the data's range) keeps a million cases from being 33 copies of each row.
import { randomUUID } from 'node:crypto';
import { catalogFact } from '@spillway/rules';
import { readCases } from '../../api/dist/src/backtests/backtest.job.js';
import { Case } from '../../api/dist/src/case-sets/case.entity.js';
import { CaseSet, CaseSetStatus } from '../../api/dist/src/case-sets/case-set.entity.js';
import { benchChild, candidateDraft, inMemoryRate, runBacktest, taiwanCases } from './backtest-app.js';
import { mulberry32, profileOf, summarizeProfile } from './support.js';

const CASES = Number(process.env.BENCH_BACKTEST_CASES ?? 1_000_000);
const SEED = 20261129;
/** Rows per insertMany (9 bound parameters each, under SQLite's 32,766) and inserts per transaction. */
const INSERT_ROWS = 2500;
const INSERTS_PER_TRANSACTION = 8;
/** The runner reads a chunk of this many lines at a time (CHUNK_SIZE in api/src/backtests). */
const READ_CHUNK = 1000;
/** The profile is of a whole job, planning included, on a case set of this many cases drawn the same way. */
const PROFILE_CASES = 20_000;
/** Cases of the bare read decided again in memory, without the job: the evaluation's own speed. */
const IN_MEMORY_SAMPLE = 20_000;

/** A jittered copy of a random real case. */
function sampler(cases, seed) {
  const random = mulberry32(seed);
  const ages = cases.map((item) => item.facts.age);
  const [minAge, maxAge] = [Math.min(...ages), Math.max(...ages)];
  const money = (name) => catalogFact(name)?.unit === 'CNY';
  return () => {
    const source = cases[Math.floor(random() * cases.length)];
    const factor = 0.85 + 0.3 * random();
    const facts = {};
    for (const [name, value] of Object.entries(source.facts)) {
      facts[name] = money(name) && typeof value === 'number' ? Math.round(value * factor * 100) / 100 : value;
    }
    facts.age = Math.min(maxAge, Math.max(minAge, facts.age + Math.floor(random() * 5) - 2));
    const application = {
      requestedAmount: Math.round(source.application.requestedAmount * factor * 100) / 100,
      termMonths: source.application.termMonths,
    };
    return { facts, application, observedDefault: source.observedDefault };
  };
}

/** A case set of `size` cases, inserted as the import does (insertMany of plain rows) in transactions. */
async function insertCaseSet(services, product, mappingDocument, next, size) {
  const em = services.orm.em.fork();
  const caseSet = em.create(CaseSet, {
    name: `synthetic ${size} (Taiwan bootstrap, seed ${SEED})`,
    product,
    source: `synthetic: Taiwan rows resampled and jittered by test/bench/backtest-synthetic.js, seed ${SEED}`,
    mapping: mappingDocument,
    status: CaseSetStatus.COMPLETE,
    caseCount: 0,
    defaultCount: 0,
    unknownOutcomeCount: 0,
    failedRowCount: 0,
    createdBy: 'bench',
  });
  await em.flush();
  const counts = { cases: 0, defaults: 0, unknown: 0 };
  const createdAt = new Date();
  while (counts.cases < size) {
    await services.orm.em.fork().transactional(async (tx) => {
      for (let insert = 0; insert < INSERTS_PER_TRANSACTION && counts.cases < size; insert++) {
        const rows = [];
        while (rows.length < INSERT_ROWS && counts.cases < size) {
          const item = next();
          counts.cases++;
          if (item.observedDefault === true) counts.defaults++;
          if (item.observedDefault === null) counts.unknown++;
          rows.push({
            id: randomUUID(),
            createdAt,
            caseSet: caseSet.id,
            // line 1 would be a file's header: cases start on line 2, as an import numbers them
            line: counts.cases + 1,
            externalRef: `SYN-${counts.cases}`,
            facts: item.facts,
            application: item.application,
            observedDefault: item.observedDefault,
            expected: null,
          });
        }
        await tx.insertMany(Case, rows);
      }
    });
  }
  await em.nativeUpdate(
    CaseSet,
    { id: caseSet.id },
    { caseCount: counts.cases, defaultCount: counts.defaults, unknownOutcomeCount: counts.unknown },
  );
  return { caseSetId: caseSet.id, ...counts };
}

/**
 * The rows read as the job reads them (readCases of api/src/backtests/backtest.job.ts: one bound statement
 * over the case set's line index, plain rows, the JSON parsed), chunk by chunk of 1,000 lines. The first
 * `keep` cases' facts are returned.
 */
async function bareRead(services, caseSetId, lines, keep = 0) {
  const job = { caseSetId, asOf: new Date().toISOString() };
  let rows = 0;
  const kept = [];
  for (let first = 2; first <= lines + 1; first += READ_CHUNK) {
    const chunk = {
      firstKey: first,
      lastKey: Math.min(first + READ_CHUNK - 1, lines + 1),
      itemCount: READ_CHUNK,
    };
    const cases = await readCases(services.orm.em.fork(), job, chunk);
    rows += cases.length;
    for (const item of cases) if (kept.length < keep) kept.push(item.facts);
  }
  return { rows, kept };
}

/** Where a job spends its time: a CPU profile of a whole job on PROFILE_CASES cases, on this thread. */
async function profileJob(services, candidate, caseSetId) {
  const profile = await profileOf(async () => {
    await services.backtests.start(services.orm.em.fork(), candidate.risk, {
      caseSetId,
      candidateVersionIds: [candidate.draft.id],
    });
    await services.jobs.idle();
  });
  const summary = summarizeProfile(profile);
  return {
    cases: PROFILE_CASES,
    seconds: summary.seconds,
    idle: summary.idleShare,
    areas: {
      'rules (evaluation, metrics)': summary.selfIn('rules/dist'),
      'api (job runner, reads, summaries, writes)': summary.selfIn('api/dist'),
      MikroORM: summary.selfIn('@mikro-orm'),
      'knex and better-sqlite3 wrappers': summary.selfIn(' knex/', 'better-sqlite3'),
      'SQLite statements (native all/run/get)': summary.selfNative('all', 'run', 'get'),
      'garbage collector': summary.selfIn('(garbage collector)'),
    },
    top: summary.topSelf(12),
    inclusive: Object.fromEntries(
      ['evaluatePipeline', 'readCases', 'commit', 'plan'].map((name) => [name, summary.inclusive(name)]),
    ),
  };
}

/** The Taiwan rows, resampled and jittered, as a case set of `size` cases. */
async function insertDrawn(services, config, size) {
  const product = await services.products.get(services.orm.em.fork(), 'cash-line');
  const { cases, mappingDocument } = taiwanCases(config);
  return insertCaseSet(services, product, mappingDocument, sampler(cases, SEED), size);
}

const [phase, dataDir, caseSetId] = process.argv.slice(2);
if (phase === 'generate') {
  await benchChild(
    async ({ services, config }) => {
      const started = performance.now();
      const stored = await insertDrawn(services, config, CASES);
      return { ...stored, insertSeconds: (performance.now() - started) / 1000 };
    },
    { dataDir },
  );
} else if (phase === 'measure') {
  await benchChild(
    async ({ services, config, rss }) => {
      const readStarted = performance.now();
      const read = await bareRead(services, caseSetId, CASES);
      const readSeconds = (performance.now() - readStarted) / 1000;
      global.gc?.();

      const candidate = await candidateDraft(services);
      const job = await runBacktest(services, candidate, caseSetId, rss);
      // after the job: the same decisions in memory on the first cases, and the profile when it was slow
      const sampled = Math.min(IN_MEMORY_SAMPLE, CASES);
      const sample = await bareRead(services, caseSetId, sampled, sampled);
      return {
        ...job,
        // the worker threads that ran the chunks (SPILLWAY_JOB_THREADS); the main thread ran none
        jobThreads: services.jobs.runsChunks ? 0 : config.jobThreads,
        readRows: read.rows,
        readSeconds,
        inMemorySample: sample.kept.length,
        inMemoryCasesPerSecond: await inMemoryRate(sample.kept),
      };
    },
    { dataDir },
  );
} else if (phase === 'profile') {
  await benchChild(
    async ({ services, config }) => {
      if (!services.jobs.runsChunks)
        throw new Error('profile with SPILLWAY_JOB_THREADS=0: chunks on this thread');
      const profiled = await insertDrawn(services, config, PROFILE_CASES);
      return profileJob(services, await candidateDraft(services), profiled.caseSetId);
    },
    { dataDir },
  );
} else {
  throw new Error(
    'usage: backtest-synthetic.js generate DATA_DIR | measure DATA_DIR CASE_SET_ID | profile DATA_DIR',
  );
}
