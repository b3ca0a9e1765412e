import { randomUUID } from 'node:crypto';
import { mulberry32 } from '@spillway/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.js';
import { DEMO, type RunningServer, startBuiltServer } from '../support/server.js';
import { asUser, CASE_MAPPING, call, open, pendingCuts } from './daily.js';
import { signedInAs } from './session.js';

const skipReason = browserUnavailable();
if (skipReason) console.warn(`console e2e skipped: ${skipReason}`);

const IMPORT = `mutation ($input: ImportCaseSetInput!) { importCaseSet(input: $input) { caseSet { id } } }`;

/** Applicants whose default odds fall with their bureau score: a fit finds the score and drops the income. */
function casesCsv(count: number): string {
  const random = mulberry32(3);
  const lines = ['ref,income,score,amount,defaulted'];
  for (let i = 1; i <= count; i++) {
    const score = 550 + Math.floor(random() * 250);
    const bad = random() < 1 / (1 + Math.exp(2 + (score - 650) / 40));
    lines.push([`S-${i}`, 3000 + Math.floor(random() * 17000), score, 10000, bad ? 1 : 0].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A risk manager fits a scorecard from a case set in the wizard, reads the results (information values, the
 * bins' charts, the ROC curve, calibration), opens the draft the fit wrote into the ADMISSION policy, finds
 * the card as a points table, edits a point, saves and submits the draft for review.
 */
describe.skipIf(skipReason !== null)('console: fitting a scorecard in Chromium', () => {
  let server: RunningServer;
  const caseSetName = `E2E fit ${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    server = await startBuiltServer();
    const risk = await asUser(server, DEMO.users.risk);
    await call(
      server,
      IMPORT,
      { input: { name: caseSetName, format: 'CSV', mapping: CASE_MAPPING, content: casesCsv(3000) } },
      risk,
    );
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('fits, reads the results, opens the draft scorecard and submits it', async () => {
    await signedInAs(
      server,
      DEMO.users.risk,
      async ({ page, screenshot }) => {
        await page.getByRole('menuitem', { name: 'Scorecard fits' }).click();
        await page.getByTestId('new-fit').click();
        const wizard = page.getByTestId('fit-wizard');

        await wizard.getByRole('combobox', { name: 'Case set' }).click();
        await page.getByRole('option', { name: caseSetName }).click();
        await wizard.getByRole('combobox', { name: 'Policy to draft into' }).click();
        await page.getByRole('option', { name: 'Admission' }).click();
        await wizard.getByLabel('Scorecard name').fill('fitted');
        await screenshot('console-fit-case-set');
        await wizard.getByRole('button', { name: 'Next' }).click();

        await wizard.getByRole('combobox', { name: 'What counts as bad' }).waitFor();
        await wizard.getByRole('button', { name: 'Next' }).click();

        await wizard.getByLabel('Candidate facts').click();
        await page.getByRole('option', { name: 'Bureau score' }).click();
        await wizard.getByLabel('Candidate facts').click();
        await page.getByRole('option', { name: 'Monthly income' }).click();
        await page.keyboard.press('Escape');
        await wizard.getByRole('button', { name: 'Add a derived characteristic' }).click();
        await wizard.getByLabel('Name', { exact: true }).fill('scoreBand');
        await wizard.getByLabel('Expression').fill('bureauScore / 50');
        await screenshot('console-fit-characteristics');
        await wizard.getByRole('button', { name: 'Next' }).click();

        await wizard.getByLabel('Held out for validation (%)').fill('25');
        await wizard.getByText('3 candidate characteristics').waitFor();
        await wizard.getByRole('button', { name: 'Start the fit' }).click();

        // The results page follows the job to the end.
        const summary = page.getByTestId('fit-summary');
        await summary.locator('[data-job-status="COMPLETED"]').waitFor({ timeout: 60_000 });
        const auc = Number(await summary.getByTestId('fit-auc').textContent());
        expect(auc).toBeGreaterThan(0.7);
        const ivRows = page.locator('[data-table="iv-table"] tbody tr');
        await expect.poll(() => ivRows.count()).toBe(3);
        expect(await ivRows.first().locator('td').first().textContent()).toMatch(/bureauScore|scoreBand/);
        await page.getByTestId('iv-chart').locator('svg').first().waitFor();
        await page.locator('[data-testid="fit-bins"] [data-testid="woe-chart"] svg').first().waitFor();
        await page.locator('[data-testid="fit-bins"] [data-testid="bad-rate-chart"] svg').first().waitFor();
        await page.getByTestId('roc-chart').locator('svg').first().waitFor();
        await page.getByTestId('calibration-chart').locator('svg').first().waitFor();
        expect(await page.locator('[data-table="calibration"] tbody tr').count()).toBeGreaterThan(2);
        await screenshot('console-fit-results');

        // The draft the fit wrote: the ADMISSION policy with the card, as a points table to edit.
        await page.getByTestId('fit-draft').getByRole('link').click();
        await page.getByTestId('version-status').locator('[data-status="DRAFT"]').waitFor();
        await page.getByTestId('tab-scorecards').click();
        const card = page.locator('[data-scorecard="fitted"]');
        const firstPoints = card.locator('input[data-path$=".bins[0].points"]').first();
        await firstPoints.waitFor();
        const before = Number(await firstPoints.inputValue());
        await firstPoints.fill(String(before + 1));
        await page.getByTestId('unsaved').waitFor();
        await screenshot('console-fit-draft-points');
        await page.getByRole('button', { name: 'Save' }).click();
        await expect.poll(() => page.getByTestId('unsaved').count()).toBe(0);
        expect(Number(await firstPoints.inputValue())).toBe(before + 1);

        await page.getByRole('button', { name: 'Submit for review' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
        await page.getByTestId('version-status').locator('[data-status="IN_REVIEW"]').waitFor();
        await screenshot('console-fit-draft-submitted');
      },
      'console-fit-failure',
    );
  }, 240_000);

  it("shows the score's points on an alert page and on a decision page", async () => {
    const [lineId] = await pendingCuts(server, `fit-${randomUUID().slice(0, 6)}`, 1);
    const risk = await asUser(server, DEMO.users.risk);
    const { alerts } = await call<{ alerts: { edges: { node: { id: string } }[] } }>(
      server,
      'query ($filter: AlertFilterInput) { alerts(first: 1, filter: $filter) { edges { node { id } } } }',
      { filter: { creditLineId: lineId } },
      risk,
    );
    const { decisions } = await call<{ decisions: { edges: { node: { id: string } }[] } }>(
      server,
      'query { decisions(first: 1) { edges { node { id } } } }',
      {},
      risk,
    );
    await signedInAs(
      server,
      DEMO.users.risk,
      async ({ page, screenshot }) => {
        await open(page, server, `/alerts/${alerts.edges[0].node.id}/show`);
        const card = page.locator('[data-testid="score-points"][data-card="behaviour"]');
        await card.getByTestId('score-total').waitFor();
        expect(await card.locator('[data-table="score-points"] tbody tr').count()).toBeGreaterThan(3);
        await screenshot('console-alert-score-points');

        // The default admission policy scores with no card: the page says so where the points would be.
        await open(page, server, `/decisions/${decisions.edges[0].node.id}/show`);
        await page.getByText('Score points').waitFor();
        await page.getByText('No scorecard scored this.').waitFor();
      },
      'console-score-points-failure',
    );
  }, 240_000);
});
