import type { Page } from 'playwright-core';
import { DEMO } from '../support/server.js';

/** Signs in through the login page and waits for the app shell. */
export async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.locator('input[name="password"]').fill(DEMO.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('menuitem', { name: 'Decisions' }).waitFor();
}

/** The labels of the sidebar's resource items, in order. */
export async function menuItems(page: Page): Promise<string[]> {
  const items = page.locator('.RaMenu-open [role="menuitem"], .RaMenu-closed [role="menuitem"]');
  return (await items.allTextContents()).map((text) => text.trim());
}
