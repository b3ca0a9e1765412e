import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.js';
import { DEMO, type RunningServer, startBuiltServer } from '../support/server.js';
import {
  asUser,
  call,
  chooseLanguage,
  type Draft,
  draftOf,
  LANGUAGES,
  open,
  pendingCuts,
  settled,
} from './daily.js';
import { signedInAs } from './session.js';

const skipReason = browserUnavailable();
if (skipReason) console.warn(`console e2e skipped: ${skipReason}`);

interface AuditConnection {
  auditEvents: { totalCount: number; edges: { node: { entityId: string; summary: { note?: string } } }[] };
}

/**
 * A day's work in the console, in English and in Chinese: an approver goes from the dashboard's queue to an
 * approved policy version and approves twenty limit cuts at once; a risk manager changes a threshold in
 * the decision table, where Submit waits until the change is saved.
 */
describe.skipIf(skipReason !== null)('console: daily work in Chromium', () => {
  let server: RunningServer;
  const run = randomUUID().slice(0, 8);
  const drafts: Partial<Record<(typeof LANGUAGES)[number], Draft>> = {};
  let admissionPolicyId = '';

  beforeAll(async () => {
    server = await startBuiltServer();
    // Twenty cuts to approve in each language, and a few more that stay waiting.
    await pendingCuts(server, run, 45);
    for (const language of LANGUAGES) {
      drafts[language] = await draftOf(server, 'ADMISSION', {
        minBureauScore: language === 'en' ? 560 : 570,
      });
    }
    admissionPolicyId = drafts.en?.policyId ?? '';
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  for (const language of LANGUAGES) {
    it(`takes an approver from the dashboard's queue to an approved version (${language})`, async () => {
      const draft = drafts[language];
      if (!draft) throw new Error('no draft was submitted');
      await signedInAs(
        server,
        DEMO.users.approver,
        async ({ page, screenshot }) => {
          await chooseLanguage(page, language);
          const queue = page.getByTestId('queue-review').getByRole('link');
          await expect
            .poll(async () => Number(await queue.getAttribute('data-count')))
            .toBeGreaterThanOrEqual(1);
          await settled(page);
          await screenshot(`daily-${language}-approver-dashboard`);
          await queue.click();
          await page
            .getByRole('link', { name: `v${draft.number}`, exact: true })
            .first()
            .waitFor();
          await settled(page);
          await screenshot(`daily-${language}-approver-queue`);
          await page
            .getByRole('link', { name: `v${draft.number}`, exact: true })
            .first()
            .click();
          await page.getByTestId('version-status').locator('[data-status="IN_REVIEW"]').waitFor();
          // The reviewer reads the change in the table before approving it.
          await page.getByTestId('decision-table').waitFor();
          await screenshot(`daily-${language}-approver-version`);
          await page.getByTestId('workflow-approve').click();
          await page.getByTestId('dialog-confirm').click();
          await page.getByTestId('version-status').locator('[data-status="APPROVED"]').waitFor();
          await screenshot(`daily-${language}-approver-approved`);
          // Approved, it has left the reviewer's queue. The dashboard shows its cached counts (the version
          // still waiting) until its refetch answers, which on a busy machine takes longer than a second.
          await open(page, server, '/');
          const remaining = page.getByTestId('queue-review').getByRole('link');
          await expect
            .poll(async () => Number(await remaining.getAttribute('data-count')), { timeout: 30_000 })
            .toBe(language === 'en' ? 1 : 0);
        },
        `daily-${language}-approver-queue-failure`,
      );
    }, 240_000);

    it(`lets an approver approve twenty pending limit cuts at once, each audited (${language})`, async () => {
      const approver = await asUser(server, DEMO.users.approver);
      const note = `${language}: 45 days past due, confirmed with servicing`;
      const approvedBefore = await approvedCuts(approver);
      await signedInAs(
        server,
        DEMO.users.approver,
        async ({ page, screenshot }) => {
          await chooseLanguage(page, language);
          await page.getByTestId('queue-cuts').getByRole('link').click();
          const rows = page.locator('.RaDataTable-tbody tr');
          await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(20);
          for (let index = 0; index < 20; index++) {
            await rows.nth(index).locator('input[type="checkbox"]').check();
          }
          await screenshot(`daily-${language}-cuts-selected`);
          await page.getByTestId('bulk-approveAlerts').click();
          const dialog = page.getByRole('dialog');
          await dialog.locator('textarea[name="note"]').fill(note);
          await screenshot(`daily-${language}-cuts-dialog`);
          await dialog.getByTestId('dialog-confirm').click();
          await dialog.waitFor({ state: 'detached' });
          await page.locator('.RaBulkActionsToolbar-toolbar').waitFor({ state: 'hidden' });
          await settled(page);
          await screenshot(`daily-${language}-cuts-approved`);
        },
        `daily-${language}-bulk-cuts-failure`,
      );
      expect(await approvedCuts(approver)).toBe(approvedBefore + 20);
      const audited = await call<AuditConnection>(
        server,
        'query { auditEvents(first: 100, filter: { action: "alert.approve" }) { totalCount edges { node { entityId summary } } } }',
        {},
        approver,
      );
      const withNote = audited.auditEvents.edges.filter((edge) => edge.node.summary.note === note);
      expect(new Set(withNote.map((edge) => edge.node.entityId)).size).toBe(20);
    }, 240_000);

    it(`lets a risk manager change a threshold in the decision table (${language})`, async () => {
      let editorUrl = '';
      await signedInAs(
        server,
        DEMO.users.risk,
        async ({ page, screenshot }) => {
          await chooseLanguage(page, language);
          await open(page, server, `/policies/${admissionPolicyId}/show`);
          await page.getByTestId('workflow-newDraft').click();
          await page.getByTestId('dialog-confirm').click();
          await page.getByTestId('version-status').locator('[data-status="DRAFT"]').waitFor();
          editorUrl = page.url();
          const table = page.getByTestId('decision-table');
          await table.waitFor();
          // An unchanged copy of the published version has nothing to review.
          await page.getByTestId('disabled-reason').waitFor();
          expect(await page.getByTestId('workflow-submit').isDisabled()).toBe(true);

          const threshold = table.locator(
            '[data-grid-rule="low-bureau-score"] [data-grid-fact="bureauScore"] input[data-path="$.parameters.minBureauScore"]',
          );
          expect(await threshold.inputValue()).toBe('550');
          await threshold.fill('600');
          await page.getByTestId('unsaved').waitFor();
          // The marginal band starts where the minimum ends: the same parameter shows the new value there.
          const marginal = table.locator(
            '[data-grid-rule="marginal-bureau-score"] [data-grid-fact="bureauScore"] input[data-path="$.parameters.minBureauScore"]',
          );
          expect(await marginal.inputValue()).toBe('600');
          expect(await page.getByTestId('workflow-submit').isDisabled()).toBe(true);
          await screenshot(`daily-${language}-grid-edited`);

          await page.getByTestId('save-draft').click();
          await expect.poll(() => page.getByTestId('unsaved').count()).toBe(0);
          await expect.poll(() => page.getByTestId('workflow-submit').isDisabled()).toBe(false);
          expect(await page.getByTestId('disabled-reason').count()).toBe(0);

          await page.getByTestId('tab-diff').click();
          const change = page
            .locator('[data-table="diff-parameters"]')
            .getByRole('row')
            .filter({ hasText: 'minBureauScore' });
          await change.getByText('600', { exact: true }).waitFor();
          await change.getByText('550', { exact: true }).waitFor();
          await screenshot(`daily-${language}-grid-diff`);

          await page.getByTestId('tab-rules').click();
          const summary = page.locator(
            '[data-policy-rule="low-bureau-score"] [data-testid="rule-conditions"]',
          );
          expect(await summary.textContent()).toContain('600');
          await screenshot(`daily-${language}-rules-collapsed`);
        },
        `daily-${language}-grid-failure`,
      );
      const versionId = editorUrl.split('/').pop() ?? '';
      const risk = await asUser(server, DEMO.users.risk);
      const saved = await call<{ policyVersion: { document: { parameters: Record<string, number> } } }>(
        server,
        'query ($id: ID!) { policyVersion(id: $id) { document } }',
        { id: versionId },
        risk,
      );
      expect(saved.policyVersion.document.parameters.minBureauScore).toBe(600);
    }, 240_000);
  }

  it('lets a risk manager resolve several referrals at once, each at the most it may be granted', async () => {
    const risk = await asUser(server, DEMO.users.risk);
    const pending = async () =>
      (
        await call<{ decisions: { totalCount: number } }>(
          server,
          'query { decisions(first: 0, filter: { referralStatus: PENDING }) { totalCount } }',
          {},
          risk,
        )
      ).decisions.totalCount;
    const before = await pending();
    expect(before).toBeGreaterThanOrEqual(2);
    await signedInAs(
      server,
      DEMO.users.risk,
      async ({ page, screenshot }) => {
        await page.getByTestId('queue-referrals').getByRole('link').click();
        const rows = page.locator('.RaDataTable-tbody tr');
        await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
        await rows.nth(0).locator('input[type="checkbox"]').check();
        await rows.nth(1).locator('input[type="checkbox"]').check();
        await page.getByTestId('bulk-approveReferrals').click();
        const dialog = page.getByRole('dialog');
        await dialog.locator('textarea[name="note"]').fill('Incomes verified by phone');
        await screenshot('daily-en-referrals-dialog');
        await dialog.getByTestId('dialog-confirm').click();
        await dialog.waitFor({ state: 'detached' });
        await settled(page);
        await screenshot('daily-en-referrals-approved');
      },
      'daily-en-referrals-failure',
    );
    expect(await pending()).toBe(before - 2);
  }, 240_000);

  async function approvedCuts(headers: Record<string, string>): Promise<number> {
    const counted = await call<{ alerts: { totalCount: number } }>(
      server,
      'query { alerts(first: 0, filter: { status: APPROVED }) { totalCount } }',
      {},
      headers,
    );
    return counted.alerts.totalCount;
  }
});
