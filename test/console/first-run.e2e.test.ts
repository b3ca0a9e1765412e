import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable } from '../support/browser.js';
import { DEMO, type RunningServer, startBuiltServer } from '../support/server.js';
import { asUser, call, chooseLanguage, LANGUAGES, open, settled } from './daily.js';
import { signedInAs } from './session.js';

const skipReason = browserUnavailable();
if (skipReason) console.warn(`console e2e skipped: ${skipReason}`);

/**
 * The first ten minutes of a fresh demo, as a new user meets them in each language: the dashboard counts
 * the overflow customers the demo portfolio holds and offers a guided first run, whose first step opens
 * them.
 */
describe.skipIf(skipReason !== null)('console: the guided first run of the demo in Chromium', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startBuiltServer({
      env: { SPILLWAY_DEMO_CASE_SET: 'true', SPILLWAY_DEMO_PORTFOLIO: 'true' },
    });
    // The demo portfolio is seeded in the background after the server answers (about a minute).
    const risk = await asUser(server, DEMO.users.risk);
    const deadline = Date.now() + 240_000;
    for (;;) {
      const counted = await call<{ overflowCustomers: { totalCount: number } }>(
        server,
        'query { overflowCustomers(first: 0) { totalCount } }',
        {},
        risk,
      );
      if (counted.overflowCustomers.totalCount > 0) break;
      if (Date.now() > deadline) throw new Error(`the demo portfolio was not seeded:\n${server.output()}`);
      await new Promise((wait) => setTimeout(wait, 2000));
    }
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
  });

  for (const language of LANGUAGES) {
    it(`shows the overflow count and walks a new user to the overflow customers (${language})`, async () => {
      await signedInAs(
        server,
        DEMO.users.risk,
        async ({ page, screenshot }) => {
          await chooseLanguage(page, language);
          const overflow = page.getByTestId('overflow-tile').getByRole('link').first();
          await expect.poll(async () => Number(await overflow.getAttribute('data-count'))).toBeGreaterThan(0);
          const guide = page.getByTestId('first-run');
          const first = guide.locator('[data-step="overflow"]');
          await expect.poll(() => first.getAttribute('data-done')).toBe('false');
          await settled(page);
          await screenshot(`first-run-${language}-dashboard`);

          await first.getByRole('link').click();
          const rows = page.locator('.RaDataTable-tbody tr');
          await expect.poll(() => rows.count()).toBeGreaterThan(0);
          // Each overflow line names its borrower, one click away.
          await rows.first().locator('a[href*="/borrowers/"]').first().waitFor();
          await settled(page);
          await screenshot(`first-run-${language}-overflow-customers`);
          await rows.first().locator('a[href*="/borrowers/"]').first().click();
          await page.getByTestId('borrower-summary').waitFor();
          await page.locator('[data-table="credit-lines"]').waitFor();
          await settled(page);
          await screenshot(`first-run-${language}-overflow-borrower`);

          await open(page, server, '/');
          await expect.poll(() => first.getAttribute('data-done')).toBe('true');
          await page.getByTestId('first-run-progress').waitFor();
          await screenshot(`first-run-${language}-first-step-done`);
        },
        `first-run-${language}-failure`,
      );
    }, 240_000);
  }
});
