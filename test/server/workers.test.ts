import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_SIZE } from '../../api/dist/src/backtests/chunk-plan.js';
import { encryptPhone, maskPhone } from '../../api/dist/src/borrowers/pii.js';
import { COMPLIANCE_CHUNK } from '../../api/dist/src/compliance/compliance.job.js';
import { REVIEW_CHUNK } from '../../api/dist/src/monitoring/portfolio-review.job.js';
import { CASES_MAPPING, casesCsv, stricterAdmissionDraft, waitFor } from '../support/jobs.js';
import { createDatabase, requirePostgresUnlessLocal } from '../support/postgres.js';
import { REDIS_URL, requireRedisUnlessLocal } from '../support/redis.js';
import {
  DEMO,
  graphql,
  loginToken,
  type RunningServer,
  repoRoot,
  startBuiltServer,
} from '../support/server.js';

const withServices = (await requirePostgresUnlessLocal()) && (await requireRedisUnlessLocal());
const workerEntry = join(repoRoot, 'api', 'dist', 'src', 'worker.js');
const SECRET = 'workers-test-secret-that-is-at-least-32-characters';

interface Worker {
  child: ChildProcess;
  output(): string;
}

/** `npm run worker` processes for one database; each runs one chunk at a time, so claims name processes. */
function workerPool(env: () => Record<string, string>) {
  const workers: Worker[] = [];
  return {
    start(extra: Record<string, string> = {}): Worker {
      let output = '';
      const child = spawn(process.execPath, [workerEntry], {
        cwd: repoRoot,
        env: { ...process.env, ...env(), ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr?.on('data', (chunk) => {
        output += chunk;
      });
      const worker = { child, output: () => output };
      workers.push(worker);
      return worker;
    },
    output: () => workers.map((worker) => worker.output()).join('\n'),
    async stop() {
      await Promise.all(
        workers.splice(0).map(
          ({ child }) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/** What the API and its workers share: the database and Redis, a short lease, no threads. */
function sharedEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    SPILLWAY_QUEUE_PREFIX: `spillway-test-${randomBytes(4).toString('hex')}`,
    SPILLWAY_SECRET: SECRET,
    SPILLWAY_JOB_LEASE_SECONDS: '2',
    // One runner per process, so the chunks' claims name exactly the processes.
    SPILLWAY_JOB_THREADS: '0',
    SPILLWAY_DEMO_DECISIONS: '0',
    LOG_LEVEL: 'warn',
  };
}

/** A RUNNING chunk of a job (not its planning step), once a worker holds one. */
async function heldChunk(sql: pg.Client, jobId: string, describe: () => string) {
  return waitFor(
    async () =>
      (
        await sql.query<{ id: string; claimed_by: string }>(
          `select id, claimed_by from job_chunk where job_id = $1 and status = 'RUNNING' and "index" >= 0`,
          [jobId],
        )
      ).rows[0],
    (held) => held !== undefined,
    { timeoutMs: 30_000, everyMs: 100, describe },
  );
}

describe.runIf(withServices)('backtests across worker processes (PostgreSQL + Redis)', () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let server: RunningServer;
  let env: Record<string, string>;
  let auth: Record<string, string>;
  let caseSetId: string;
  let candidateId: string;
  let sql: pg.Client;
  const CASES = 4000;
  const workers = workerPool(() => env);

  const backtest = async () => {
    const started = await graphql<{ startBacktest: { id: string } }>(
      server.url,
      'mutation ($input: StartBacktestInput!) { startBacktest(input: $input) { id } }',
      { input: { caseSetId, candidateVersionIds: [candidateId], asOf: '2026-11-28T00:00:00Z' } },
      auth,
    );
    expect(started.errors).toBeUndefined();
    return started.data!.startBacktest.id;
  };
  const completion = (id: string) =>
    waitFor(
      async () =>
        (
          await graphql<{ backtest: { status: string; casesDone: number; metrics: unknown } }>(
            server.url,
            'query ($id: ID!) { backtest(id: $id) { status casesDone metrics } }',
            { id },
            auth,
          )
        ).data!.backtest,
      (job) => job.status !== 'QUEUED' && job.status !== 'RUNNING',
      { timeoutMs: 90_000, describe: workers.output },
    );

  beforeAll(async () => {
    database = await createDatabase('spillway_workers');
    env = sharedEnv(database.url);
    // The API only queues: the workers do every chunk, the import's too.
    server = await startBuiltServer({ env: { ...env, SPILLWAY_RUN_JOBS: 'false' } });
    auth = { authorization: `Bearer ${await loginToken(server.url, DEMO.users.risk)}` };
    workers.start();
    const imported = await graphql<{ importCaseSet: { caseSet: { id: string; caseCount: number } } }>(
      server.url,
      'mutation ($input: ImportCaseSetInput!) { importCaseSet(input: $input) { caseSet { id caseCount } } }',
      { input: { name: 'worker cases', format: 'CSV', mapping: CASES_MAPPING, content: casesCsv(CASES) } },
      auth,
    );
    expect(imported.errors).toBeUndefined();
    caseSetId = imported.data!.importCaseSet.caseSet.id;
    await workers.stop();
    candidateId = await stricterAdmissionDraft(server.url, auth);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  }, 120_000);

  afterAll(async () => {
    await workers.stop();
    await server?.stop();
    await sql?.end();
    await database?.drop();
  });

  it('splits a backtest across two worker processes and gets the metrics one process gets', async () => {
    workers.start({ SPILLWAY_WORKER_CHUNK_PAUSE_MS: '300' });
    workers.start({ SPILLWAY_WORKER_CHUNK_PAUSE_MS: '300' });
    const sharedId = await backtest();
    const shared = await completion(sharedId);
    expect(shared).toMatchObject({ status: 'COMPLETED', casesDone: CASES });
    const claimedBy = await sql.query(
      `select count(distinct claimed_by) as workers, count(*) as chunks from job_chunk where job_id = $1 and "index" >= 0`,
      [sharedId],
    );
    expect(Number(claimedBy.rows[0].chunks)).toBe(CASES / CHUNK_SIZE);
    expect(Number(claimedBy.rows[0].workers)).toBe(2);
    await workers.stop();

    workers.start();
    const single = await completion(await backtest());
    expect(single.metrics).toEqual(shared.metrics);
    await workers.stop();
  }, 180_000);

  it('loses no chunk when a worker is killed mid-chunk: another takes it over, and it counts once', async () => {
    const reference = (
      await sql.query(
        "select metrics from backtest where status = 'COMPLETED' order by created_at desc limit 1",
      )
    ).rows[0].metrics;
    const doomed = workers.start({ SPILLWAY_WORKER_CHUNK_PAUSE_MS: '60000' });
    const id = await backtest();
    const held = await heldChunk(sql, id, doomed.output);
    doomed.child.kill('SIGKILL');
    workers.start();
    const job = await completion(id);
    expect(job).toMatchObject({ status: 'COMPLETED', casesDone: CASES });
    expect(job.metrics).toEqual(reference);
    const chunk = (
      await sql.query('select status, attempts, claimed_by from job_chunk where id = $1', [held.id])
    ).rows[0];
    expect(chunk.status).toBe('DONE');
    expect(chunk.attempts).toBeGreaterThanOrEqual(2);
    expect(chunk.claimed_by).not.toBe(held.claimed_by);
    await workers.stop();
  }, 180_000);
});

/** Lines reviewed by each scenario: several chunks of REVIEW_CHUNK. */
const LINES = 600;

/** A line in good standing, as the servicing system reports it; the portfolio varies one thing at a time. */
function behaviourOf(i: number): Record<string, unknown> {
  return {
    monthlyDebtService: 1200,
    utilization: i % 7 === 0 ? 0.98 : 0.2,
    utilization3mAgo: i % 7 === 0 ? 0.6 : 0.2,
    paymentRatio: i % 11 === 0 ? 0.5 : 1,
    paymentRatioPrior: 1,
    monthsDelinquent6m: i % 5 === 0 ? 1 : 0,
    monthsDelinquentPrior6m: 0,
    currentDpd: i % 5 === 0 ? 45 : 0,
    incomeChange: 0,
    // Every thirteenth borrower earns too little for the limit: an overflow customer, cut to what they can repay.
    ...(i % 13 === 0 ? { monthlyIncome: 3000 } : {}),
  };
}

/**
 * A portfolio of LINES lines of the default product written straight into the database: borrowers with
 * profiles (every third with a phone, for reminders) and lines with limits, balances and behaviour chosen
 * so the default MONITORING policy raises every kind of alert, applies small cuts and holds large ones.
 */
async function seedPortfolio(sql: pg.Client) {
  const product = (await sql.query("select id from product where key = 'cash-line'")).rows[0].id;
  const now = new Date();
  for (let start = 0; start < LINES; start += 100) {
    const borrowers: unknown[] = [];
    const lines: unknown[] = [];
    for (let i = start; i < start + 100; i++) {
      const borrowerId = randomUUID();
      const phone = `1380000${String(i).padStart(4, '0')}`;
      borrowers.push(
        borrowerId,
        now,
        `R-${i}`,
        `Review client ${i}`,
        i % 3 === 0 ? maskPhone(phone) : null,
        i % 3 === 0 ? encryptPhone(SECRET, phone) : null,
        JSON.stringify({
          monthlyIncome: 9000 + (i % 10) * 1000,
          age: 30 + (i % 20),
          employmentMonths: 24 + (i % 60),
          bureauScore: 650 + (i % 150),
          multiLenderCount: i % 3,
          inquiries3m: i % 4,
          maxDpd12m: 0,
        }),
        now,
      );
      lines.push(
        randomUUID(),
        now,
        borrowerId,
        product,
        i % 4 === 0 ? 800_000 : 3_000_000,
        (i % 4 === 0 ? 200_000 : 600_000) + (i % 20) * 10_000,
        1800,
        now,
        JSON.stringify(behaviourOf(i)),
        now,
      );
    }
    const tuples = (rows: number, columns: number) =>
      Array.from(
        { length: rows },
        (_, row) =>
          `(${Array.from({ length: columns }, (_, column) => `$${row * columns + column + 1}`).join(', ')})`,
      ).join(', ');
    await sql.query(
      `insert into borrower (id, created_at, external_ref, name, phone_masked, phone_encrypted, profile, updated_at) values ${tuples(100, 8)}`,
      borrowers,
    );
    await sql.query(
      `insert into credit_line (id, created_at, borrower_id, product_id, limit_minor, drawn_balance_minor, apr_bps, updated_at, behaviour, behaviour_as_of) values ${tuples(100, 10)}`,
      lines,
    );
  }
}

/** What a review left: its counters, and every alert, limit change and reminder by borrower. */
async function outcomeOf(sql: pg.Client, reviewId: string) {
  const review = (
    await sql.query(
      `select status, lines_reviewed, lines_flagged, alerts_created, alerts_deduplicated, cuts_applied,
       cuts_pending_approval, notifications_queued, counts from portfolio_review where id = $1`,
      [reviewId],
    )
  ).rows[0];
  const alerts = (
    await sql.query(
      `select b.external_ref, a.indicator, a.severity, a.reason, a.rule, a.cut_status, a.proposed_limit_minor,
       a.policy_proposed_limit_minor, a.clamped_to_balance, a.limit_at_alert_minor, a.revision
       from alert a join borrower b on b.id = a.borrower_id where a.review_id = $1
       order by b.external_ref, a.indicator`,
      [reviewId],
    )
  ).rows;
  const cuts = (
    await sql.query(
      `select b.external_ref, c.from_minor, c.to_minor, c.reason, l.limit_minor, l.affordable_limit_minor, l.overflow
       from limit_change c join credit_line l on l.id = c.credit_line_id join borrower b on b.id = l.borrower_id
       order by b.external_ref`,
    )
  ).rows;
  const reminders = (
    await sql.query(
      `select b.external_ref, n.template, n.recipient_masked, n.params from notification n
       join borrower b on b.id = n.borrower_id order by b.external_ref, n.template`,
    )
  ).rows;
  return { review, alerts, cuts, reminders };
}

describe.runIf(withServices)('portfolio reviews across worker processes (PostgreSQL + Redis)', () => {
  /** Each scenario runs on a database of its own with the same portfolio: a review dedupes against the last. */
  const scenarios: { server: RunningServer; sql: pg.Client; drop(): Promise<void> }[] = [];
  let reference: Awaited<ReturnType<typeof outcomeOf>>;

  /** A fresh database with the portfolio, its API (which only queues), and workers started by `run`. */
  async function reviewScenario(
    run: (
      pool: ReturnType<typeof workerPool>,
      review: () => Promise<string>,
      sql: pg.Client,
    ) => Promise<string>,
  ) {
    const database = await createDatabase('spillway_reviews');
    const env = sharedEnv(database.url);
    const server = await startBuiltServer({ env: { ...env, SPILLWAY_RUN_JOBS: 'false' } });
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    scenarios.push({ server, sql, drop: database.drop });
    await seedPortfolio(sql);
    const auth = { authorization: `Bearer ${await loginToken(server.url, DEMO.users.risk)}` };
    const pool = workerPool(() => env);
    try {
      const review = async () => {
        const started = await graphql<{ runPortfolioReview: { id: string } }>(
          server.url,
          'mutation { runPortfolioReview { id } }',
          {},
          auth,
        );
        expect(started.errors).toBeUndefined();
        return started.data!.runPortfolioReview.id;
      };
      const reviewId = await run(pool, review, sql);
      await waitFor(
        async () =>
          (
            await graphql<{ portfolioReview: { status: string } }>(
              server.url,
              'query ($id: ID!) { portfolioReview(id: $id) { status } }',
              { id: reviewId },
              auth,
            )
          ).data!.portfolioReview.status,
        (status) => status !== 'RUNNING',
        { timeoutMs: 120_000, describe: pool.output },
      );
      return { reviewId, sql, outcome: await outcomeOf(sql, reviewId) };
    } finally {
      await pool.stop();
    }
  }

  afterAll(async () => {
    for (const scenario of scenarios) {
      await scenario.server.stop();
      await scenario.sql.end();
      await scenario.drop();
    }
  });

  beforeAll(async () => {
    const single = await reviewScenario(async (pool, review) => {
      pool.start();
      return review();
    });
    reference = single.outcome;
  }, 180_000);

  it('reviews a portfolio with one worker: alerts of every kind, cuts applied and held, reminders', () => {
    expect(reference.review).toMatchObject({ status: 'COMPLETED', lines_reviewed: LINES });
    expect(reference.review.cuts_applied).toBeGreaterThan(0);
    expect(reference.review.cuts_pending_approval).toBeGreaterThan(0);
    expect(reference.review.notifications_queued).toBeGreaterThan(0);
    expect(new Set(reference.alerts.map((alert) => alert.indicator))).toEqual(
      new Set(['delinquency', 'overflow', 'paymentRatio', 'utilization']),
    );
    expect(reference.cuts).toHaveLength(reference.review.cuts_applied);
  });

  it('splits a review across two worker processes and gets the alerts, cuts and reminders one process gets', async () => {
    const split = await reviewScenario(async (pool, review) => {
      pool.start({ SPILLWAY_WORKER_CHUNK_PAUSE_MS: '300' });
      pool.start({ SPILLWAY_WORKER_CHUNK_PAUSE_MS: '300' });
      return review();
    });
    const claimedBy = await split.sql.query(
      `select count(distinct claimed_by) as workers, count(*) as chunks from job_chunk where job_id = $1 and "index" >= 0`,
      [split.reviewId],
    );
    expect(Number(claimedBy.rows[0].chunks)).toBe(Math.ceil(LINES / REVIEW_CHUNK));
    expect(Number(claimedBy.rows[0].workers)).toBe(2);
    expect(split.outcome).toEqual(reference);
  }, 180_000);

  it('loses nothing when a worker is killed mid-chunk: another takes the chunk over, and it counts once', async () => {
    let held: { id: string; claimed_by: string } | undefined;
    const resumed = await reviewScenario(async (pool, review, sql) => {
      const doomed = pool.start({ SPILLWAY_WORKER_CHUNK_PAUSE_MS: '60000' });
      const id = await review();
      held = await heldChunk(sql, id, doomed.output);
      doomed.child.kill('SIGKILL');
      pool.start();
      return id;
    });
    expect(resumed.outcome).toEqual(reference);
    const chunk = (
      await resumed.sql.query('select status, attempts, claimed_by from job_chunk where id = $1', [held!.id])
    ).rows[0];
    expect(chunk.status).toBe('DONE');
    expect(chunk.attempts).toBeGreaterThanOrEqual(2);
    expect(chunk.claimed_by).not.toBe(held!.claimed_by);
  }, 180_000);
});

describe.runIf(withServices)('compliance runs across worker processes (PostgreSQL + Redis)', () => {
  const scenarios: { server: RunningServer; sql: pg.Client; drop(): Promise<void> }[] = [];

  /** What a run left: its counters and tallies, and every open finding by borrower, line and check. */
  async function findingsOf(sql: pg.Client, runId: string) {
    const run = (
      await sql.query(
        `select status, borrowers_total, borrowers_checked, findings_open, new_findings, resolved_findings, tallies
         from compliance_run where id = $1`,
        [runId],
      )
    ).rows[0];
    const findings = (
      await sql.query(
        `select b.external_ref, l.apr_bps, f.check_id, f.code, f.exposure_minor, f.facts, f.revision, f.status
         from compliance_finding f join borrower b on b.id = f.borrower_id
         left join credit_line l on l.id = f.credit_line_id
         order by b.external_ref, f.check_id, f.code`,
      )
    ).rows.map(({ facts: { lines: _ids, ...facts }, ...finding }) => ({ ...finding, facts }));
    // Lines are named by their (random) ids in `lines`: each scenario seeds the portfolio afresh.
    return { run, findings };
  }

  /** A fresh database with the review portfolio made to breach every kind of check, and its run. */
  async function complianceScenario(start: (pool: ReturnType<typeof workerPool>) => void) {
    const database = await createDatabase('spillway_compliance');
    const env = sharedEnv(database.url);
    const server = await startBuiltServer({ env: { ...env, SPILLWAY_RUN_JOBS: 'false' } });
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    scenarios.push({ server, sql, drop: database.drop });
    await seedPortfolio(sql);
    // Some lines priced in the 24–36% band, some borrowers with no income on file, some with large limits.
    await sql.query('update credit_line set apr_bps = 2800 where limit_minor = 800000');
    await sql.query(
      "update borrower set profile = profile - 'monthlyIncome' where external_ref like '%7' and external_ref like 'R-%'",
    );
    await sql.query(
      "update credit_line set limit_minor = 25000000 where borrower_id in (select id from borrower where external_ref like '%9')",
    );
    const auth = { authorization: `Bearer ${await loginToken(server.url, DEMO.users.risk)}` };
    const pool = workerPool(() => env);
    try {
      start(pool);
      const started = await graphql<{ runComplianceCheck: { id: string } }>(
        server.url,
        'mutation { runComplianceCheck { id } }',
        {},
        auth,
      );
      expect(started.errors).toBeUndefined();
      const runId = started.data!.runComplianceCheck.id;
      await waitFor(
        async () =>
          (
            await graphql<{ complianceRun: { status: string } }>(
              server.url,
              'query ($id: ID!) { complianceRun(id: $id) { status } }',
              { id: runId },
              auth,
            )
          ).data!.complianceRun.status,
        (status) => status !== 'RUNNING',
        { timeoutMs: 120_000, describe: pool.output },
      );
      return { runId, sql, outcome: await findingsOf(sql, runId) };
    } finally {
      await pool.stop();
    }
  }

  afterAll(async () => {
    for (const scenario of scenarios) {
      await scenario.server.stop();
      await scenario.sql.end();
      await scenario.drop();
    }
  });

  it('splits a run across two worker processes and finds exactly what one process finds', async () => {
    const single = await complianceScenario((pool) => pool.start());
    expect(single.outcome.run).toMatchObject({ status: 'COMPLETED', borrowers_checked: LINES });
    expect(new Set(single.outcome.findings.map((finding) => `${finding.check_id} ${finding.code}`))).toEqual(
      new Set([
        'apr-24-36 BREACH',
        'income-share BREACH',
        'income-share INCOME_UNKNOWN',
        'overflow BREACH',
        'overflow INCOME_UNKNOWN',
        'total-limit BREACH',
      ]),
    );
    const split = await complianceScenario((pool) => {
      pool.start({ SPILLWAY_WORKER_CHUNK_PAUSE_MS: '300' });
      pool.start({ SPILLWAY_WORKER_CHUNK_PAUSE_MS: '300' });
    });
    const claimedBy = await split.sql.query(
      `select count(distinct claimed_by) as workers, count(*) as chunks from job_chunk where job_id = $1 and "index" >= 0`,
      [split.runId],
    );
    expect(Number(claimedBy.rows[0].chunks)).toBe(Math.ceil(LINES / COMPLIANCE_CHUNK));
    expect(Number(claimedBy.rows[0].workers)).toBe(2);
    expect(split.outcome).toEqual(single.outcome);
  }, 300_000);
});
