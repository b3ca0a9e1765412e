import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { factCatalog } from '@spillway/rules';
import type { Page } from 'playwright-core';
import raEnglish from 'ra-language-english';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.js';
import { DEMO, type RunningServer, repoRoot, startBuiltServer } from '../support/server.js';
import {
  asUser,
  CASE_MAPPING,
  call,
  chooseLanguage,
  draftOf,
  type Language,
  open,
  overflowWidth,
  pendingCuts,
  settled,
} from './daily.js';
import { signedInAs } from './session.js';

const skipReason = browserUnavailable();
if (skipReason) console.warn(`console e2e skipped: ${skipReason}`);

/** The string literals of the console's English messages: the table a Chinese page must not show. */
function englishTableWords(): Set<string> {
  const sources = ['en.ts', 'en-domain.ts'].map((file) =>
    readFileSync(join(repoRoot, 'console', 'src', 'i18n', file), 'utf8'),
  );
  const literals = sources.flatMap((source) =>
    [...source.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g)].map((match) => match[1] ?? match[2]),
  );
  const flatten = (node: unknown): string[] =>
    typeof node === 'string'
      ? [node]
      : typeof node === 'object' && node
        ? Object.values(node).flatMap(flatten)
        : [];
  const texts = [...literals, ...flatten(raEnglish), ...factCatalog.map((fact) => fact.description)];
  const words = new Set<string>();
  for (const text of texts) {
    for (const [word] of text.replace(/%\{\w+\}/g, ' ').matchAll(/[A-Za-z]{2,}/g))
      words.add(word.toLowerCase());
  }
  for (const allowed of ALLOWED) words.delete(allowed.toLowerCase());
  return words;
}

/** Names and abbreviations that stay as they are in Chinese. */
const ALLOWED = ['Spillway', 'API', 'APR', 'JSON', 'CSV', 'PSI', 'ID', 'UTC', 'AUC', 'KS', 'ROC'];

/**
 * The visible words of the page outside what the console marks as data or code (`translate="no"`): a
 * compound such as `cash-line` or `TW-96` is one token, a name rather than a word.
 */
async function visibleTokens(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const tokens: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      // What a user typed (a policy's description in its textarea) is data, not the console's words.
      const data = '[translate="no"], code, pre, textarea, script, style, [aria-hidden="true"]';
      if (!parent || parent.closest(data)) continue;
      const style = getComputedStyle(parent);
      if (style.visibility === 'hidden' || style.display === 'none' || parent.getClientRects().length === 0)
        continue;
      for (const [token] of (node.textContent ?? '').matchAll(
        /[A-Za-z][A-Za-z0-9_.\-']*[A-Za-z0-9]|[A-Za-z]/g,
      )) {
        tokens.push(token);
      }
    }
    return tokens;
  });
}

interface Walked {
  name: string;
  route: string;
  /** After the page loads: a tab to open, a rule to expand. */
  afterLoad?: (page: Page) => Promise<void>;
}

/**
 * Every page of the console, walked by an administrator in Simplified Chinese (no word of the English table
 * may show) and at the widths of a laptop (1,280 px) and a phone (390 px) in both languages (no page may be
 * wider than the window). Screenshots of each page go to test/artifacts/.
 */
describe.skipIf(skipReason !== null)(
  'console: every page, in Chinese and at every width, in Chromium',
  () => {
    let server: RunningServer;
    const run = randomUUID().slice(0, 8);
    const pages: Walked[] = [];

    beforeAll(async () => {
      server = await startBuiltServer({ env: { SPILLWAY_DEMO_CASE_SET: 'true' } });
      const admin = await asUser(server, DEMO.users.admin);
      const risk = await asUser(server, DEMO.users.risk);
      await pendingCuts(server, run, 3);
      const draft = await draftOf(server, 'ADMISSION', { minBureauScore: 560 }, false);
      const imported = await call<{ importCaseSet: { caseSet: { id: string } } }>(
        server,
        'mutation ($input: ImportCaseSetInput!) { importCaseSet(input: $input) { caseSet { id } } }',
        {
          input: {
            name: `Walk cases ${run}`,
            format: 'CSV',
            refColumn: 'ref',
            mapping: CASE_MAPPING,
            content: [
              'ref,income,score,amount,defaulted',
              'W-1,20000,600,20000,0',
              'W-2,20000,640,20000,1',
              'W-3,20000,700,20000,0',
            ].join('\n'),
          },
        },
        risk,
      );
      const started = await call<{ startBacktest: { id: string } }>(
        server,
        'mutation ($input: StartBacktestInput!) { startBacktest(input: $input) { id } }',
        { input: { caseSetId: imported.importCaseSet.caseSet.id, candidateVersionIds: [draft.id] } },
        risk,
      );
      const backtestId = started.startBacktest.id;
      for (let attempt = 0; attempt < 300; attempt++) {
        const job = await call<{ backtest: { status: string } }>(
          server,
          'query ($id: ID!) { backtest(id: $id) { status } }',
          { id: backtestId },
          risk,
        );
        if (job.backtest.status === 'COMPLETED') break;
        await new Promise((wait) => setTimeout(wait, 300));
      }
      const ids = await call<{
        referrals: { edges: { node: { id: string; borrower: { id: string } } }[] };
        alerts: { edges: { node: { id: string } }[] };
        caseSets: { edges: { node: { id: string; name: string } }[] };
        portfolioReviews: { edges: { node: { id: string } }[] };
        policies: { id: string; kind: string; publishedVersion: { id: string } }[];
      }>(
        server,
        `query {
        referrals: decisions(first: 1, filter: { referralStatus: PENDING }) { edges { node { id borrower { id } } } }
        alerts(first: 1, filter: { cutStatus: PENDING_APPROVAL }) { edges { node { id } } }
        caseSets(first: 10) { edges { node { id name } } }
        portfolioReviews(first: 1) { edges { node { id } } }
        policies { id kind publishedVersion { id } }
      }`,
        {},
        admin,
      );
      const referral = ids.referrals.edges[0].node;
      const taiwan = ids.caseSets.edges.find((edge) => edge.node.name.startsWith('Taiwan'))?.node.id;
      const monitoring = ids.policies.find((policy) => policy.kind === 'MONITORING');
      const exposure = ids.policies.find((policy) => policy.kind === 'EXPOSURE');
      const compliance = ids.policies.find((policy) => policy.kind === 'COMPLIANCE');
      const draftRoute = `/policies/${draft.policyId}/versions/${draft.id}`;
      const fitId = await fitOn(taiwan, risk);
      const tab = (id: string) => async (page: Page) => {
        await page.getByTestId(`tab-${id}`).click();
      };
      pages.push(
        { name: 'dashboard', route: '/' },
        ...[
          'policies',
          'versions',
          'decisions',
          'referrals',
          'borrowers',
          'backtests',
          'scorecardFits',
          'caseSets',
          'alerts',
          'portfolioReviews',
          'overflowCustomers',
          'budgets',
          'complianceFindings',
          'audit',
          'users',
          'apiKeys',
        ].map((resource) => ({ name: resource, route: `/${resource}` })),
        { name: 'decision', route: `/decisions/${referral.id}/show` },
        { name: 'referral', route: `/referrals/${referral.id}/show` },
        { name: 'borrower', route: `/borrowers/${referral.borrower.id}/show` },
        { name: 'alert', route: `/alerts/${ids.alerts.edges[0].node.id}/show` },
        { name: 'case-set', route: `/caseSets/${taiwan}/show` },
        { name: 'backtest', route: `/backtests/${backtestId}/show` },
        { name: 'scorecard-fit', route: `/scorecardFits/${fitId}/show` },
        { name: 'scorecard-fit-wizard', route: '/scorecardFits/create' },
        { name: 'review', route: `/portfolioReviews/${ids.portfolioReviews.edges[0].node.id}/show` },
        { name: 'policy', route: `/policies/${draft.policyId}/show` },
        {
          name: 'monitoring-version',
          route: `/policies/${monitoring?.id}/versions/${monitoring?.publishedVersion.id}`,
        },
        {
          name: 'exposure-version',
          route: `/policies/${exposure?.id}/versions/${exposure?.publishedVersion.id}`,
          afterLoad: tab('policy'),
        },
        {
          name: 'compliance-version',
          route: `/policies/${compliance?.id}/versions/${compliance?.publishedVersion.id}`,
          afterLoad: tab('policy'),
        },
        {
          name: 'monitoring-scorecards',
          route: `/policies/${monitoring?.id}/versions/${monitoring?.publishedVersion.id}`,
          afterLoad: tab('scorecards'),
        },
        { name: 'draft-table', route: draftRoute },
        {
          name: 'draft-rules',
          route: draftRoute,
          afterLoad: async (page) => {
            await tab('rules')(page);
            await page.locator('[data-policy-rule="low-bureau-score"]').getByRole('button').first().click();
          },
        },
        ...['facts', 'policy', 'reasons', 'diff', 'try', 'backtest'].map((id) => ({
          name: `draft-${id}`,
          route: draftRoute,
          afterLoad: tab(id),
        })),
      );
    }, 240_000);

    afterAll(async () => {
      await server?.stop();
    });

    /** A behaviour scorecard fitted on the Taiwan case set from three candidates, to its end. */
    async function fitOn(caseSetId: string | undefined, headers: Record<string, string>): Promise<string> {
      if (!caseSetId) throw new Error('the demo Taiwan case set was not imported');
      const started = await call<{ startScorecardFit: { id: string } }>(
        server,
        'mutation ($input: StartScorecardFitInput!) { startScorecardFit(input: $input) { id } }',
        {
          input: {
            caseSetId,
            name: 'walked',
            characteristics: ['currentDpd', 'maxDpd12m', 'utilization'].map((fact) => ({
              name: fact,
              fact,
              reasonCode: fact.toUpperCase(),
            })),
          },
        },
        headers,
      );
      const id = started.startScorecardFit.id;
      for (let attempt = 0; attempt < 300; attempt++) {
        const fit = await call<{ scorecardFit: { status: string; error: string | null } }>(
          server,
          'query ($id: ID!) { scorecardFit(id: $id) { status error } }',
          { id },
          headers,
        );
        if (fit.scorecardFit.status === 'COMPLETED') return id;
        if (fit.scorecardFit.status === 'FAILED')
          throw new Error(`the fit failed: ${fit.scorecardFit.error}`);
        await new Promise((wait) => setTimeout(wait, 300));
      }
      throw new Error('the fit did not finish');
    }

    /** Opens each page in turn and hands it to `check`; screenshots every page as `walk-<label>-<page>`. */
    async function walk(
      language: Language,
      width: number,
      check: (page: Page, walked: Walked) => Promise<void>,
    ): Promise<void> {
      await signedInAs(
        server,
        DEMO.users.admin,
        async ({ page, screenshot }) => {
          // Signed in on a wide window, the menu would stay open as a drawer over a narrow one: a phone's user
          // starts with it closed.
          await page.evaluate(() => localStorage.setItem('RaStore.sidebar.open', 'false'));
          await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
          await page.reload();
          await chooseLanguage(page, language);
          for (const walked of pages) {
            await open(page, server, walked.route);
            await settled(page);
            await walked.afterLoad?.(page);
            await settled(page);
            await check(page, walked);
            await screenshot(`walk-${language}-${width}-${walked.name}`);
          }
        },
        `walk-${language}-${width}-failure`,
      );
    }

    it('shows no word of the English table on any page in Chinese, each within a 1280 px window', async () => {
      const english = englishTableWords();
      const found: string[] = [];
      const wide: string[] = [];
      await walk('zh', 1280, async (page, walked) => {
        const words = (await visibleTokens(page)).filter((token) => english.has(token.toLowerCase()));
        if (words.length > 0) found.push(`${walked.name}: ${[...new Set(words)].join(', ')}`);
        const overflow = await overflowWidth(page);
        if (overflow > 0) wide.push(`${walked.name}: ${overflow} px too wide`);
      });
      expect(found, `English words left on Chinese pages:\n${found.join('\n')}`).toEqual([]);
      expect(wide).toEqual([]);
    }, 600_000);

    for (const [language, width] of [
      ['en', 1280],
      ['en', 390],
      ['zh', 390],
    ] as const) {
      it(`keeps every page within a ${width} px window (${language})`, async () => {
        const wide: string[] = [];
        await walk(language, width, async (page, walked) => {
          const overflow = await overflowWidth(page);
          if (overflow > 0) wide.push(`${walked.name}: ${overflow} px too wide`);
        });
        expect(wide).toEqual([]);
      }, 600_000);
    }
  },
);
