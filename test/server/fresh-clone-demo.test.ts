/**
 * The first ten minutes of a new user: a clone of the repository in a folder of its own, the README's quick
 * start (`npm install && npm start`), and a console that has something to show. The clone is of the
 * committed HEAD, in a temporary folder outside this working tree; `npm install` is replaced by a
 * hard-linked copy of the installed node_modules (the clone reads nothing outside itself at run time).
 * `npm start` builds every package in the clone and starts on a fresh embedded database; the test waits for
 * the background seeding's "demo data ready" log line, then holds the README's table of demo counts to
 * that line and to what GraphQL answers with the demo credentials, the overflow customers included.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, freePort, graphql, loginToken, repoRoot } from '../support/server.js';

/** A slow two-core CI machine: a full build, then 30,000 cases and 30,000 borrowers written. */
const BUILD_AND_START_MS = 10 * 60_000;
const SEEDING_MS = 10 * 60_000;

/** The README's table of demo counts: "| `name` | 12,345 | ...". */
function readmeCounts(readme: string): Record<string, number> {
  return Object.fromEntries(
    [...readme.matchAll(/^\| `(\w+)` \| ([\d,]+) \|/gm)].map(([, name, count]) => [
      name,
      Number(count.replaceAll(',', '')),
    ]),
  );
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null> | T | null) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((wait) => setTimeout(wait, 1000));
  }
}

describe('a fresh clone, started as the README says', () => {
  const folder = mkdtempSync(join(tmpdir(), 'spillway-clone-'));
  const clone = join(folder, 'spillway');
  let server: ChildProcess | undefined;
  let output = '';
  let url = '';
  let exited = false;

  beforeAll(async () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    execFileSync('git', ['clone', '--quiet', '--no-checkout', repoRoot, clone]);
    execFileSync('git', ['checkout', '--quiet', '--detach', head], { cwd: clone });
    // In place of `npm install`: hard links where the file system allows them, a copy otherwise. Workspace
    // packages are relative links, so they resolve to the clone's own packages.
    try {
      execFileSync('cp', ['-al', join(repoRoot, 'node_modules'), clone]);
    } catch {
      rmSync(join(clone, 'node_modules'), { recursive: true, force: true });
      execFileSync('cp', ['-a', join(repoRoot, 'node_modules'), clone]);
    }
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !/^(SPILLWAY_|DATABASE_URL$|REDIS_URL$|NODE_ENV$|LOG_LEVEL$|PORT$|HOST$)/.test(name),
      ),
    );
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // Its own process group, so stopping it stops npm, the shell and the server together.
    server = spawn('npm', ['start'], {
      cwd: clone,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    server.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    server.once('exit', () => {
      exited = true;
    });
    await until('the server to answer /readyz', BUILD_AND_START_MS, async () => {
      if (exited) throw new Error(`npm start exited:\n${output.slice(-4000)}`);
      const ready = await fetch(`${url}/readyz`)
        .then((response) => response.ok)
        .catch(() => false);
      return ready || null;
    });
  }, BUILD_AND_START_MS + 60_000);

  afterAll(async () => {
    if (server?.pid && !exited) {
      const stopped = new Promise((resolve) => server?.once('exit', resolve));
      process.kill(-server.pid, 'SIGTERM');
      const timer = setTimeout(() => server?.pid && process.kill(-server.pid, 'SIGKILL'), 20_000);
      await stopped;
      clearTimeout(timer);
    }
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  it('holds nothing that reads outside the repository', () => {
    const patterns = ['-e', '\\.\\./shared', '-e', '/work/shared'];
    const grep = spawnSync(
      'git',
      ['grep', '-n', ...patterns, '--', '.', ':!test/server/fresh-clone-demo.test.ts'],
      {
        cwd: clone,
        encoding: 'utf8',
      },
    );
    // git grep exits 1 when nothing matches.
    expect(grep.stdout).toBe('');
    expect(grep.status).toBe(1);
  });

  it(
    'seeds the whole demo, and the README, the log and GraphQL agree on its counts',
    async () => {
      const readme = readmeCounts(readFileSync(join(clone, 'README.md'), 'utf8'));
      expect(Object.keys(readme).sort()).toEqual(
        [
          'borrowers',
          'cashLines',
          'cases',
          'decisions',
          'incomeShocks',
          'instalmentLoans',
          'overflowCustomers',
        ].sort(),
      );
      const logged = await until('the "demo data ready" log line', SEEDING_MS, () => {
        if (exited) throw new Error(`the server stopped:\n${output.slice(-4000)}`);
        const line = output.split('\n').find((text) => text.includes('"msg":"demo data ready"'));
        return line ? (JSON.parse(line) as Record<string, unknown>) : null;
      });
      expect(output).not.toMatch(/could not be seeded|"level":50/);
      expect(Object.fromEntries(Object.keys(readme).map((name) => [name, logged[name]]))).toEqual(readme);
      expect(readme.overflowCustomers).toBeGreaterThan(0);

      const asRisk = { authorization: `Bearer ${await loginToken(url, DEMO.users.risk)}` };
      const counts = await graphql<{
        decisions: { totalCount: number };
        borrowers: { totalCount: number };
        overflowCustomers: {
          totalCount: number;
          edges: { node: { limit: string; affordableLimit: string } }[];
        };
        caseSets: { edges: { node: { name: string; caseCount: number; defaultCount: number } }[] };
      }>(
        url,
        `{ decisions(first: 0) { totalCount } borrowers(first: 0) { totalCount }
         overflowCustomers(first: 1) { totalCount edges { node { limit affordableLimit } } }
         caseSets(first: 5) { edges { node { name caseCount defaultCount } } } }`,
        {},
        asRisk,
      );
      expect(counts.errors).toBeUndefined();
      const { decisions, borrowers, overflowCustomers, caseSets } = counts.data!;
      expect(decisions.totalCount).toBe(readme.decisions);
      expect(borrowers.totalCount).toBe(readme.borrowers);
      expect(caseSets.edges.map((edge) => edge.node)).toEqual([
        { name: 'Taiwan credit default (UCI 350)', caseCount: readme.cases, defaultCount: 6636 },
      ]);
      expect(overflowCustomers.totalCount).toBe(readme.overflowCustomers);
      const [largest] = overflowCustomers.edges;
      expect(Number(largest.node.limit)).toBeGreaterThan(Number(largest.node.affordableLimit));

      // The app's key reads the same decisions the console shows.
      const asApp = await graphql<{ decisions: { totalCount: number } }>(
        url,
        '{ decisions(first: 0) { totalCount } }',
        {},
        { 'x-api-key': DEMO.apiKey },
      );
      expect(asApp.data?.decisions.totalCount).toBe(readme.decisions);

      // A review sees every cash-line, and its overflow rule fires on every overflow customer.
      const started = await graphql<{ runPortfolioReview: { id: string } }>(
        url,
        'mutation { runPortfolioReview { id } }',
        {},
        asRisk,
      );
      expect(started.errors).toBeUndefined();
      const review = await until('the review to finish', SEEDING_MS, async () => {
        const read = await graphql<{
          portfolioReview: { status: string; linesTotal: number; counts: Record<string, object> };
        }>(
          url,
          'query ($id: ID!) { portfolioReview(id: $id) { status linesTotal counts } }',
          { id: started.data?.runPortfolioReview.id },
          asRisk,
        ).catch(() => null);
        // The review keeps the process busy; a kept-alive connection it closed meanwhile is only retried.
        if (!read) return null;
        const status = read.data?.portfolioReview.status;
        return status && status !== 'RUNNING' ? read.data!.portfolioReview : null;
      });
      expect(review.status).toBe('COMPLETED');
      // The review plans its lines in its first chunk: it counts them once it has.
      expect(review.linesTotal).toBe(readme.cashLines);
      expect(review.counts.overflow).toEqual({ HIGH: readme.overflowCustomers });
    },
    SEEDING_MS * 2 + 60_000,
  );
});
