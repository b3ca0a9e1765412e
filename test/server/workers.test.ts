import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { defaultPolicies } from '@spillway/rules';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const CASES = 4000;

/** Scores spread over the band the candidate moves, incomes and requests varied, every ninth a default. */
function casesCsv() {
  const lines = ['ref,income,debts,score,age,employment,lenders,inquiries,dpd,amount,term,defaulted'];
  for (let i = 1; i <= CASES; i++) {
    lines.push(
      [
        `W-${i}`,
        6000 + (i % 37) * 400,
        (i % 11) * 150,
        560 + (i % 240),
        22 + (i % 40),
        12 + (i % 90),
        i % 4,
        i % 5,
        i % 13 === 0 ? 45 : 0,
        5000 + (i % 30) * 1000,
        12,
        i % 9 === 0 ? 1 : 0,
      ].join(','),
    );
  }
  return lines.join('\n');
}

const MAPPING = {
  version: 1,
  columns: {
    income: { fact: 'monthlyIncome' },
    debts: { fact: 'monthlyDebtService' },
    score: { fact: 'bureauScore' },
    age: { fact: 'age' },
    employment: { fact: 'employmentMonths' },
    lenders: { fact: 'multiLenderCount' },
    inquiries: { fact: 'inquiries3m' },
    dpd: { fact: 'maxDpd12m' },
    amount: { type: 'number' },
    term: { type: 'integer' },
  },
  outcome: { column: 'defaulted', defaultValues: ['1'], nonDefaultValues: ['0'] },
  application: { requestedAmount: 'amount', termMonths: 'term' },
};

interface Worker {
  child: ChildProcess;
  output(): string;
}

describe.runIf(withServices)('backtests across worker processes (PostgreSQL + Redis)', () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let server: RunningServer;
  let env: Record<string, string>;
  let auth: Record<string, string>;
  let caseSetId: string;
  let candidateId: string;
  const workers: Worker[] = [];
  let sql: pg.Client;

  const startWorker = (extra: Record<string, string> = {}): Worker => {
    let output = '';
    const child = spawn(process.execPath, [workerEntry], {
      cwd: repoRoot,
      env: { ...process.env, ...env, ...extra },
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
  };
  const stopWorkers = async () => {
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
  };
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
  const completion = async (id: string) => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const read = await graphql<{ backtest: { status: string; casesDone: number; metrics: unknown } }>(
        server.url,
        'query ($id: ID!) { backtest(id: $id) { status casesDone metrics } }',
        { id },
        auth,
      );
      const job = read.data!.backtest;
      if (job.status !== 'QUEUED' && job.status !== 'RUNNING') return job;
      if (Date.now() > deadline)
        throw new Error(`backtest ${id} still ${job.status}:\n${workers.map((w) => w.output()).join('\n')}`);
      await new Promise((wait) => setTimeout(wait, 250));
    }
  };

  beforeAll(async () => {
    database = await createDatabase('spillway_workers');
    env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      SPILLWAY_QUEUE_PREFIX: `spillway-test-${randomBytes(4).toString('hex')}`,
      SPILLWAY_JOB_LEASE_SECONDS: '2',
      // One runner per process, so the chunks' claims name exactly the processes.
      SPILLWAY_JOB_THREADS: '0',
      SPILLWAY_DEMO_DECISIONS: '0',
      LOG_LEVEL: 'warn',
    };
    // The API only queues: the workers do every chunk.
    server = await startBuiltServer({ env: { ...env, SPILLWAY_RUN_JOBS: 'false' } });
    auth = { authorization: `Bearer ${await loginToken(server.url, DEMO.users.risk)}` };
    const imported = await graphql<{ importCaseSet: { caseSet: { id: string; caseCount: number } } }>(
      server.url,
      'mutation ($input: ImportCaseSetInput!) { importCaseSet(input: $input) { caseSet { id caseCount } } }',
      { input: { name: 'worker cases', format: 'CSV', mapping: MAPPING, content: casesCsv() } },
      auth,
    );
    expect(imported.errors).toBeUndefined();
    caseSetId = imported.data!.importCaseSet.caseSet.id;
    const policies = await graphql<{ policies: { id: string; kind: string }[] }>(
      server.url,
      'query { policies { id kind } }',
      {},
      auth,
    );
    const admission = policies.data!.policies.find((policy) => policy.kind === 'ADMISSION')!;
    const draft = await graphql<{ createDraft: { id: string; lockVersion: number } }>(
      server.url,
      'mutation ($input: CreateDraftInput!) { createDraft(input: $input) { id lockVersion } }',
      { input: { policyId: admission.id } },
      auth,
    );
    const stricter = defaultPolicies().ADMISSION;
    stricter.parameters = { ...stricter.parameters, minBureauScore: 650 };
    const updated = await graphql(
      server.url,
      'mutation ($input: UpdateDraftInput!) { updateDraft(input: $input) { id } }',
      {
        input: {
          versionId: draft.data!.createDraft.id,
          expectedLockVersion: draft.data!.createDraft.lockVersion,
          document: stricter,
        },
      },
      auth,
    );
    expect(updated.errors).toBeUndefined();
    candidateId = draft.data!.createDraft.id;
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  }, 120_000);

  afterAll(async () => {
    await stopWorkers();
    await server?.stop();
    await sql?.end();
    await database?.drop();
  });

  it('splits a backtest across two worker processes and gets the metrics one process gets', async () => {
    startWorker({ SPILLWAY_WORKER_CHUNK_PAUSE_MS: '300' });
    startWorker({ SPILLWAY_WORKER_CHUNK_PAUSE_MS: '300' });
    const shared = await completion(await backtest());
    expect(shared).toMatchObject({ status: 'COMPLETED', casesDone: CASES });
    const claimedBy = await sql.query(
      'select count(distinct claimed_by) as workers, count(*) as chunks from backtest_chunk where backtest_id = (select id from backtest order by created_at desc limit 1)',
    );
    expect(Number(claimedBy.rows[0].chunks)).toBe(CASES / 1000);
    expect(Number(claimedBy.rows[0].workers)).toBe(2);
    await stopWorkers();

    startWorker();
    const single = await completion(await backtest());
    expect(single.metrics).toEqual(shared.metrics);
    await stopWorkers();
  }, 180_000);

  it('loses no chunk when a worker is killed mid-chunk: another takes it over, and it counts once', async () => {
    const reference = (
      await sql.query(
        "select metrics from backtest where status = 'COMPLETED' order by created_at desc limit 1",
      )
    ).rows[0].metrics;
    const doomed = startWorker({ SPILLWAY_WORKER_CHUNK_PAUSE_MS: '60000' });
    const id = await backtest();
    const deadline = Date.now() + 30_000;
    let held: { id: string; claimed_by: string } | undefined;
    while (!held && Date.now() < deadline) {
      held = (
        await sql.query(
          "select id, claimed_by from backtest_chunk where backtest_id = $1 and status = 'RUNNING'",
          [id],
        )
      ).rows[0];
      if (!held) await new Promise((wait) => setTimeout(wait, 100));
    }
    expect(held, doomed.output()).toBeDefined();
    doomed.child.kill('SIGKILL');
    startWorker();
    const job = await completion(id);
    expect(job).toMatchObject({ status: 'COMPLETED', casesDone: CASES });
    expect(job.metrics).toEqual(reference);
    const chunk = (
      await sql.query('select status, attempts, claimed_by from backtest_chunk where id = $1', [held!.id])
    ).rows[0];
    expect(chunk.status).toBe('DONE');
    expect(chunk.attempts).toBeGreaterThanOrEqual(2);
    expect(chunk.claimed_by).not.toBe(held!.claimed_by);
  }, 180_000);
});
