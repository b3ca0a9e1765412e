import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.js';
import { DEMO, graphql, loginToken, type RunningServer, startBuiltServer } from '../support/server.js';
import { menuItems, signedInAs } from './session.js';

interface Referred {
  id: string;
  outcome: string;
  approvedLimit: string | null;
  referralStatus: string | null;
}

const DECIDE = `mutation ($input: DecideInput!) {
  decide(input: $input) { id outcome approvedLimit referralStatus }
}`;

/** What every console role has in the sidebar; administrators have more. */
const CONSOLE_MENU = [
  'Dashboard',
  'Policies',
  'Policy versions',
  'Decisions',
  'Referrals',
  'Borrowers',
  'Backtests & replays',
  'Scorecard fits',
  'Case sets',
  'Alerts',
  'Portfolio reviews',
  'Overflow customers',
  'Exposure budgets',
  'Compliance',
  'Audit log',
];

const skipReason = browserUnavailable();
if (skipReason) console.warn(`console e2e skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)(
  'console: referrals, borrowers, audit and administration in Chromium',
  () => {
    let server: RunningServer;
    const run = randomUUID().slice(0, 8);
    const approvedRef = `E2E-${run}-REFER-A`;
    const pendingRef = `E2E-${run}-REFER-P`;
    const raceRef = `E2E-${run}-REFER-R`;

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
    let raced: Referred;

    beforeAll(async () => {
      server = await startBuiltServer();
      approved = await refer(approvedRef);
      pending = await refer(pendingRef);
      raced = await refer(raceRef);
    }, 120_000);

    afterAll(async () => {
      await server?.stop();
    });

    it('lets a risk manager approve a referral and see the credit line it opened', async () => {
      await signedInAs(
        server,
        DEMO.users.risk,
        async ({ page, screenshot }) => {
          expect(await menuItems(page)).toEqual(CONSOLE_MENU);

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
          // Each action in words, the entity it changed one click away.
          await page
            .locator('[data-action="referral.resolve"]')
            .getByText('Referral resolved')
            .first()
            .waitFor();
          await page.getByRole('button', { name: 'Verify chain' }).click();
          await page.locator('[data-testid="audit-verification"][data-valid="true"]').waitFor();
          await screenshot('console-audit-log');
        },
        'console-referrals-failure',
      );
    }, 180_000);

    it("shows the API's words when a referral was resolved elsewhere meanwhile", async () => {
      await signedInAs(
        server,
        DEMO.users.risk,
        async ({ page, screenshot }) => {
          await page.goto(`${server.url}/#/referrals/${raced.id}/show`);
          await page.getByRole('button', { name: 'Decline' }).click();
          const dialog = page.getByRole('dialog');
          await dialog.getByLabel('Note').fill('Too many recent inquiries');
          // Another risk manager declines it first, through the API.
          const token = await loginToken(server.url, DEMO.users.risk);
          const elsewhere = await graphql(
            server.url,
            'mutation ($input: ResolveReferralInput!) { resolveReferral(input: $input) { id } }',
            { input: { decisionId: raced.id, action: 'DECLINE', note: 'declined by a colleague' } },
            { authorization: `Bearer ${token}` },
          );
          expect(elsewhere.errors).toBeUndefined();
          await dialog.getByRole('button', { name: 'Confirm' }).click();
          // Pessimistic: the dialog stays open with the API's message, and nothing was changed twice.
          await dialog
            .getByTestId('action-error')
            .getByText(`Decision ${raced.id} is not a pending referral`)
            .waitFor();
          await screenshot('console-referral-conflict');
        },
        'console-referral-conflict-failure',
      );
    }, 120_000);

    it('shows an approver the referral without the buttons to resolve it', async () => {
      await signedInAs(
        server,
        DEMO.users.approver,
        async ({ page, screenshot }) => {
          expect(await menuItems(page)).toEqual(CONSOLE_MENU);
          await page.goto(`${server.url}/#/referrals/${pending.id}/show`);
          await page.getByTestId('decision-summary').locator('[data-referral-status="PENDING"]').waitFor();
          await page.getByRole('heading', { name: 'Trace' }).waitFor();
          expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
          expect(await page.getByRole('button', { name: 'Decline' }).count()).toBe(0);
          await screenshot('console-referral-approver');

          await page.locator('button[aria-controls="simple-menu"]').click();
          await page.getByRole('menuitem', { name: '简体中文' }).click();
          await page.getByRole('menuitem', { name: '审计日志' }).waitFor();
          await page.getByTestId('decision-summary').getByText('待审核').waitFor();
          await screenshot('console-referral-approver-zh');
          await page.getByRole('menuitem', { name: '借款人' }).click();
          await page.getByRole('columnheader', { name: '外部编号' }).waitFor();
          await page.getByText('仅看超额').first().waitFor();
          await screenshot('console-borrowers-list-zh');
        },
        'console-referral-approver-failure',
      );
    }, 120_000);

    it('lets an administrator manage users and API keys', async () => {
      const keyName = `e2e-app-${run}`;
      await signedInAs(
        server,
        DEMO.users.admin,
        async ({ page, screenshot }) => {
          expect(await menuItems(page)).toEqual([...CONSOLE_MENU, 'Users', 'API keys']);
          const email = `e2e-${run}@spillway.local`;
          await page.getByRole('menuitem', { name: 'Users' }).click();
          await page.getByText(DEMO.users.approver).waitFor();
          await page.getByRole('link', { name: 'Create' }).click();
          await page.getByLabel('Email').fill(email);
          await page.getByLabel('Name').fill('E2E Analyst');
          await page.locator('input[name="password"]').fill('a long e2e password');
          await page.getByLabel('QA analyst').check();
          await screenshot('console-user-create');
          await page.getByRole('button', { name: 'Save' }).click();
          const userRow = page.getByRole('row').filter({ hasText: email });
          await userRow.getByText('QA analyst').waitFor();
          await userRow.getByRole('button', { name: 'Deactivate' }).click();
          await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
          await userRow.getByText('Deactivated').waitFor();
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
