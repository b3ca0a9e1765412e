import { defaultPolicies } from '@spillway/rules';
import { expect } from 'vitest';
import { graphql } from './server.js';

/** A case mapping for `casesCsv`'s columns. */
export const CASES_MAPPING = {
  version: 1,
  columns: {
    income: { fact: 'monthlyIncome' },
    debts: { fact: 'monthlyDebtService' },
    score: { fact: 'bureauScore' },
    age: { fact: 'age' },
    employment: { fact: 'employmentMonths' },
    lenders: { fact: 'multiLenderCount' },
    inquiries: { fact: 'inquiries3m' },
    dpd: { fact: 'maxDpd12m' },
    amount: { type: 'number' },
    term: { type: 'integer' },
  },
  outcome: { column: 'defaulted', defaultValues: ['1'], nonDefaultValues: ['0'] },
  application: { requestedAmount: 'amount', termMonths: 'term' },
};

/**
 * `count` cases: scores spread over the band a stricter ADMISSION moves, incomes and requests varied, every
 * ninth a default. About 48 bytes a row.
 */
export function casesCsv(count: number, prefix = 'W') {
  const lines = ['ref,income,debts,score,age,employment,lenders,inquiries,dpd,amount,term,defaulted'];
  for (let i = 1; i <= count; i++) {
    lines.push(
      [
        `${prefix}-${i}`,
        6000 + (i % 37) * 400,
        (i % 11) * 150,
        560 + (i % 240),
        22 + (i % 40),
        12 + (i % 90),
        i % 4,
        i % 5,
        i % 13 === 0 ? 45 : 0,
        5000 + (i % 30) * 1000,
        12,
        i % 9 === 0 ? 1 : 0,
      ].join(','),
    );
  }
  return lines.join('\n');
}

/** A draft of the product's ADMISSION declining scores below 650: the candidate of the tests' backtests. */
export async function stricterAdmissionDraft(url: string, auth: Record<string, string>): Promise<string> {
  const policies = await graphql<{ policies: { id: string; kind: string }[] }>(
    url,
    'query { policies { id kind } }',
    {},
    auth,
  );
  const admission = policies.data!.policies.find((policy) => policy.kind === 'ADMISSION')!;
  const draft = await graphql<{ createDraft: { id: string; lockVersion: number } }>(
    url,
    'mutation ($input: CreateDraftInput!) { createDraft(input: $input) { id lockVersion } }',
    { input: { policyId: admission.id } },
    auth,
  );
  const stricter = defaultPolicies().ADMISSION;
  stricter.parameters = { ...stricter.parameters, minBureauScore: 650 };
  const updated = await graphql(
    url,
    'mutation ($input: UpdateDraftInput!) { updateDraft(input: $input) { id } }',
    {
      input: {
        versionId: draft.data!.createDraft.id,
        expectedLockVersion: draft.data!.createDraft.lockVersion,
        document: stricter,
      },
    },
    auth,
  );
  expect(updated.errors).toBeUndefined();
  return draft.data!.createDraft.id;
}

/** Polls `read` until `done` says so, or fails after `timeoutMs` with what `describe` says. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  {
    timeoutMs = 120_000,
    everyMs = 250,
    describe = () => '',
  }: { timeoutMs?: number; everyMs?: number; describe?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${JSON.stringify(value)}\n${describe()}`);
    await new Promise((wait) => setTimeout(wait, everyMs));
  }
}

/** The nearest-rank percentile of sorted values. */
export const percentile = (sorted: number[], share: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
