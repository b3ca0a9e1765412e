import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPolicies, revision } from '@spillway/rules';
import { afterAll, describe, expect, it } from 'vitest';
import { applicantInput } from '../support/applicant.js';
import { createDatabase, requirePostgresUnlessLocal } from '../support/postgres.js';
import {
  DEMO,
  freePort,
  graphql,
  loginToken,
  startBuiltServer,
  startExpectingFailure,
} from '../support/server.js';

const DECIDE = `mutation ($input: DecideInput!) {
  decide(input: $input) { id outcome approvedLimit revisions { kind number revision } }
}`;

/** One line naming the problem and the fix, a non-zero exit, and no stack dump. */
function expectOneLineRefusal(result: { code: number | null; output: string }, code: string) {
  expect(result.code).not.toBe(0);
  expect(result.code).not.toBeNull();
  const lines = result.output.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^spillway: ${code}: .+ Fix: .+`));
  expect(result.output).not.toMatch(/\n\s+at /);
}

describe('the built server on embedded SQLite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'spillway-built-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves GraphQL, the console and health, decides with the demo key, and keeps data across restarts', async () => {
    const first = await startBuiltServer({ dataDir });
    let decisionId: string;
    try {
      expect(first.output()).toContain('/graphql');
      expect(first.output()).toContain(DEMO.apiKey);
      expect(first.output()).toContain(DEMO.users.risk);
      expect(await graphql(first.url, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
      const home = await fetch(`${first.url}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toMatch(/<div id="root">/);
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${first.url}/readyz`)).json()).toEqual({ status: 'ready' });

      const decided = await graphql<{
        decide: { id: string; revisions: { kind: string; number: number; revision: string }[] };
      }>(first.url, DECIDE, { input: applicantInput('built-1') }, { 'x-api-key': DEMO.apiKey });
      expect(decided.errors).toBeUndefined();
      const admission = decided.data!.decide.revisions.find((ref) => ref.kind === 'ADMISSION');
      expect(admission).toEqual({
        kind: 'ADMISSION',
        number: 1,
        revision: revision(defaultPolicies().ADMISSION),
      });
      decisionId = decided.data!.decide.id;
    } finally {
      await first.stop();
    }

    const second = await startBuiltServer({ dataDir });
    try {
      const read = await graphql<{ decision: { id: string } }>(
        second.url,
        'query ($id: ID!) { decision(id: $id) { id } }',
        { id: decisionId },
        { 'x-api-key': DEMO.apiKey },
      );
      expect(read.data?.decision.id).toBe(decisionId);
    } finally {
      await second.stop();
    }
  });
});

describe('the demo on its first start', () => {
  it('imports the Taiwan case set in the background, ready to backtest', async () => {
    const server = await startBuiltServer({
      env: { SPILLWAY_DEMO_CASE_SET: 'true', SPILLWAY_DEMO_DECISIONS: '0' },
    });
    try {
      const token = await loginToken(server.url, DEMO.users.qa);
      const sets = () =>
        graphql<{
          caseSets: { edges: { node: { name: string; caseCount: number; defaultCount: number } }[] };
        }>(
          server.url,
          'query { caseSets(first: 5) { edges { node { name caseCount defaultCount } } } }',
          {},
          { authorization: `Bearer ${token}` },
        );
      const deadline = Date.now() + 90_000;
      let names: { name: string; caseCount: number; defaultCount: number }[] = [];
      while (names.length === 0 && Date.now() < deadline) {
        names = (await sets()).data?.caseSets.edges.map((edge) => edge.node) ?? [];
        if (names.length === 0) await new Promise((wait) => setTimeout(wait, 500));
      }
      expect(names).toEqual([
        { name: 'Taiwan credit default (UCI 350)', caseCount: 30_000, defaultCount: 6636 },
      ]);
    } finally {
      await server.stop();
    }
  }, 120_000);
});

const withPostgres = await requirePostgresUnlessLocal();

describe.runIf(withPostgres)('the built server on PostgreSQL', () => {
  it('migrates a fresh database at start and decides on it', async () => {
    const database = await createDatabase();
    const server = await startBuiltServer({ env: { DATABASE_URL: database.url } }).catch(async (error) => {
      await database.drop();
      throw error;
    });
    try {
      expect(server.output()).toContain('PostgreSQL');
      const decided = await graphql<{ decide: { outcome: string } }>(
        server.url,
        DECIDE,
        { input: applicantInput('pg-1') },
        { 'x-api-key': DEMO.apiKey },
      );
      expect(decided.errors).toBeUndefined();
      expect(['APPROVE', 'DECLINE', 'REFER']).toContain(decided.data?.decide.outcome);
    } finally {
      await server.stop();
      await database.drop();
    }
  });
});

describe('start-up refusals', () => {
  it('names a port in use', async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '0.0.0.0', resolve));
    const dataDir = mkdtempSync(join(tmpdir(), 'spillway-port-'));
    try {
      expectOneLineRefusal(
        await startExpectingFailure({ PORT: String(port), SPILLWAY_DATA_DIR: dataDir }),
        'PORT_IN_USE',
      );
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.each([
    ['a malformed DATABASE_URL', { DATABASE_URL: 'mysql//oops' }, 'DATABASE_URL_INVALID'],
    [
      'an unreachable PostgreSQL',
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/spillway' },
      'DATABASE_UNREACHABLE',
    ],
    [
      'a data directory that cannot be written',
      { SPILLWAY_DATA_DIR: '/etc/hostname/spillway' },
      'DATA_DIR_NOT_WRITABLE',
    ],
    ['a port that is not a number', { PORT: 'eighty' }, 'CONFIG_INVALID'],
  ])('names %s', async (_label, env, code) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spillway-refusal-'));
    try {
      expectOneLineRefusal(await startExpectingFailure({ SPILLWAY_DATA_DIR: dataDir, ...env }), code);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
