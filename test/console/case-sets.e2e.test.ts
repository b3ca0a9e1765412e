import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.js';
import { DEMO, type RunningServer, startBuiltServer } from '../support/server.js';
import { signedInAs } from './session.js';

const skipReason = browserUnavailable();
if (skipReason) console.warn(`console e2e skipped: ${skipReason}`);

/**
 * The case set import wizard: a QA analyst pastes a CSV, maps its columns to catalog facts, sees the API's
 * refusals (a mapping without an outcome column, then a row that does not map) as it words them, and imports
 * the valid rows.
 */
describe.skipIf(skipReason !== null)('console: importing a case set in Chromium', () => {
  let server: RunningServer;
  const name = `E2E import ${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    server = await startBuiltServer();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('maps the columns, shows row errors by line, column and code, and keeps the valid rows', async () => {
    await signedInAs(
      server,
      DEMO.users.qa,
      async ({ page, screenshot }) => {
        await page.getByRole('menuitem', { name: 'Case sets' }).click();
        await page.getByRole('link', { name: 'Import a case set' }).click();
        const wizard = page.getByTestId('case-set-import');
        await wizard.getByLabel('Name').fill(name);
        await wizard
          .getByTestId('case-content')
          .fill(
            'ref,bureauScore,monthlyIncome,amount,defaulted\nA-1,700,20000,15000,0\nA-2,abc,18000,9000,1\n',
          );
        await expect
          .poll(() => wizard.getByTestId('case-header').textContent())
          .toBe('Columns: ref, bureauScore, monthlyIncome, amount, defaulted');
        await wizard.getByRole('combobox', { name: 'Column with the external ref' }).click();
        await page.getByRole('option', { name: 'ref', exact: true }).click();
        await screenshot('console-case-import-file');
        await wizard.getByRole('button', { name: 'Next' }).click();

        // Columns named like catalog facts start mapped to them; the amount only feeds the application.
        const columns = wizard.locator('[data-table="column-mapping"]');
        await columns
          .locator('[data-column="bureauScore"]')
          .getByText('bureauScore', { exact: true })
          .nth(1)
          .waitFor();
        await columns.locator('[data-column="amount"]').getByRole('combobox', { name: 'Use' }).click();
        await page.getByRole('option', { name: 'Input to expressions' }).click();
        await wizard.getByLabel('Requested amount').fill('amount');
        await screenshot('console-case-import-mapping');
        await wizard.getByRole('button', { name: 'Next' }).click();

        // No outcome column: the API refuses the mapping and names each problem's place.
        await wizard.getByRole('button', { name: 'Import', exact: true }).click();
        const refusal = wizard.getByTestId('import-error');
        await refusal
          .getByTestId('problem-list')
          .getByText('$.outcome.column', { exact: false })
          .first()
          .waitFor();
        await wizard.getByRole('button', { name: 'Back' }).click();
        await wizard.getByRole('combobox', { name: 'Outcome column', exact: true }).click();
        await page.getByRole('option', { name: 'defaulted' }).click();
        await wizard.getByRole('button', { name: 'Next' }).click();
        expect(await wizard.getByTestId('mapping-document').textContent()).toContain('"column": "defaulted"');

        // All or nothing: the row that does not map is reported, nothing is imported.
        await wizard.getByRole('button', { name: 'Import', exact: true }).click();
        const rowError = wizard
          .getByTestId('import-error')
          .locator('[data-table="row-errors"]')
          .getByRole('row');
        await expect
          .poll(() => rowError.nth(1).getByRole('cell').allTextContents())
          .toEqual(['3', 'bureauScore', 'INVALID_NUMBER', expect.any(String)]);
        await wizard.getByText('1 row failed to map').waitFor();
        await screenshot('console-case-import-row-errors');

        await wizard.getByLabel('Import the valid rows and leave out the others').check();
        await wizard.getByRole('button', { name: 'Import', exact: true }).click();
        await wizard.getByTestId('import-result').getByText('1 cases imported, 1 rows left out.').waitFor();
        await wizard.getByRole('button', { name: 'Open the case set' }).click();
        await page.getByTestId('case-set-summary').getByText(name).waitFor();
        await page
          .getByRole('row')
          .filter({ hasText: 'A-1' })
          .getByText('bureauScore=700', { exact: false })
          .waitFor();
        await screenshot('console-case-set-show');
      },
      'console-case-import-failure',
    );
  }, 240_000);
});
