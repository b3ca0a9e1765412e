import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, browserUnavailable, launchBrowser } from '../support/browser.js';
import { DEMO, graphql, type RunningServer, startBuiltServer } from '../support/server.js';
import { menuItems, signIn } from './session.js';

interface Referred {
  id: string;
  outcome: string;
  approvedLimit: string | null;
  referralStatus: string | null;
}

const DECIDE = `mutation ($input: DecideInput!) {
  decide(input: $input) { id outcome approvedLimit referralStatus }
}`;

const skipReason = browserUnavailable();
if (skipReason) console.warn(`console e2e skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)(
  'console: referrals, borrowers, audit and administration in Chromium',
  () => {
    let server: RunningServer;
    let session: BrowserSession | undefined;
    const run = randomUUID().slice(0, 8);
    const approvedRef = `E2E-${run}-REFER-A`;
    const pendingRef = `E2E-${run}-REFER-P`;

    /** A marginal bureau score lands in the admission policy's refer band. */
    async function refer(externalRef: string): Promise<Referred> {
      const result = await graphql<{ decide: Referred }>(
        server.url,
        DECIDE,
        {
          input: {
            idempotencyKey: `${externalRef}-1`,
            borrower: {
              externalRef,
              name: 'E2E Referred',
              monthlyIncome: '20000.00',
              monthlyDebtService: '500.00',
              age: 35,
              employmentMonths: 48,
            },
            application: { requestedAmount: '20000.00', termMonths: 12 },
            facts: { bureauScore: 600 },
          },
        },
        { 'x-api-key': DEMO.apiKey },
      );
      if (!result.data)
        throw new Error(`decide failed: ${JSON.stringify(result.errors)}\n${server.output()}`);
      const decided = result.data.decide;
      expect(decided).toMatchObject({ outcome: 'REFER', referralStatus: 'PENDING' });
      expect(decided.approvedLimit).not.toBeNull();
      return decided;
    }

    let approved: Referred;
    let pending: Referred;

    beforeAll(async () => {
      server = await startBuiltServer();
      approved = await refer(approvedRef);
      pending = await refer(pendingRef);
    }, 120_000);

    afterEach(async () => {
      const browser = session;
      session = undefined;
      await browser?.close();
    });

    afterAll(async () => {
      await server?.stop();
    });

    /** A fresh browser per role, so no session leaks from one test into the next. */
    async function as(email: string, steps: (browser: BrowserSession) => Promise<void>, failure: string) {
      session = await launchBrowser();
      const browser = session;
      try {
        await signIn(browser.page, server.url, email);
        await steps(browser);
      } catch (error) {
        await browser.screenshot(failure).catch(() => undefined);
        throw new Error(
          `${(error as Error).message}\nbrowser errors:\n${browser.errors.join('\n')}\nserver output:\n${server.output()}`,
        );
      }
      expect(browser.errors, `the console logged errors:\n${browser.errors.join('\n')}`).toEqual([]);
      const missing = browser.warnings.filter((warning) => warning.includes('Missing translation'));
      expect(missing, `untranslated keys:\n${missing.join('\n')}`).toEqual([]);
    }

    it('lets a risk manager approve a referral and see the credit line it opened', async () => {
      await as(
        DEMO.users.risk,
        async ({ page, screenshot }) => {
          expect(await menuItems(page)).toEqual(['Decisions', 'Referrals', 'Borrowers', 'Audit log']);

          await page.getByRole('menuitem', { name: 'Referrals' }).click();
          await page.getByText(approvedRef).waitFor();
          await page.getByText(pendingRef).waitFor();
          await screenshot('console-referrals-list');

          await page.getByText(approvedRef).click();
          await page.getByTestId('decision-summary').waitFor();
          expect(page.url()).toContain(`/referrals/${approved.id}/show`);
          await page.getByRole('heading', { name: 'Trace' }).waitFor();
          await page.getByRole('button', { name: 'Approve' }).click();
          const dialog = page.getByRole('dialog');
          // The policy's limit is the ceiling, offered as the default and named under the input.
          await expect
            .poll(() => dialog.getByLabel('Limit').inputValue())
            .toBe(String(Number(approved.approvedLimit)));
          await dialog.getByText(/At most .*12,000\.00/).waitFor();
          await dialog.getByLabel('Limit').fill('10000');
          await dialog.getByLabel('Note').fill('Income verified by phone');
          await screenshot('console-referral-approve-dialog');
          await dialog.getByRole('button', { name: 'Confirm' }).click();

          const resolution = page.getByTestId('referral-resolution');
          await resolution.locator('[data-referral-status="APPROVED"]').waitFor();
          await resolution.getByText('Income verified by phone').waitFor();
          expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
          await screenshot('console-referral-resolved');

          await page.getByTestId('decision-summary').getByRole('link', { name: approvedRef }).click();
          await page.getByTestId('borrower-summary').waitFor();
          const lines = page.locator('[data-table="credit-lines"]');
          await lines.getByText('10,000.00').waitFor();
          await page.locator('[data-table="limit-history"]').getByText('Referral approved').waitFor();
          await page.locator('[data-table="borrower-decisions"]').getByText('Approved by a person').waitFor();
          await screenshot('console-borrower-show');

          await page.getByRole('menuitem', { name: 'Borrowers' }).click();
          await page.getByPlaceholder('Search').fill(pendingRef);
          await page.getByText(pendingRef).waitFor();
          await expect.poll(() => page.getByText(approvedRef).count()).toBe(0);
          await screenshot('console-borrowers-list');

          await page.getByRole('menuitem', { name: 'Audit log' }).click();
          await page.getByText('referral.resolve').first().waitFor();
          await page.getByRole('button', { name: 'Verify chain' }).click();
          await page.locator('[data-testid="audit-verification"][data-valid="true"]').waitFor();
          await screenshot('console-audit-log');
        },
        'console-referrals-failure',
      );
    }, 180_000);

    it('shows an approver the referral without the buttons to resolve it', async () => {
      await as(
        DEMO.users.approver,
        async ({ page, screenshot }) => {
          expect(await menuItems(page)).toEqual(['Decisions', 'Referrals', 'Borrowers', 'Audit log']);
          await page.goto(`${server.url}/#/referrals/${pending.id}/show`);
          await page.getByTestId('decision-summary').locator('[data-referral-status="PENDING"]').waitFor();
          await page.getByRole('heading', { name: 'Trace' }).waitFor();
          expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
          expect(await page.getByRole('button', { name: 'Decline' }).count()).toBe(0);
          await screenshot('console-referral-approver');
        },
        'console-referral-approver-failure',
      );
    }, 120_000);

    it('lets an administrator manage users and API keys', async () => {
      const keyName = `e2e-app-${run}`;
      await as(
        DEMO.users.admin,
        async ({ page, screenshot }) => {
          expect(await menuItems(page)).toEqual([
            'Decisions',
            'Referrals',
            'Borrowers',
            'Audit log',
            'Users',
            'API keys',
          ]);
          await page.getByRole('menuitem', { name: 'Users' }).click();
          await page.getByText(DEMO.users.approver).waitFor();
          await screenshot('console-users-list');

          await page.getByRole('menuitem', { name: 'API keys' }).click();
          await page.getByRole('button', { name: 'Create key' }).click();
          await page.getByRole('dialog').getByLabel('Name').fill(keyName);
          await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
          const plainKey = page.getByTestId('new-api-key');
          await plainKey.waitFor();
          expect((await plainKey.textContent())?.length).toBeGreaterThan(20);
          await screenshot('console-api-key-created');
          await page.getByRole('button', { name: 'Close' }).click();

          const row = page.getByRole('row').filter({ hasText: keyName });
          await row.getByRole('button', { name: 'Revoke' }).click();
          await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
          await row.getByText('Revoked').waitFor();
          await screenshot('console-api-keys-list');
        },
        'console-admin-failure',
      );
    }, 120_000);
  },
);
