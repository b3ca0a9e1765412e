import type { Page } from 'playwright-core';
import { applicantInput } from '../support/applicant.js';
import { DEMO, graphql, loginToken, type RunningServer } from '../support/server.js';

export type Language = 'en' | 'zh';
export const LANGUAGES: Language[] = ['en', 'zh'];

/** The language menu's names for each language, as the console lists them. */
const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', zh: '简体中文' };

/** Chooses the console's language from the app bar's menu, as a user does. */
export async function chooseLanguage(page: Page, language: Language): Promise<void> {
  const menu = page.locator('button[aria-controls="simple-menu"]');
  await menu.waitFor();
  if ((await menu.textContent())?.includes(LANGUAGE_NAMES[language])) return;
  await menu.click();
  await page.getByRole('menuitem', { name: LANGUAGE_NAMES[language] }).click();
  await page.locator(`html[lang="${language === 'zh' ? 'zh-CN' : 'en-US'}"]`).waitFor();
}

/** Opens a console route (`/alerts`, `/policies/x/show`) and waits for the layout. */
export async function open(page: Page, server: RunningServer, route: string): Promise<void> {
  await page.goto(`${server.url}/#${route}`);
  await page.locator('.RaLayout-content').waitFor();
}

/** Waits until nothing on the page is loading, then a moment for charts and layouts to settle. */
export async function settled(page: Page): Promise<void> {
  await page
    .locator('.RaLoadingIndicator-loader, [role="progressbar"].MuiCircularProgress-root')
    .first()
    .waitFor({ state: 'detached', timeout: 30_000 })
    .catch(() => undefined);
  await page.waitForTimeout(400);
}

/** How much wider than the window the page is (0 when it fits). */
export async function overflowWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

export async function asUser(server: RunningServer, email: string) {
  return { authorization: `Bearer ${await loginToken(server.url, email)}` };
}

/** Runs a query or mutation and throws on any error, with the query's name in the message. */
export async function call<T>(
  server: RunningServer,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<T> {
  const result = await graphql<T>(server.url, query, variables, headers);
  if (!result.data || result.errors)
    throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** In good standing but 45 days past due now: the default MONITORING policy freezes the line at its balance. */
export const DELINQUENT = {
  monthlyDebtService: 800,
  utilization: 0.3,
  utilization3mAgo: 0.3,
  paymentRatio: 1,
  paymentRatioPrior: 1,
  monthsDelinquent6m: 1,
  monthsDelinquentPrior6m: 0,
  currentDpd: 45,
  incomeChange: 0,
};

/** Historical cases with everything the admission policy reads; only the bureau score comes from the file. */
export const CASE_MAPPING = {
  version: 1,
  columns: {
    income: { fact: 'monthlyIncome', type: 'number' },
    score: { fact: 'bureauScore' },
    amount: { type: 'number' },
  },
  derived: {
    age: '35',
    employmentMonths: '48',
    monthlyDebtService: '0',
    multiLenderCount: '1',
    inquiries3m: '0',
    maxDpd12m: '0',
  },
  outcome: { column: 'defaulted', defaultValues: ['1'], nonDefaultValues: ['0'] },
  application: { requestedAmount: 'amount', termMonths: '12' },
};

/**
 * `count` approved borrowers whose servicing reports them 45 days late, reviewed: each line then holds a
 * limit cut waiting for an approver. Returns the lines' ids.
 */
export async function pendingCuts(server: RunningServer, run: string, count: number): Promise<string[]> {
  const app = { 'x-api-key': DEMO.apiKey };
  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    const decided = await call<{ decide: { outcome: string; creditLine: { id: string } | null } }>(
      server,
      'mutation ($input: DecideInput!) { decide(input: $input) { outcome creditLine { id } } }',
      { input: applicantInput(`${run}-cut-${index}`) },
      app,
    );
    if (!decided.decide.creditLine)
      throw new Error(`applicant ${index} was not approved: ${decided.decide.outcome}`);
    lines.push(decided.decide.creditLine.id);
    await call(
      server,
      'mutation ($input: LineBehaviourInput!) { recordLineBehaviour(input: $input) { id } }',
      {
        input: {
          creditLineId: decided.decide.creditLine.id,
          drawnBalance: '1500.00',
          facts: DELINQUENT,
          asOf: new Date().toISOString(),
        },
      },
      app,
    );
  }
  await review(server);
  return lines;
}

/** Runs a portfolio review of the product and waits until it has finished. */
export async function review(server: RunningServer): Promise<void> {
  const risk = await asUser(server, DEMO.users.risk);
  const started = await call<{ runPortfolioReview: { id: string } }>(
    server,
    'mutation { runPortfolioReview { id } }',
    {},
    risk,
  );
  for (let attempt = 0; attempt < 600; attempt++) {
    const read = await call<{ portfolioReview: { status: string; error: string | null } }>(
      server,
      'query ($id: ID!) { portfolioReview(id: $id) { status error } }',
      { id: started.runPortfolioReview.id },
      risk,
    );
    if (read.portfolioReview.status === 'COMPLETED') return;
    if (read.portfolioReview.status === 'FAILED')
      throw new Error(`review failed: ${read.portfolioReview.error}`);
    await new Promise((wait) => setTimeout(wait, 200));
  }
  throw new Error('the review did not finish');
}

export interface Draft {
  id: string;
  policyId: string;
  number: number;
}

/**
 * A risk manager's draft of the `kind` policy with one parameter changed, submitted for review unless
 * `submit` is false.
 */
export async function draftOf(
  server: RunningServer,
  kind: string,
  parameters: Record<string, number>,
  submit = true,
): Promise<Draft> {
  const risk = await asUser(server, DEMO.users.risk);
  const policies = await call<{ policies: { id: string; kind: string }[] }>(
    server,
    'query { policies { id kind } }',
    {},
    risk,
  );
  const policyId = policies.policies.find((policy) => policy.kind === kind)?.id;
  if (!policyId) throw new Error(`no ${kind} policy`);
  const { createDraft } = await call<{
    createDraft: { id: string; number: number; lockVersion: number; document: Record<string, unknown> };
  }>(
    server,
    'mutation ($input: CreateDraftInput!) { createDraft(input: $input) { id number lockVersion document } }',
    { input: { policyId } },
    risk,
  );
  const document = {
    ...createDraft.document,
    parameters: { ...(createDraft.document.parameters as Record<string, number>), ...parameters },
  };
  const updated = await call<{ updateDraft: { lockVersion: number } }>(
    server,
    'mutation ($input: UpdateDraftInput!) { updateDraft(input: $input) { lockVersion } }',
    { input: { versionId: createDraft.id, document, expectedLockVersion: createDraft.lockVersion } },
    risk,
  );
  if (submit) {
    await call(
      server,
      'mutation ($input: VersionActionInput!) { submitVersion(input: $input) { status } }',
      { input: { versionId: createDraft.id, expectedLockVersion: updated.updateDraft.lockVersion } },
      risk,
    );
  }
  return { id: createDraft.id, policyId, number: createDraft.number };
}
