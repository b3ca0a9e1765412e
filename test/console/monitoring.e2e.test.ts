import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicantInput } from '../support/applicant.js';
import { browserUnavailable } from '../support/browser.js';
import { DEMO, graphql, type RunningServer, startBuiltServer } from '../support/server.js';
import { DELINQUENT } from './daily.js';
import { signedInAs } from './session.js';

const DECIDE = `mutation ($input: DecideInput!) { decide(input: $input) { outcome creditLine { id limit } } }`;
const RECORD = `mutation ($input: LineBehaviourInput!) { recordLineBehaviour(input: $input) { id } }`;

const skipReason = browserUnavailable();
if (skipReason) console.warn(`console e2e skipped: ${skipReason}`);

/**
 * Post-loan monitoring through the console: a risk manager runs a portfolio review over a line the servicing
 * system reported delinquent and schedules reviews (a bad cron is refused as the API words it); an approver
 * finds the alert from the dashboard and approves the limit cut it holds.
 */
describe.skipIf(skipReason !== null)('console: monitoring alerts in Chromium', () => {
  let server: RunningServer;
  const run = randomUUID().slice(0, 8);
  const app = { 'x-api-key': DEMO.apiKey };

  beforeAll(async () => {
    server = await startBuiltServer();
    const input = applicantInput(`monitor-${run}`);
    const decided = await graphql<{ decide: { outcome: string; creditLine: { id: string; limit: string } } }>(
      server.url,
      DECIDE,
      { input },
      app,
    );
    if (!decided.data) throw new Error(`decide failed: ${JSON.stringify(decided.errors)}`);
    expect(decided.data.decide.outcome).toBe('APPROVE');
    const recorded = await graphql(
      server.url,
      RECORD,
      {
        input: {
          creditLineId: decided.data.decide.creditLine.id,
          drawnBalance: '1500.00',
          facts: DELINQUENT,
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

  it('lets a risk manager run a review and schedule reviews', async () => {
    await signedInAs(
      server,
      DEMO.users.risk,
      async ({ page, screenshot }) => {
        await page.getByRole('menuitem', { name: 'Portfolio reviews' }).click();
        await page.getByTestId('schedule-none').waitFor();
        await page.getByRole('button', { name: 'Run review' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
        const review = page
          .getByRole('row')
          .filter({ has: page.locator('[data-review-status]') })
          .first();
        await review.locator('[data-review-status="COMPLETED"]').waitFor();
        // The demo's own borrowers have lines too: every active line is reviewed.
        expect(await review.getByTestId('job-progress').textContent()).toMatch(/^([\d,]+) \/ \1$/);
        await review.locator('[data-review-status]').click();
        await page.locator('[data-table="review-counts"]').getByText('delinquency').waitFor();
        await screenshot('console-portfolio-reviews');

        await page.getByRole('button', { name: 'Set schedule' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('Cron (UTC)').fill('every night');
        await dialog.getByRole('button', { name: 'Confirm' }).click();
        const refusal = dialog.getByTestId('action-error');
        await refusal.waitFor();
        expect(await refusal.textContent()).toMatch(/cron/i);
        await screenshot('console-review-schedule-refused');
        await dialog.getByLabel('Cron (UTC)').fill('0 2 * * *');
        await dialog.getByRole('button', { name: 'Confirm' }).click();
        await expect.poll(() => page.getByTestId('schedule-cron').textContent()).toBe('0 2 * * *');

        // Risk managers act on alerts but never approve a cut: maker-checker.
        await page.getByRole('menuitem', { name: 'Alerts' }).click();
        await page.getByRole('row').filter({ hasText: 'delinquency' }).first().click();
        await page.getByTestId('alert-cut').locator('[data-cutstatus="PENDING_APPROVAL"]').waitFor();
        await page.getByRole('button', { name: 'Acknowledge' }).waitFor();
        expect(await page.getByRole('button', { name: 'Approve cut' }).count()).toBe(0);
      },
      'console-monitoring-risk-failure',
    );
  }, 240_000);

  it('lets an approver find the alert from the dashboard and approve its limit cut', async () => {
    await signedInAs(
      server,
      DEMO.users.approver,
      async ({ page, screenshot }) => {
        const openAlerts = page.getByTestId('open-alerts').getByRole('link');
        await expect.poll(() => openAlerts.getAttribute('data-count')).toBe('1');
        await openAlerts.click();
        const alert = page.getByRole('row').filter({ hasText: 'delinquency' });
        await alert.locator('[data-alertstatus="OPEN"]').waitFor();
        await screenshot('console-alerts-list');

        await alert.click();
        const cut = page.getByTestId('alert-cut');
        await cut.locator('[data-cutstatus="PENDING_APPROVAL"]').waitFor();
        expect(await cut.getByTestId('proposed-limit').textContent()).toBe('CN¥1,500.00');
        await page.locator('[data-table="alert-facts"]').getByText('currentDpd').waitFor();
        await page.getByRole('button', { name: 'Approve cut' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('Note').fill('45 days past due, confirmed with servicing');
        await screenshot('console-alert-approve-dialog');
        await dialog.getByRole('button', { name: 'Confirm' }).click();
        await cut.locator('[data-cutstatus="APPLIED"]').waitFor();
        await page.getByTestId('alert-summary').locator('[data-alertstatus="APPROVED"]').waitFor();
        await page.getByText('45 days past due, confirmed with servicing').waitFor();
        await screenshot('console-alert-approved');

        await page.getByRole('link', { name: 'Open the borrower' }).click();
        await page.locator('[data-table="line-alerts"]').locator('[data-cutstatus="APPLIED"]').waitFor();
        await page.locator('[data-table="line-behaviour"]').getByText('currentDpd').waitFor();
        await page.locator('[data-table="limit-history"]').getByText('CN¥1,500.00').first().waitFor();
        await screenshot('console-borrower-monitoring');
      },
      'console-monitoring-approver-failure',
    );
  }, 240_000);
});
