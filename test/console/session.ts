import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type BrowserSession, launchBrowser } from '../support/browser.js';
import { DEMO, type RunningServer } from '../support/server.js';

/** Signs in through the login page and waits for the app shell. */
export async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.locator('input[name="password"]').fill(DEMO.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('menuitem', { name: 'Decisions' }).waitFor();
}

/** The labels of the sidebar's items, in order. */
export async function menuItems(page: Page): Promise<string[]> {
  const items = page.locator('.RaMenu-open [role="menuitem"], .RaMenu-closed [role="menuitem"]');
  return (await items.allTextContents()).map((text) => text.trim());
}

/**
 * Runs `steps` in a fresh browser signed in as `email`, so no session leaks from one role into the next.
 * A failure saves the `failure` screenshot and reports the console's errors and the server's output; a pass
 * still fails if any page logged an error or used an untranslated key.
 */
export async function signedInAs(
  server: RunningServer,
  email: string,
  steps: (browser: BrowserSession) => Promise<void>,
  failure: string,
): Promise<void> {
  const browser = await launchBrowser();
  try {
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
  } finally {
    await browser.close();
  }
}
