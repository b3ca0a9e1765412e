/**
 * Batch work never stalls serving: on the built server (embedded SQLite, the default worker threads), a
 * review of the 30,000-line demo portfolio, a backtest of the 30,000 Taiwan cases and a 5 MB case set
 * import run together while a probe sends `{ __typename }` and a decide every 20 ms. No probe may take
 * longer than PROBE_LIMIT_MS (generous, for a shared CI machine; the figures are printed), and every
 * probe decide must be stored. Data: I-C. Yeh and C-H. Lien (2009), UCI dataset 350, CC BY 4.0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicantInput } from '../support/applicant.js';
import { CASES_MAPPING, casesCsv, percentile, stricterAdmissionDraft, waitFor } from '../support/jobs.js';
import { DEMO, graphql, loginToken, type RunningServer, startBuiltServer } from '../support/server.js';

const PROBE_EVERY_MS = 20;
const PROBE_LIMIT_MS = 250;
const MAX_IN_FLIGHT = 50;
const PORTFOLIO_LINES = 30_000;
/** About 5 MB of CSV. */
const IMPORT_ROWS = 110_000;
const DECIDE = 'mutation ($input: DecideInput!) { decide(input: $input) { id outcome } }';

interface Probe {
  what: 'typename' | 'decide';
  id: string;
  /** When it was sent. */
  at: string;
  ms: number;
  ok: boolean;
  decisionId?: string;
  error?: string;
}

describe('serving while a review, a backtest and an import run (built server, SQLite)', () => {
  let server: RunningServer;
  let auth: Record<string, string>;

  beforeAll(async () => {
    server = await startBuiltServer({
      env: {
        SPILLWAY_DEMO_CASE_SET: 'true',
        SPILLWAY_DEMO_PORTFOLIO: 'true',
        SPILLWAY_DEMO_DECISIONS: '0',
        SPILLWAY_RATE_LIMIT_PER_MINUTE: '1000000',
      },
    });
    auth = { authorization: `Bearer ${await loginToken(server.url, DEMO.users.risk)}` };
    // The demo's first start imports the Taiwan cases, then seeds them as the portfolio, in the background.
    await waitFor(
      async () => {
        const read = await graphql<{ caseSets: { totalCount: number }; borrowers: { totalCount: number } }>(
          server.url,
          'query { caseSets(first: 1) { totalCount } borrowers(first: 1) { totalCount } }',
          {},
          auth,
        ).catch(() => null);
        // Seeding keeps the server busy; a kept-alive connection it closed meanwhile is only asked again.
        return read?.data;
      },
      (data) => data?.caseSets.totalCount === 1 && data.borrowers.totalCount === PORTFOLIO_LINES,
      { timeoutMs: 180_000, everyMs: 1000, describe: () => server.output() },
    );
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('answers every probe within the bound, and stores every probe decide', async () => {
    const [taiwan] = (
      await graphql<{ caseSets: { edges: { node: { id: string } }[] } }>(
        server.url,
        'query { caseSets(first: 1) { edges { node { id } } } }',
        {},
        auth,
      )
    ).data!.caseSets.edges;
    const candidateId = await stricterAdmissionDraft(server.url, auth);
    const upload = casesCsv(IMPORT_ROWS, 'ISO');
    expect(upload.length).toBeGreaterThan(5_000_000);

    const probes: Probe[] = [];
    /** Each probe names itself in `x-request-id`, so a slow one can be found in the server's log. */
    const timed = async (
      what: Probe['what'],
      id: string,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      const started = performance.now();
      const at = new Date().toISOString();
      try {
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': id, ...headers },
          body: JSON.stringify(body),
        });
        const answer = (await response.json()) as { data?: { decide?: { id: string } }; errors?: unknown };
        probes.push({
          what,
          id,
          at,
          ms: performance.now() - started,
          ok: response.ok && !answer.errors,
          decisionId: answer.data?.decide?.id,
          error: answer.errors ? JSON.stringify(answer.errors) : undefined,
        });
      } catch (error) {
        probes.push({ what, id, at, ms: performance.now() - started, ok: false, error: String(error) });
      }
    };
    /** A job read until its status is final. */
    const finished = <T extends { status: string }>(field: string, fields: string, id: string) =>
      waitFor(
        async () =>
          (
            await graphql<Record<string, T>>(
              server.url,
              `query ($id: ID!) { ${field}(id: $id) { ${fields} } }`,
              { id },
              auth,
            )
          ).data![field],
        (read) => read.status !== 'QUEUED' && read.status !== 'RUNNING',
        { timeoutMs: 300_000, describe: () => server.output() },
      );
    // The process's first decide compiles the published policies and prepares its statements: a cold start,
    // not the jobs' doing, so it happens before they start, as it would on a server already in service.
    const warm = await graphql(
      server.url,
      DECIDE,
      { input: applicantInput('isolation-warm-up') },
      {
        'x-api-key': DEMO.apiKey,
      },
    );
    expect(warm.errors).toBeUndefined();
    let sequence = 0;
    const inFlight = new Set<Promise<void>>();
    const fire = (probe: Promise<void>) => {
      inFlight.add(probe);
      probe.finally(() => inFlight.delete(probe));
    };
    const ticker = setInterval(() => {
      // A server that stopped answering fails on the bound anyway; more probes would only bury it.
      if (inFlight.size >= MAX_IN_FLIGHT) return;
      const n = ++sequence;
      fire(timed('typename', `probe-${n}-typename`, { query: '{ __typename }' }));
      fire(
        timed(
          'decide',
          `probe-${n}-decide`,
          { query: DECIDE, variables: { input: applicantInput(`isolation-${n}`) } },
          { 'x-api-key': DEMO.apiKey },
        ),
      );
    }, PROBE_EVERY_MS);

    // The longest stall is counted from here: start-up and the demo's seeding are not the jobs'.
    await fetch(`${server.url}/metrics`);
    const started = performance.now();
    try {
      const review = await graphql<{ runPortfolioReview: { id: string } }>(
        server.url,
        'mutation { runPortfolioReview { id } }',
        {},
        auth,
      );
      expect(review.errors).toBeUndefined();
      const backtest = await graphql<{ startBacktest: { id: string } }>(
        server.url,
        'mutation ($input: StartBacktestInput!) { startBacktest(input: $input) { id } }',
        { input: { caseSetId: taiwan.node.id, candidateVersionIds: [candidateId] } },
        auth,
      );
      expect(backtest.errors).toBeUndefined();
      const imported = fetch(`${server.url}/case-sets/import?name=isolation&refColumn=ref`, {
        method: 'POST',
        headers: {
          'content-type': 'text/csv',
          'x-spillway-mapping': JSON.stringify(CASES_MAPPING),
          ...auth,
        },
        body: upload,
      });
      const reviewDone = finished<{ status: string; linesReviewed: number }>(
        'portfolioReview',
        'status linesReviewed',
        review.data!.runPortfolioReview.id,
      );
      const backtestDone = finished<{ status: string; casesDone: number }>(
        'backtest',
        'status casesDone',
        backtest.data!.startBacktest.id,
      );
      const response = await imported;
      expect(response.status, await response.clone().text()).toBe(201);
      expect(
        ((await response.json()) as { data: { importCaseSet: { importedRows: number } } }).data,
      ).toMatchObject({
        importCaseSet: { importedRows: IMPORT_ROWS },
      });
      // The probe's approvals open lines too, which the review takes in when their ids fall in its ranges.
      const reviewed = await reviewDone;
      expect(reviewed.status).toBe('COMPLETED');
      expect(reviewed.linesReviewed).toBeGreaterThanOrEqual(PORTFOLIO_LINES);
      expect(await backtestDone).toEqual({ status: 'COMPLETED', casesDone: PORTFOLIO_LINES });
    } finally {
      clearInterval(ticker);
      await Promise.all(inFlight);
    }
    const seconds = (performance.now() - started) / 1000;

    for (const what of ['typename', 'decide'] as const) {
      const times = probes
        .filter((probe) => probe.what === what)
        .map((probe) => probe.ms)
        .sort((a, b) => a - b);
      console.log(
        `${what} probes while the jobs ran (${seconds.toFixed(1)} s): ${times.length}, p50 ${percentile(times, 0.5).toFixed(1)} ms, ` +
          `p99 ${percentile(times, 0.99).toFixed(1)} ms, max ${times.at(-1)?.toFixed(1)} ms`,
      );
    }
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    console.log(metrics.match(/^spillway_event_loop_delay_max_seconds .*$/m)?.[0]);

    expect(
      probes.filter((probe) => !probe.ok),
      server.output().slice(-3000),
    ).toEqual([]);
    expect(probes.filter((probe) => probe.ms > PROBE_LIMIT_MS)).toEqual([]);
    const decided = probes.filter((probe) => probe.what === 'decide');
    const stored = await graphql<{ decisions: { totalCount: number } }>(
      server.url,
      'query { decisions(first: 1) { totalCount } }',
      {},
      auth,
    );
    // Every probe's decision, and the warm-up's.
    expect(stored.data!.decisions.totalCount).toBe(decided.length + 1);
    expect(new Set(decided.map((probe) => probe.decisionId)).size).toBe(decided.length);
  }, 600_000);
});
