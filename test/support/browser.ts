import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { repoRoot } from './server.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const artifactsDir = join(repoRoot, 'test', 'artifacts');

/**
 * Why browser tests cannot run here, or null when they can. In CI a missing Chromium is a failure, never a
 * skip: a green run must mean the console was really exercised.
 */
export function browserUnavailable(): string | null {
  if (existsSync(chromiumPath)) return null;
  const reason = `Chromium not found at ${chromiumPath} (install Debian's chromium or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(`${reason}; browser tests must not be skipped in CI`);
  return reason;
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console messages of type error and uncaught page errors, from every page of the context. */
  errors: string[];
  /** Console warnings, e.g. polyglot's "Missing translation for key". */
  warnings: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'spillway-chromium-'));
  // Playwright owns the profile directory: passing --user-data-dir in args throws.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const errors: string[] = [];
  const warnings: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => {
      const location = message.location();
      const text = `${message.text()} (${location.url}:${location.lineNumber})`;
      if (message.type() === 'error') errors.push(text);
      if (message.type() === 'warning') warnings.push(text);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.stack ?? error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    errors,
    warnings,
    async screenshot(name: string) {
      mkdirSync(artifactsDir, { recursive: true });
      const path = join(artifactsDir, `${name}.png`);
      // Not `fullPage: true`: Chromium's capture beyond the viewport briefly reports another window width,
      // so width media queries flip; on a busy machine React renders the phone layout in between and
      // remounts lists, closing any dialog they hold. Growing only the height keeps every width query.
      const viewport = page.viewportSize();
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      if (!viewport || height <= viewport.height) {
        await page.screenshot({ path });
        return path;
      }
      await page.setViewportSize({ width: viewport.width, height });
      try {
        await page.screenshot({ path });
      } finally {
        await page.setViewportSize(viewport);
      }
      return path;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
