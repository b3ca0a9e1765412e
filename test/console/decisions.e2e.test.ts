import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, browserUnavailable, launchBrowser } from '../support/browser.js';
import { DEMO, graphql, type RunningServer, startBuiltServer } from '../support/server.js';

interface Decided {
  id: string;
  outcome: 'APPROVE' | 'DECLINE' | 'REFER';
  reasons: { code: string }[];
  revisions: { revision: string }[];
}

const DECIDE = `mutation ($input: DecideInput!) {
  decide(input: $input) { id outcome reasons { code } revisions { revision } }
}`;

const outcomeLabels = {
  en: { APPROVE: 'Approve', DECLINE: 'Decline', REFER: 'Refer' },
  zh: { APPROVE: '通过', DECLINE: '拒绝', REFER: '转人工' },
};

const skipReason = browserUnavailable();
if (skipReason) console.warn(`console e2e skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('console: decisions in Chromium', () => {
  let server: RunningServer;
  let browser: BrowserSession | undefined;
  const run = randomUUID().slice(0, 8);
  // A strong and a weak applicant, so that the two decisions differ; what they decide is up to the
  // default policies, so the test reads the outcome back from the API rather than assuming it.
  const applicants = [
    {
      externalRef: `E2E-${run}-STRONG`,
      monthlyIncome: '30000.00',
      monthlyDebtService: '500.00',
      facts: { bureauScore: 780, multiLenderCount: 1, inquiries3m: 0, maxDpd12m: 0 },
    },
    {
      externalRef: `E2E-${run}-WEAK`,
      monthlyIncome: '4000.00',
      monthlyDebtService: '3500.00',
      facts: { bureauScore: 420, multiLenderCount: 9, inquiries3m: 12, maxDpd12m: 120 },
    },
  ];
  const decided: Decided[] = [];

  beforeAll(async () => {
    server = await startBuiltServer();
    for (const applicant of applicants) {
      const result = await graphql<{ decide: Decided }>(
        server.url,
        DECIDE,
        {
          input: {
            idempotencyKey: `${applicant.externalRef}-1`,
            borrower: {
              externalRef: applicant.externalRef,
              name: 'E2E Borrower',
              monthlyIncome: applicant.monthlyIncome,
              monthlyDebtService: applicant.monthlyDebtService,
              age: 35,
              employmentMonths: 48,
            },
            application: {
              requestedAmount: '20000.00',
              termMonths: 12,
              purpose: 'consumption',
              channel: 'app',
            },
            facts: applicant.facts,
          },
        },
        { 'x-api-key': DEMO.apiKey },
      );
      if (!result.data)
        throw new Error(`decide failed: ${JSON.stringify(result.errors)}\n${server.output()}`);
      decided.push(result.data.decide);
    }
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in, lists, shows a decision and switches to Chinese without console errors', async () => {
    const session = browser!;
    const { page } = session;
    try {
      await page.goto(server.url);
      await page.getByLabel('Email').fill(DEMO.users.risk);
      await page.locator('input[name="password"]').fill(DEMO.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // The console opens on the dashboard.
      await page.getByRole('menuitem', { name: 'Decisions' }).click();

      for (const applicant of applicants) await page.getByText(applicant.externalRef).waitFor();
      await session.screenshot('console-decisions-list');

      // The weak applicant's decision is the one most likely to carry reasons.
      const shown = decided[1];
      await page.getByText(applicants[1].externalRef).click();
      const summary = page.getByTestId('decision-summary');
      await summary.waitFor();
      expect(page.url()).toContain(`/decisions/${encodeURIComponent(shown.id)}/show`);
      await expect
        .poll(() => summary.locator(`[data-outcome="${shown.outcome}"]`).textContent())
        .toBe(outcomeLabels.en[shown.outcome]);
      const reasons = page.locator('[data-table="reasons"]');
      for (const reason of shown.reasons) await reasons.getByText(reason.code, { exact: true }).waitFor();
      const revisions = page.locator('[data-table="revisions"]');
      expect(shown.revisions.length).toBeGreaterThan(0);
      for (const revision of shown.revisions) {
        await revisions.getByText(revision.revision.slice(0, 12), { exact: true }).first().waitFor();
      }
      await page.getByRole('heading', { name: 'Trace' }).waitFor();
      await session.screenshot('console-decision-show');

      await page.locator('button[aria-controls="simple-menu"]').click();
      await page.getByRole('menuitem', { name: '简体中文' }).click();
      await page.getByRole('heading', { name: '原因' }).waitFor();
      await page.getByRole('heading', { name: '策略版本' }).waitFor();
      await expect
        .poll(() => summary.locator(`[data-outcome="${shown.outcome}"]`).textContent())
        .toBe(outcomeLabels.zh[shown.outcome]);
      await session.screenshot('console-decision-show-zh');

      await page.getByRole('menuitem', { name: '决策' }).click();
      await page.getByRole('columnheader', { name: '决策时间' }).waitFor();
      await page.getByText(applicants[0].externalRef).waitFor();
      await session.screenshot('console-decisions-list-zh');
    } catch (error) {
      await session.screenshot('console-decisions-failure').catch(() => undefined);
      throw new Error(
        `${(error as Error).message}\nbrowser errors:\n${session.errors.join('\n')}\nserver output:\n${server.output()}`,
      );
    }

    expect(session.errors, `the console logged errors:\n${session.errors.join('\n')}`).toEqual([]);
    const missing = session.warnings.filter((warning) => warning.includes('Missing translation'));
    expect(missing, `untranslated keys:\n${missing.join('\n')}`).toEqual([]);
  }, 180_000);
});
