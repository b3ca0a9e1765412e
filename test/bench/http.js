// Section: `decide` over HTTP against the built server, measured by autocannon beside a trivial query on the
// same server in the same run, on SQLite and on PostgreSQL.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  applicantInput,
  fixed,
  percent,
  profileNotes,
  REPO_ROOT,
  runJsonChild,
  summarizeProfile,
  verdict,
} from './support.js';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const WARM_UP_SECONDS = 3;
const CONNECTIONS = [10, 50];
const PG_ADMIN_URL = process.env.PG_TEST_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const API_KEY = 'spillway-demo-app-key';
/** Targets of issue 08: decide at >= 40% of the trivial query's throughput; p99 < 25 ms at 50 on SQLite. */
const TARGET_SHARE = 40;
const TARGET_P99_MS = 25;

const DECIDE =
  'mutation ($input: DecideInput!) { decide(input: $input) { id outcome approvedLimit aprBps termMonths ' +
  'riskTier affordableLimit overflow reasons { code message } revisions { kind number revision } } }';

/** Starts api/dist/src/main.js on a free port (PORT=0, read back from its banner) and waits until ready. */
async function startServer(env, nodeArgs = []) {
  const dataDir = mkdtempSync(join(tmpdir(), 'spillway-bench-http-'));
  const child = spawn(process.execPath, [...nodeArgs, join(REPO_ROOT, 'api/dist/src/main.js')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: '0',
      HOST: '127.0.0.1',
      SPILLWAY_DATA_DIR: dataDir,
      DATABASE_URL: '',
      SPILLWAY_DEMO_DECISIONS: '0',
      // the demo's background seeding (case set, monitoring portfolio) would compete with the load
      SPILLWAY_DEMO_CASE_SET: 'false',
      SPILLWAY_DEMO_PORTFOLIO: 'false',
      SPILLWAY_RATE_LIMIT_PER_MINUTE: '100000000',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 60_000);
      const read = (chunk) => {
        output += chunk;
        const port = output.match(/GraphQL\s+http:\/\/localhost:(\d+)\//)?.[1];
        if (port) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port}`);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      exited.then((code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
    });
    const ready = await fetch(`${url}/readyz`);
    if (!ready.ok) throw new Error(`${url}/readyz answered ${ready.status}`);
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A fresh PostgreSQL database, dropped (with any connection left to it) by `drop`; null when unreachable. */
async function freshDatabase() {
  const name = `spillway_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  const connected = await admin.connect().then(
    () => true,
    () => false,
  );
  if (!connected) return null;
  await admin.query(`create database "${name}"`);
  const url = Object.assign(new URL(PG_ADMIN_URL), { pathname: `/${name}` });
  const drop = async () => {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
  return { url: url.toString(), drop };
}

let sequence = 0;
const runTag = randomBytes(4).toString('hex');

/** The creditworthy applicant of applicant.json under a new key and borrower, so every request decides anew. */
function decideBody() {
  return JSON.stringify({ query: DECIDE, variables: { input: applicantInput(`${runTag}-${++sequence}`) } });
}

const TRIVIAL = JSON.stringify({ query: '{ __typename }' });

/** One autocannon run; GraphQL errors (HTTP 200 with `errors`) are counted from the bodies. */
async function load(url, connections, seconds, body) {
  let graphqlErrors = 0;
  const result = await autocannon({
    url: `${url}/graphql`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        setupRequest: (request) => ({ ...request, body: body() }),
        onResponse: (status, responseBody) => {
          if (status === 200 && responseBody.includes('"errors"')) graphqlErrors++;
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    mean: result.latency.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
    graphqlErrors,
  };
}

const decide = () => decideBody();
const trivial = () => TRIVIAL;

async function measure(database, url) {
  await load(url, CONNECTIONS[0], WARM_UP_SECONDS, decide);
  await load(url, CONNECTIONS[0], WARM_UP_SECONDS, trivial);
  const runs = [];
  for (const connections of CONNECTIONS) {
    const query = await load(url, connections, SECONDS, trivial);
    const decided = await load(url, connections, SECONDS, decide);
    runs.push({ database, connections, query, decided });
  }
  return runs;
}

/** Where a SQLite server spends a decide run at 50 connections: a CPU profile written by --cpu-prof. */
async function serverProfile() {
  const dir = mkdtempSync(join(tmpdir(), 'spillway-bench-prof-'));
  try {
    const server = await startServer({}, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    try {
      await load(server.url, CONNECTIONS[1], SECONDS, decide);
    } finally {
      await server.stop();
    }
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    // the load's seconds only: start-up (module loading, migrations) comes before them
    const summary = summarizeProfile(profile, { lastSeconds: SECONDS - 1 });
    const areas = [
      ['Apollo, graphql-js, type-graphql', ['@apollo', ' graphql/', 'type-graphql', 'graphql-armor']],
      ['Express and body parsing', [' express/', 'body-parser', 'raw-body', ' router/']],
      ['MikroORM', ['@mikro-orm']],
      ['knex', [' knex/']],
      ['rules (evaluation)', ['rules/dist']],
      ['api code', ['api/dist']],
      ['better-sqlite3 (its native calls count here and in knex)', ['better-sqlite3']],
      ['pino logging', [' pino']],
      ['garbage collector', ['(garbage collector)']],
    ].map(([name, parts]) => `${name} ${percent(summary.selfIn(...parts))}`);
    return [
      `what bounds decide: CPU profile of the SQLite server under decide at ${CONNECTIONS[1]} connections ` +
        `(the last ${fixed(summary.seconds, 0)} s of ${SECONDS}; idle ${percent(summary.idleShare)} of samples): self time by area ${areas.join(', ')}`,
      '  top self time:',
      ...profileNotes(summary, 10),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** decide without HTTP or GraphQL (decide-probe.js): its own cost and the SQL statements it sends. */
async function decideProbe() {
  const probe = await runJsonChild('./decide-probe.js');
  const kinds = probe.kinds.map(([kind, count]) => (count === 1 ? kind : `${kind} x${fixed(count, 2)}`));
  return [
    `decide in process through the service (no HTTP, no GraphQL), SQLite, ${probe.decisions} decisions: ` +
      `${fixed(probe.wallMs, 2)} ms each (${fixed(probe.cpuMs, 2)} ms of CPU), ${fixed(probe.statements)} SQL ` +
      `statements each, ${percent(probe.distinctTexts)} of them with a text seen once (values inlined: prepared anew):`,
    `  ${kinds.join('; ')}`,
  ];
}

export async function http() {
  const runs = [];
  const sqlite = await startServer({});
  try {
    runs.push(...(await measure('SQLite', sqlite.url)));
  } finally {
    await sqlite.stop();
  }
  const database = await freshDatabase();
  const notes = [];
  if (database) {
    try {
      const postgres = await startServer({ DATABASE_URL: database.url });
      try {
        runs.push(...(await measure('PostgreSQL', postgres.url)));
      } finally {
        await postgres.stop();
      }
    } finally {
      await database.drop();
    }
  } else {
    notes.push(`!!! PostgreSQL is not reachable at ${PG_ADMIN_URL}: its half did not run`);
  }

  const rows = [];
  let missed = false;
  for (const { database: name, connections, query, decided } of runs) {
    const row = (label, run) => [
      `${name}, ${connections} connections: ${label}`,
      run.rps,
      fixed(run.mean),
      fixed(run.p50),
      fixed(run.p99),
      String(run.failures),
      String(run.graphqlErrors),
    ];
    rows.push(row('decide', decided), row('{ __typename }', query));
    const share = (decided.rps / query.rps) * 100;
    notes.push(
      `${name}, ${connections} connections: decide at ${fixed(share)}% of the trivial query; ` +
        verdict('decide share', share, TARGET_SHARE, { unit: '%' }),
    );
    missed ||= share < TARGET_SHARE;
    if (name === 'SQLite' && connections === CONNECTIONS[1]) {
      notes.push(
        `SQLite, ${connections} connections: ${verdict('decide p99', decided.p99, TARGET_P99_MS, { unit: ' ms', lowerIsBetter: true })}`,
      );
      missed ||= decided.p99 >= TARGET_P99_MS;
    }
  }
  notes.push(
    `autocannon runs in this process beside the server (2 cores shared); ${WARM_UP_SECONDS} s warm-up of each ` +
      'query first; each decide is a new borrower and idempotency key, approved with a new credit line; the ' +
      'trivial query carries the same API key, so both pay authentication (a cached key: one read by id)',
  );
  if (missed) notes.push(...(await decideProbe()), ...(await serverProfile()));
  return {
    title: `decide over HTTP: the built server, autocannon ${SECONDS} s per run`,
    header: ['', 'requests/s', 'mean ms', 'p50 ms', 'p99 ms', 'errors/non-2xx', 'GraphQL errors'],
    rows,
    notes,
  };
}
