import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.js';
import { DEMO, graphql, type RunningServer, startBuiltServer } from '../support/server.js';
import { signedInAs } from './session.js';

interface Decided {
  outcome: string;
  approvedLimit: string | null;
  reasons: { code: string; rule: string | null }[];
}

const DECIDE = `mutation ($input: DecideInput!) { decide(input: $input) { outcome approvedLimit reasons { code rule } } }`;
/** The budget the demo's EXPOSURE policy lists first: new limits granted today. */
const DAILY = 'daily-new-exposure';

const skipReason = browserUnavailable();
if (skipReason) console.warn(`console e2e skipped: ${skipReason}`);

/**
 * Pacing new lending end to end, in Chromium: a risk manager lowers today's budget of new exposure below
 * what today already granted, in a draft of the EXPOSURE policy, and submits it; an approver approves and
 * publishes it; the next decides the API answers are referred with EXPOSURE_BUDGET, and the budgets page
 * shows the budget used up and the decisions it stopped.
 */
describe.skipIf(skipReason !== null)('console: exposure budgets in Chromium', () => {
  let server: RunningServer;
  const run = randomUUID().slice(0, 8);
  let editorUrl = '';

  const decide = async (ref: string) => {
    const result = await graphql<{ decide: Decided }>(
      server.url,
      DECIDE,
      {
        input: {
          idempotencyKey: `${ref}-1`,
          borrower: {
            externalRef: ref,
            name: 'E2E Paced',
            monthlyIncome: '20000.00',
            monthlyDebtService: '0.00',
            age: 35,
            employmentMonths: 48,
          },
          application: { requestedAmount: '20000.00', termMonths: 12 },
          facts: { bureauScore: 760, multiLenderCount: 1, inquiries3m: 0, maxDpd12m: 0 },
        },
      },
      { 'x-api-key': DEMO.apiKey },
    );
    if (!result.data) throw new Error(`decide failed: ${JSON.stringify(result.errors)}\n${server.output()}`);
    return result.data.decide;
  };

  beforeAll(async () => {
    server = await startBuiltServer({ env: { SPILLWAY_DEMO_DECISIONS: '0' } });
    // Today's first approval takes 20,000 of the generous default budget.
    expect(await decide(`E2E-${run}-BEFORE`)).toMatchObject({
      outcome: 'APPROVE',
      approvedLimit: '20000.00',
    });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("lets a risk manager lower today's budget in a draft and submit it", async () => {
    await signedInAs(
      server,
      DEMO.users.risk,
      async ({ page, screenshot }) => {
        await page.getByRole('menuitem', { name: 'Policies' }).click();
        await page
          .getByRole('row')
          .filter({ hasText: 'Exposure budgets' })
          .getByText('Exposure budgets')
          .click();
        await page.locator('[data-table="versions"]').locator('[data-status="PUBLISHED"]').waitFor();
        await page.getByRole('button', { name: 'New draft' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
        await page.getByTestId('version-status').locator('[data-status="DRAFT"]').waitFor();
        editorUrl = page.url();

        await page.getByRole('tab', { name: 'Settings' }).click();
        const daily = page.getByTestId('exposure-budgets').getByRole('row').first();
        expect(await daily.getByLabel('Budget', { exact: true }).inputValue()).toBe(DAILY);
        await daily.getByLabel('At most (CNY or count)').fill('10000');
        await page.getByText('Unsaved changes').waitFor();
        await expect.poll(() => page.getByTestId('validation-summary').textContent()).toBe('No errors');
        await screenshot('console-exposure-editor');

        await page.getByRole('tab', { name: 'Changes' }).click();
        await page.getByText('$.exposure.budgets[0].amount').waitFor();
        await page.getByRole('button', { name: 'Save' }).click();
        await page.getByText('Draft saved').waitFor();

        await page.getByRole('button', { name: 'Submit for review' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
        await page.getByTestId('version-status').locator('[data-status="IN_REVIEW"]').waitFor();
      },
      'console-exposure-author-failure',
    );
  }, 240_000);

  it('lets an approver publish it, after which decides are referred and the chart shows it', async () => {
    expect(editorUrl, 'the risk manager created no draft').not.toBe('');
    await signedInAs(
      server,
      DEMO.users.approver,
      async ({ page, screenshot }) => {
        await page.goto(editorUrl);
        await page.getByTestId('version-status').locator('[data-status="IN_REVIEW"]').waitFor();
        await page.getByRole('button', { name: 'Approve' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
        await page.getByTestId('version-status').locator('[data-status="APPROVED"]').waitFor();
        await page.getByRole('button', { name: 'Publish' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
        await page.getByTestId('version-status').locator('[data-status="PUBLISHED"]').waitFor();

        // The next decides, as an app asks for them: today already granted more than the new budget.
        for (const index of [1, 2]) {
          const decided = await decide(`E2E-${run}-AFTER-${index}`);
          expect(decided.outcome).toBe('REFER');
          expect(decided.reasons[0]).toEqual({ code: 'EXPOSURE_BUDGET', rule: DAILY });
        }

        await page.getByRole('menuitem', { name: 'Exposure budgets' }).click();
        const card = page.getByTestId(`budget-${DAILY}`);
        await expect.poll(() => card.getByTestId(`budget-stopped-${DAILY}`).textContent()).toBe('2');
        expect(await card.getByTestId(`budget-limit-${DAILY}`).textContent()).toContain('10,000');
        expect(await card.getByTestId(`budget-used-${DAILY}`).textContent()).toContain('20,000');
        expect(await card.getByTestId(`budget-left-${DAILY}`).textContent()).toMatch(/\b0\.00/);
        await card.getByTestId(`budget-chart-${DAILY}`).locator('svg path[data-series="pace"]').waitFor();
        await card.getByTestId(`budget-chart-${DAILY}`).locator('svg path[data-series="actual"]').waitFor();
        await screenshot('console-exposure-budgets');

        // The decisions it stopped, one click away.
        await card.getByTestId(`budget-stopped-${DAILY}`).click();
        await expect.poll(() => page.locator('[data-outcome="REFER"]').count()).toBe(2);
        expect(page.url()).toContain('EXPOSURE_BUDGET');

        await page.locator('button[aria-controls="simple-menu"]').click();
        await page.getByRole('menuitem', { name: '简体中文' }).click();
        await page.getByRole('menuitem', { name: '敞口预算' }).click();
        await page.getByTestId(`budget-${DAILY}`).getByText('今日').waitFor();
        await screenshot('console-exposure-budgets-zh');
      },
      'console-exposure-approver-failure',
    );
  }, 240_000);
});
