import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicantInput } from '../support/applicant.js';
import { browserUnavailable } from '../support/browser.js';
import { DEMO, graphql, type RunningServer, startBuiltServer } from '../support/server.js';
import { signedInAs } from './session.js';

const DECIDE = `mutation ($input: DecideInput!) { decide(input: $input) { id outcome creditLine { id limit } } }`;
const RECORD = `mutation ($input: LineBehaviourInput!) { recordLineBehaviour(input: $input) { id } }`;

const skipReason = browserUnavailable();
if (skipReason) console.warn(`console e2e skipped: ${skipReason}`);

/**
 * Portfolio compliance through the console: a borrower approved on a declared income whose income the
 * servicing system later reports at a quarter of it; a risk manager runs the checks, filters the findings to
 * the income share, exports them as CSV, opens the finding (its evidence and the decision that set the
 * limit), notes it, and opens the borrower from it. QA reads the page without the run button.
 */
describe.skipIf(skipReason !== null)('console: portfolio compliance in Chromium', () => {
  let server: RunningServer;
  const run = randomUUID().slice(0, 8);
  const input = applicantInput(`compliance-${run}`);
  const ref = input.borrower.externalRef;
  const app = { 'x-api-key': DEMO.apiKey };

  beforeAll(async () => {
    server = await startBuiltServer({ env: { SPILLWAY_DEMO_DECISIONS: '0' } });
    const decided = await graphql<{ decide: { outcome: string; creditLine: { id: string; limit: string } } }>(
      server.url,
      DECIDE,
      { input },
      app,
    );
    if (!decided.data) throw new Error(`decide failed: ${JSON.stringify(decided.errors)}`);
    expect(decided.data.decide.outcome).toBe('APPROVE');
    // 12,000.00 declared; 3,000.00 reported since: a year's 36,000.00, a third is 12,000.00, under the limit
    const recorded = await graphql(
      server.url,
      RECORD,
      {
        input: {
          creditLineId: decided.data.decide.creditLine.id,
          drawnBalance: '500.00',
          facts: { monthlyIncome: 3000, incomeChange: -0.75 },
          asOf: new Date().toISOString(),
        },
      },
      app,
    );
    if (recorded.errors) throw new Error(`recordLineBehaviour failed: ${JSON.stringify(recorded.errors)}`);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('runs the checks, filters and exports the findings, and opens the borrower from one', async () => {
    await signedInAs(
      server,
      DEMO.users.risk,
      async ({ page, screenshot }) => {
        await page.getByRole('menuitem', { name: 'Compliance' }).click();
        await page.getByText('No compliance run yet').waitFor();
        await page.getByTestId('run-compliance').click();
        await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
        const latest = page.getByTestId('compliance-latest');
        await latest.locator('[data-job-status="COMPLETED"]').waitFor({ timeout: 60_000 });
        const summary = page.getByTestId('compliance-summary');
        await summary.getByTestId('findings-income-share:BREACH').waitFor();
        expect(await summary.getByTestId('findings-income-share:BREACH').textContent()).toBe('1');
        expect(await summary.getByTestId('findings-overflow:BREACH').textContent()).toBe('1');
        await page.getByTestId('compliance-trend').locator('svg').first().waitFor();
        await screenshot('console-compliance');

        // The list follows the run: only the income-share findings, the open ones (the default)
        await page.getByRole('row').filter({ hasText: ref }).first().waitFor();
        await page.getByRole('combobox', { name: 'Check' }).click();
        await page.getByRole('option', { name: 'Limits above 1/3 of annual income' }).click();
        const rows = page.getByRole('row').filter({ has: page.locator('[data-finding-status]') });
        await expect.poll(() => rows.count()).toBe(1);
        const row = rows.filter({ hasText: ref });
        await row.getByText('Limits above 1/3 of annual income').waitFor();
        await screenshot('console-compliance-filtered');

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Export' }).first().click(),
        ]);
        const csv = readFileSync((await download.path()) as string, 'utf8').split(/\r?\n/);
        expect(csv[0]).toMatch(/^Check,Check id,Finding,Status,Borrower,/);
        expect(csv.slice(1).filter((line) => line !== '')).toHaveLength(1);
        expect(csv[1]).toContain(ref);
        expect(csv[1]).toContain('income-share');
        expect(csv[1]).toContain('"{""totalLimitMinor""');

        await row.click();
        const evidence = page.locator('[data-table="finding-facts"]');
        await evidence.getByText('Monthly income (latest reported)').waitFor();
        await evidence.getByText('CN¥3,000.00').waitFor();
        await page.getByTestId('set-by-decision').getByRole('link').waitFor();
        await page.getByTestId('annotate-finding').click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('Note').fill('Income re-reported after the line was granted');
        await dialog.getByRole('button', { name: 'Confirm' }).click();
        await page
          .getByTestId('finding-note')
          .getByText('Income re-reported after the line was granted')
          .waitFor();
        await screenshot('console-compliance-finding');

        await page.getByTestId('finding-borrower').getByRole('link').click();
        await page.getByText(ref).first().waitFor();
        expect(page.url()).toMatch(/#\/borrowers\/[0-9a-f-]+\/show$/);
      },
      'console-compliance-risk-failure',
    );
  }, 240_000);

  it('shows QA the findings without the run button', async () => {
    await signedInAs(
      server,
      DEMO.users.qa,
      async ({ page }) => {
        await page.getByRole('menuitem', { name: 'Compliance' }).click();
        await page.getByTestId('compliance-summary').waitFor();
        await page.getByRole('row').filter({ hasText: ref }).first().waitFor();
        expect(await page.getByTestId('run-compliance').count()).toBe(0);
      },
      'console-compliance-qa-failure',
    );
  }, 240_000);
});
