import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.js';
import { DEMO, graphql, loginToken, type RunningServer, startBuiltServer } from '../support/server.js';
import { CASE_MAPPING } from './daily.js';
import { signedInAs } from './session.js';

interface Decided {
  outcome: string;
  reasons: { code: string }[];
  revisions: { kind: string; number: number; revision: string }[];
}

interface PolicyVersions {
  policies: { kind: string; publishedVersion: { number: number; revision: string } }[];
}

const IMPORT = `mutation ($input: ImportCaseSetInput!) { importCaseSet(input: $input) { importedRows } }`;
const DECIDE = `mutation ($input: DecideInput!) {
  decide(input: $input) { outcome reasons { code } revisions { kind number revision } }
}`;

/** The MUI select in `scope` labelled `label`, set to the option named `option`. */
async function choose(page: Page, scope: Locator, label: RegExp, option: string | RegExp) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

const skipReason = browserUnavailable();
if (skipReason) console.warn(`console e2e skipped: ${skipReason}`);

/**
 * A policy change end to end, through the console in Chromium: a risk manager raises the minimum bureau score
 * of the ADMISSION policy in the visual builder, tries the draft on a historical case, backtests it on the
 * case set and reads the results, and submits it; an
 * approver approves and publishes it; the next decision an app asks for runs on the new revision.
 */
describe.skipIf(skipReason !== null)('console: changing a policy in Chromium', () => {
  let server: RunningServer;
  const run = randomUUID().slice(0, 8);
  const caseSetName = `E2E policy cases ${run}`;
  // A bureau score of 600 sits in the published policy's referral band (550-619); the draft declines it.
  const caseRef = `E2E-${run}-SCORE-600`;
  // The backtest's cases: 640 is approved by the published policy and declined by the draft (a swap-out that
  // defaulted), 700 is approved by both.
  const swappedRef = `E2E-${run}-SCORE-640`;
  const keptRef = `E2E-${run}-SCORE-700`;
  let editorUrl = '';

  beforeAll(async () => {
    server = await startBuiltServer();
    const risk = { authorization: `Bearer ${await loginToken(server.url, DEMO.users.risk)}` };
    const imported = await graphql<{ importCaseSet: { importedRows: number } }>(
      server.url,
      IMPORT,
      {
        input: {
          name: caseSetName,
          format: 'CSV',
          mapping: CASE_MAPPING,
          refColumn: 'ref',
          content: [
            'ref,income,score,amount,defaulted',
            `${caseRef},20000,600,20000,0`,
            `${swappedRef},20000,640,20000,1`,
            `${keptRef},20000,700,20000,0`,
          ].join('\n'),
        },
      },
      risk,
    );
    if (!imported.data) throw new Error(`case import failed: ${JSON.stringify(imported.errors)}`);
    expect(imported.data.importCaseSet.importedRows).toBe(3);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('lets a risk manager change a threshold, try the draft on a case, backtest it and submit it', async () => {
    await signedInAs(
      server,
      DEMO.users.risk,
      async ({ page, screenshot }) => {
        const dashboard = page.getByTestId('dashboard');
        await dashboard.getByTestId('decisions-chart').locator('svg').first().waitFor();
        await dashboard.getByTestId('approval-rate').waitFor();
        await dashboard
          .getByTestId('publishes-tile')
          .getByText('No version has been published yet.')
          .waitFor();
        await screenshot('console-dashboard');

        await page.getByRole('menuitem', { name: 'Policies' }).click();
        const admission = page.getByRole('row').filter({ hasText: 'Admission' });
        await admission.getByText('v1').waitFor();
        await screenshot('console-policies-list');

        await admission.getByText('Admission').click();
        const versions = page.locator('[data-table="versions"]');
        await versions.locator('[data-status="PUBLISHED"]').waitFor();
        await screenshot('console-policy-show');

        await page.getByRole('button', { name: 'New draft' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
        await page.getByTestId('version-status').locator('[data-status="DRAFT"]').waitFor();
        editorUrl = page.url();
        expect(editorUrl).toMatch(/#\/policies\/[^/]+\/versions\/[^/]+$/);

        // The decision table opens first; the accordion of the Rules tab edits a rule's conditions in full.
        await page.getByTestId('decision-table').waitFor();
        await page.getByRole('tab', { name: 'Rules' }).click();
        // The rule reads its threshold from the parameter minBureauScore (550): compare with 650 instead.
        const rule = page.locator('[data-policy-rule="low-bureau-score"]');
        await rule.getByRole('button', { name: /low-bureau-score/ }).click();
        const comparison = rule.getByTestId('condition-builder').locator('.rule').first();
        await comparison.locator('[title="Compare with"]').getByRole('combobox').click();
        await page.getByRole('option', { name: 'Value', exact: true }).click();
        await comparison.locator('.rule-value input').fill('650');
        await page.getByText('Unsaved changes').waitFor();
        await expect.poll(() => page.getByTestId('validation-summary').textContent()).toBe('No errors');
        await screenshot('console-policy-editor-rule');

        await page.getByRole('tab', { name: 'Changes' }).click();
        const change = page
          .locator('[data-table="diff-rules"]')
          .getByRole('row')
          .filter({ hasText: 'low-bureau-score' });
        await change.getByText('param:minBureauScore').waitFor();
        await change.getByText('650', { exact: true }).waitFor();
        await screenshot('console-policy-diff');

        await page.getByRole('button', { name: 'Save' }).click();
        await page.getByText('Draft saved').waitFor();
        await expect.poll(() => page.getByText('Unsaved changes').count()).toBe(0);

        await page.getByRole('tab', { name: 'Try' }).click();
        const tryPanel = page.getByTestId('try-panel');
        await choose(page, tryPanel, /^Case set/, caseSetName);
        await choose(page, tryPanel, /^Case(?! set)/, new RegExp(caseRef));
        await tryPanel.getByRole('button', { name: 'Run' }).click();
        await tryPanel.getByTestId('try-outcome').locator('[data-outcome="DECLINE"]').waitFor();
        await tryPanel.getByTestId('try-published-outcome').locator('[data-outcome="REFER"]').waitFor();
        await tryPanel.locator('[data-table="try-reasons"]').getByText('LOW_BUREAU_SCORE').waitFor();
        const traced = tryPanel.locator('[data-stage="ADMISSION"] [data-rule="low-bureau-score"]');
        await traced.locator('[data-fired="true"]').waitFor();
        await traced.getByRole('cell', { name: '650', exact: true }).waitFor();
        await screenshot('console-policy-try');

        // The draft against the published policy over the whole case set, on the server.
        await page.getByRole('tab', { name: 'Backtest' }).click();
        const backtestTab = page.getByTestId('backtest-tab');
        await choose(page, backtestTab, /^Case set/, caseSetName);
        await backtestTab.getByRole('button', { name: 'Run the backtest' }).click();
        const job = backtestTab.getByTestId('backtest-job');
        await job.locator('[data-job-status="COMPLETED"]').waitFor();
        await expect.poll(() => job.getByTestId('job-progress').textContent()).toBe('3 / 3');
        expect(await job.getByTestId('approval-rates').textContent()).toBe('66.7% → 33.3%');
        await screenshot('console-policy-backtest');

        await job.getByRole('link', { name: 'Open the results' }).click();
        const results = page.getByTestId('backtest-show');
        await results.getByTestId('rates-chart').locator('svg').first().waitFor();
        expect(await results.getByTestId('approval-rates').textContent()).toBe('66.7% → 33.3%');
        // The published policy approved one good and one bad case; the draft only the good one.
        expect(await results.getByTestId('bad-rates').textContent()).toBe('50% → 0%');
        expect(await results.getByTestId('swap-out').textContent()).toBe('1');
        expect(await results.getByTestId('swap-in').textContent()).toBe('0');
        const swapOut = results
          .locator('[data-table="swaps"]')
          .getByRole('row')
          .filter({ hasText: 'Swap-out' });
        expect(await swapOut.getByRole('cell').allTextContents()).toEqual([
          'Swap-out',
          '1',
          '1',
          '1',
          '100%',
        ]);
        await results.locator('[data-table="rule-hits"]').getByText('ADMISSION:low-bureau-score').waitFor();
        const changed = results.getByRole('row').filter({ hasText: swappedRef });
        await changed.locator('[data-change-kind="SWAP_OUT"]').waitFor();
        await changed.getByText('Defaulted').waitFor();
        await results.getByRole('combobox', { name: 'Change kinds' }).click();
        await page.getByRole('option', { name: 'Swap-out' }).click();
        await page.keyboard.press('Escape');
        await expect.poll(() => results.locator('td [data-change-kind]').count()).toBe(1);
        await results.locator('td [data-change-kind="SWAP_OUT"]').waitFor();
        await screenshot('console-backtest-results');

        await page.goto(editorUrl);
        await page.getByTestId('version-status').locator('[data-status="DRAFT"]').waitFor();

        await page.getByRole('button', { name: 'Submit for review' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
        await page.getByTestId('version-status').locator('[data-status="IN_REVIEW"]').waitFor();
        // Maker-checker: whoever wrote a version is never offered its review.
        expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
        await screenshot('console-policy-submitted');
      },
      'console-policy-author-failure',
    );
  }, 240_000);

  it('lets an approver review, approve and publish it, and decisions run on the new revision', async () => {
    expect(editorUrl, 'the risk manager created no draft').not.toBe('');
    await signedInAs(
      server,
      DEMO.users.approver,
      async ({ page, screenshot }) => {
        await page.getByRole('menuitem', { name: 'Policies' }).click();
        await page.getByRole('row').filter({ hasText: 'Admission' }).getByText('Admission').click();
        const submitted = page
          .locator('[data-table="versions"]')
          .getByRole('row')
          .filter({ hasText: 'In review' });
        await submitted.getByText('Riley Risk').first().waitFor();
        await submitted.getByRole('link', { name: 'v2' }).click();
        await page.getByTestId('version-status').locator('[data-status="IN_REVIEW"]').waitFor();

        await page.getByRole('tab', { name: 'Changes' }).click();
        await page.locator('[data-table="diff-rules"]').getByText('650', { exact: true }).waitFor();
        // An approver reviews: nothing to edit, nothing to submit.
        expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Submit for review' }).count()).toBe(0);
        await screenshot('console-policy-review');

        await page.getByRole('button', { name: 'Approve' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
        await page.getByTestId('version-status').locator('[data-status="APPROVED"]').waitFor();

        await page.getByRole('button', { name: 'Publish' }).click();
        const publish = page.getByRole('dialog');
        await publish.getByText('This cannot be undone, only rolled back.').waitFor();
        await screenshot('console-policy-publish-dialog');
        await publish.getByRole('button', { name: 'Confirm' }).click();
        await page.getByTestId('version-status').locator('[data-status="PUBLISHED"]').waitFor();
        await screenshot('console-policy-published');

        await page.getByRole('menuitem', { name: 'Dashboard' }).click();
        await page.getByTestId('publishes-tile').getByText('Admission v2 published').waitFor();

        await page.locator('button[aria-controls="simple-menu"]').click();
        await page.getByRole('menuitem', { name: '简体中文' }).click();
        await page.getByTestId('publishes-tile').getByText('准入策略 v2 已发布').waitFor();
        await screenshot('console-dashboard-zh');
        await page.goto(editorUrl);
        await page.getByRole('tab', { name: '变更' }).waitFor();
        await page.getByTestId('version-status').getByText('已发布').waitFor();
        await screenshot('console-policy-version-zh');
        // The risk manager's backtest, read by the approver in Chinese; approvers start no jobs.
        await page.getByRole('menuitem', { name: '回测与重放' }).click();
        await page.locator('[data-job-status="COMPLETED"]').getByText('已完成').click();
        await page.getByTestId('backtest-show').getByText('通过率与坏账率').waitFor();
        expect(await page.getByTestId('approval-rates').textContent()).toBe('66.7% → 33.3%');
        expect(await page.getByRole('button', { name: '取消' }).count()).toBe(0);
        await screenshot('console-backtest-results-zh');
      },
      'console-policy-approver-failure',
    );

    const risk = { authorization: `Bearer ${await loginToken(server.url, DEMO.users.risk)}` };
    const policies = await graphql<PolicyVersions>(
      server.url,
      'query { policies { kind publishedVersion { number revision } } }',
      {},
      risk,
    );
    const published = policies.data!.policies.find((policy) => policy.kind === 'ADMISSION')!.publishedVersion;
    expect(published.number).toBe(2);

    const decided = await graphql<{ decide: Decided }>(
      server.url,
      DECIDE,
      {
        input: {
          idempotencyKey: `${caseRef}-decide`,
          borrower: {
            externalRef: caseRef,
            name: 'E2E Applicant',
            monthlyIncome: '20000.00',
            monthlyDebtService: '0.00',
            age: 35,
            employmentMonths: 48,
          },
          application: { requestedAmount: '20000.00', termMonths: 12 },
          facts: { bureauScore: 600, multiLenderCount: 1, inquiries3m: 0, maxDpd12m: 0 },
        },
      },
      { 'x-api-key': DEMO.apiKey },
    );
    if (!decided.data)
      throw new Error(`decide failed: ${JSON.stringify(decided.errors)}\n${server.output()}`);
    const { outcome, reasons, revisions } = decided.data.decide;
    expect(outcome).toBe('DECLINE');
    expect(reasons.map((reason) => reason.code)).toContain('LOW_BUREAU_SCORE');
    expect(revisions.find((revision) => revision.kind === 'ADMISSION')).toEqual({
      kind: 'ADMISSION',
      number: 2,
      revision: published.revision,
    });
  }, 240_000);
});
