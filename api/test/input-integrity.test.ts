/**
 * Regression tests of the hostile-caller review (issue 10): no input reaches a database or a recursive walk
 * unchecked, every refusal is BAD_USER_INPUT naming the argument path and a reason, and no response carries
 * a stack. The fuzz test (fuzz.test.ts) explores the same ground at random.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Borrower } from '../src/borrowers/borrower.entity.js';
import { Decision } from '../src/decisions/decision.entity.js';
import { CASE_MAPPING, caseCsv } from './support/cases.js';
import { testDialects } from './support/databases.js';
import { applicant, DECIDE } from './support/decide.js';
import { type GraphQLResult, startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** What a refusal says, in the shape every assertion below compares. */
const refusal = (result: GraphQLResult) => {
  const extensions = result.errors?.[0]?.extensions ?? {};
  return { code: extensions.code, field: extensions.field, reason: extensions.reason };
};

/** A JSON text nested `depth` levels deep under `key`; built as text, since JSON.stringify would overflow. */
const deepJson = (depth: number, key = 'a') => `${`{"${key}":`.repeat(depth)}1${'}'.repeat(depth)}`;

describe.each(dialects)('input integrity on %s', (dialect) => {
  let api: TestApi;
  let admin: Record<string, string>;

  /** Posts a body whose variables are given as JSON text. */
  async function postRaw(query: string, variablesJson: string, headers: Record<string, string>) {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: `{"query":${JSON.stringify(query)},"variables":${variablesJson}}`,
    });
    expect(response.status).toBeLessThan(500);
    return (await response.json()) as GraphQLResult;
  }

  /** Decides the test applicant with some fields overridden, as the app. */
  const decideWith = (key: string, overrides: Parameters<typeof applicant>[1] = {}) =>
    api.request(DECIDE, { input: applicant(key, overrides) }, api.asApp);

  beforeAll(async () => {
    api = await startTestApi(dialect);
    admin = await api.asUser('admin@spillway.local');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('refuses a NUL byte in any string argument, naming the argument, and stores nothing', async () => {
    const nul = 'a\u0000b';
    const cases: [string, Record<string, unknown>, Record<string, string>, string][] = [
      [
        DECIDE,
        { input: applicant('nul-1', { borrower: { externalRef: nul } }) },
        api.asApp,
        'input.borrower.externalRef',
      ],
      [DECIDE, { input: applicant('nul-2', { borrower: { name: nul } }) }, api.asApp, 'input.borrower.name'],
      [DECIDE, { input: { ...applicant('nul-3'), idempotencyKey: nul } }, api.asApp, 'input.idempotencyKey'],
      [
        'query ($s: String) { borrowers(filter: { search: $s }) { totalCount } }',
        { s: nul },
        admin,
        'filter.search',
      ],
      [
        'query ($p: String) { decisions(filter: { productKey: $p }) { totalCount } }',
        { p: nul },
        admin,
        'filter.productKey',
      ],
      [
        'query ($a: String) { auditEvents(filter: { actor: $a }) { totalCount } }',
        { a: nul },
        admin,
        'filter.actor',
      ],
      [
        'query ($i: String) { alerts(filter: { indicator: $i }) { totalCount } }',
        { i: nul },
        admin,
        'filter.indicator',
      ],
      ['query ($a: String) { decisions(after: $a) { totalCount } }', { a: nul }, admin, 'after'],
      [
        'mutation ($e: String!) { login(email: $e, password: "spillway-demo") { token } }',
        { e: `admin@spillway.local${nul}` },
        {},
        'email',
      ],
      [
        'mutation ($input: ImportCaseSetInput!) { importCaseSet(input: $input) { importedRows } }',
        {
          input: {
            name: 'nul cells',
            format: 'CSV',
            mapping: CASE_MAPPING,
            refColumn: 'ref',
            content: caseCsv(3).replace('\n', `\n${nul}`),
          },
        },
        admin,
        'input.content',
      ],
    ];
    const borrowersBefore = await api.orm.em.fork().count(Borrower, {});
    for (const [query, variables, headers, field] of cases) {
      const result = await api.request(query, variables, headers);
      expect(refusal(result), field).toEqual({ code: 'BAD_USER_INPUT', field, reason: 'NUL_BYTE' });
    }
    expect(await api.orm.em.fork().count(Borrower, {})).toBe(borrowersBefore);
  });

  it('refuses ids that are not UUIDs before they reach the database, in arguments and input fields', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['query { decision(id: "abc") { id } }', {}, 'id'],
      ['query ($id: ID!) { policyVersion(id: $id) { id } }', { id: "1' or '1'='1" }, 'id'],
      ['query { borrower(id: 42) { id } }', {}, 'id'],
      [
        'query ($b: ID) { decisions(filter: { borrowerId: $b }) { totalCount } }',
        { b: 'x' },
        'filter.borrowerId',
      ],
      [
        'mutation ($input: VersionActionInput!) { approveVersion(input: $input) { id } }',
        { input: { versionId: 'abc' } },
        'input.versionId',
      ],
      [
        'mutation ($input: StartBacktestInput!) { startBacktest(input: $input) { id } }',
        { input: { caseSetId: UNKNOWN_ID, candidateVersionIds: [UNKNOWN_ID, 'nope'] } },
        'input.candidateVersionIds[1]',
      ],
      [
        'query ($f: ID!, $t: ID!) { policyDiff(fromVersionId: $f, toVersionId: $t) }',
        { f: UNKNOWN_ID, t: `${UNKNOWN_ID}0` },
        'toVersionId',
      ],
    ];
    for (const [query, variables, field] of cases) {
      const result = await api.request(query, variables, admin);
      expect(refusal(result), field).toEqual({ code: 'BAD_USER_INPUT', field, reason: 'INVALID_ID' });
    }
    // A well-formed id that names nothing is simply not there.
    const unknown = await api.request(`query { decision(id: "${UNKNOWN_ID}") { id } }`, {}, admin);
    expect(refusal(unknown).code).toBe('NOT_FOUND');
  });

  it('refuses strings over their bound and lone surrogates, and takes longer text where a field allows it', async () => {
    const tooLong = await decideWith('long-1', { borrower: { region: 'r'.repeat(256) } });
    expect(refusal(tooLong)).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.borrower.region',
      reason: 'TOO_LONG',
    });
    expect(tooLong.errors?.[0].extensions?.limit).toBe(255);

    const surrogate = await decideWith('surrogate-1', { borrower: { name: 'Li \ud800Wei' } });
    expect(refusal(surrogate)).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.borrower.name',
      reason: 'LONE_SURROGATE',
    });
    // A surrogate pair is a character like any other.
    const paired = await decideWith('surrogate-2', { borrower: { name: 'Li 😀 Wei' } });
    expect(paired.errors).toBeUndefined();

    const reject = (comment: string) =>
      api.request(
        'mutation ($input: VersionActionInput!) { rejectVersion(input: $input) { id } }',
        { input: { versionId: UNKNOWN_ID, comment } },
        admin,
      );
    expect(refusal(await reject('c'.repeat(2000))).code).toBe('NOT_FOUND');
    expect(refusal(await reject('c'.repeat(2001)))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.comment',
      reason: 'TOO_LONG',
    });
  });

  it('refuses facts, documents and mappings nested thousands of levels deep, and keeps serving', async () => {
    const input = JSON.stringify(applicant('deep-1'));
    const deepFacts = await postRaw(
      DECIDE,
      `{"input":${input.replace(/"facts":\{[^}]*\}/, `"facts":${deepJson(5000, 'bureauScore')}`)}}`,
      api.asApp,
    );
    expect(refusal(deepFacts)).toEqual({
      code: 'BAD_USER_INPUT',
      field: `input.facts${'.bureauScore'.repeat(32)}`,
      reason: 'TOO_DEEP',
    });
    expect(deepFacts.errors?.[0].extensions?.limit).toBe(32);

    const policies = (await api.request('query { policies { id kind } }', {}, admin)).data.policies;
    const admissionId = policies.find((policy: { kind: string }) => policy.kind === 'ADMISSION').id;
    const draft = (
      await api.request(
        'mutation ($input: CreateDraftInput!) { createDraft(input: $input) { id lockVersion } }',
        { input: { policyId: admissionId } },
        await api.asUser('risk@spillway.local'),
      )
    ).data.createDraft;
    const deepConditions = `{"kind":"ADMISSION","rules":[{"conditions":${deepJson(3000, 'all')}}]}`;
    const updated = await postRaw(
      'mutation ($input: UpdateDraftInput!) { updateDraft(input: $input) { id } }',
      `{"input":{"versionId":"${draft.id}","expectedLockVersion":${draft.lockVersion},"document":${deepConditions}}}`,
      await api.asUser('risk@spillway.local'),
    );
    expect(refusal(updated)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_DEEP' });
    expect(refusal(updated).field).toMatch(/^input\.document\.rules\[0\]\.conditions(\.all)+$/);

    const tried = await postRaw(
      'mutation ($input: TryPolicyInput!) { tryPolicy(input: $input) { result } }',
      `{"input":{"document":${deepConditions},"facts":{}}}`,
      admin,
    );
    expect(refusal(tried)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_DEEP' });

    const mapping = await postRaw(
      'mutation ($input: ImportCaseSetInput!) { importCaseSet(input: $input) { importedRows } }',
      `{"input":{"name":"deep","format":"CSV","content":"a\\n1\\n","mapping":${deepJson(2000)}}}`,
      admin,
    );
    expect(refusal(mapping)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_DEEP' });

    const nulKey = await decideWith('nul-key', { facts: { 'bureau\u0000Score': 700 } });
    expect(refusal(nulKey)).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.facts["bureau\\u0000Score"]',
      reason: 'NUL_BYTE',
    });

    const wide = await decideWith('wide', {
      facts: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`f${i}`, i])),
    });
    expect(refusal(wide)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.facts', reason: 'TOO_MANY_KEYS' });

    const healthy = await decideWith('after-deep');
    expect(healthy.errors).toBeUndefined();
  });

  it('answers monthlyIncome: null with a coded error on the field', async () => {
    const result = await decideWith('null-income', { borrower: { monthlyIncome: null } });
    expect(refusal(result)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.borrower.monthlyIncome' });
    expect(await api.orm.em.fork().count(Decision, { application: { idempotencyKey: 'null-income' } })).toBe(
      0,
    );
  });

  it('answers hostile credential headers with a 4xx, never a 5xx', async () => {
    const status = async (headers: Record<string, string>) => {
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      const body = response.status === 431 ? null : ((await response.json()) as GraphQLResult);
      return [response.status, body?.errors?.[0]?.extensions?.code];
    };
    expect(await status({ 'x-api-key': 'k'.repeat(8000) })).toEqual([401, 'UNAUTHENTICATED']);
    expect(await status({ 'x-api-key': `${'\u00ff'.repeat(8)}rest` })).toEqual([401, 'UNAUTHENTICATED']);
    expect(await status({ authorization: `Bearer ${'t'.repeat(8000)}` })).toEqual([401, 'UNAUTHENTICATED']);
    expect(await status({ 'x-api-key': 'k'.repeat(20_000) })).toEqual([431, undefined]);

    // fetch refuses to send a NUL in a header; Node's HTTP parser refuses it before the app sees it.
    const port = new URL(api.url).port;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n' +
            'x-api-key: spillway\u0000-demo-app-key\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}',
        );
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk;
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('finds borrowers by a search holding a literal _, % or \\', async () => {
    for (const externalRef of ['LIT_1', 'LITX1', 'LIT%2', 'LITY2', 'LIT\\3', 'LIT3']) {
      const result = await decideWith(`search-${externalRef}`, { borrower: { externalRef } });
      expect(result.errors).toBeUndefined();
    }
    const search = async (text: string) => {
      const result = await api.request(
        'query ($s: String) { borrowers(first: 100, filter: { search: $s }) { edges { node { externalRef } } } }',
        { s: text },
        admin,
      );
      return result.data.borrowers.edges.map(
        (edge: { node: { externalRef: string } }) => edge.node.externalRef,
      );
    };
    expect(await search('LIT_')).toEqual(['LIT_1']);
    expect(await search('LIT%')).toEqual(['LIT%2']);
    expect(await search('LIT\\')).toEqual(['LIT\\3']);
    expect((await search('lit')).sort()).toEqual(
      ['LIT%2', 'LIT3', 'LITX1', 'LITY2', 'LIT\\3', 'LIT_1'].sort(),
    );
  });
});

describe.each(dialects)('responses in development mode on %s', (dialect) => {
  it('carry no stack, SQL or input values when something unexpected breaks', async () => {
    const api = await startTestApi(dialect, { nodeEnv: 'development' });
    try {
      await api.orm.em
        .getConnection()
        .execute(`drop table alert${dialect === 'postgresql' ? ' cascade' : ''}`);
      const result = await api.request(
        'query ($i: String) { alerts(filter: { indicator: $i }) { totalCount } }',
        { i: 'secret-input-value' },
        await api.asUser('admin@spillway.local'),
      );
      expect(result.errors?.[0]).toEqual({
        message: 'Internal error',
        path: ['alerts'],
        extensions: { code: 'INTERNAL' },
      });
    } finally {
      await api.close();
    }
  });
});
