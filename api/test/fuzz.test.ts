/**
 * A hostile caller, at random but reproducibly (fixed seeds): decide, the list filters, login, policy documents
 * and case-set rows with hostile strings, ids, amounts, numbers, dates and JSON. Whatever it sends, the answer is
 * never INTERNAL and never an HTTP 5xx. On failure fast-check prints the seed and the shrunk input.
 */
import { catalogFact, defaultPolicies, factCatalog } from '@spillway/rules';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_HEADER, CASE_MAPPING } from './support/cases.js';
import { testDialects } from './support/databases.js';
import { applicant } from './support/decide.js';
import { startTestApi, type TestApi } from './support/harness.js';

const UTILIZATION_MAX = catalogFact('utilization')?.domain.maximum as number;

const dialects = await testDialects();

/** Cases per database: both together stay within about a minute on two shared cores. */
const RUNS: Record<string, number> = { sqlite: 1500, postgresql: 900 };
const SEEDS: Record<string, number> = { sqlite: 20261203, postgresql: 20261204 };

const FACTS = Object.keys(factCatalog);

const hostileText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udfffy',
      '😀',
      "' or '1'='1' --",
      '%',
      '_',
      '\\',
      '"',
      '%_\\',
      '\u202e',
      'null',
      '-1',
      '1e309',
      '__proto__',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 250, max: 3000 }).map((length) => 'x'.repeat(length)) },
);

const maybe = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary }, fc.constant(undefined), fc.constant(null));

/** Absent most of the time: one hostile field at a time lets the rest of a call reach deep code. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

/** A valid value usually, a hostile one sometimes. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: hostile });

/** Without the keys whose value is undefined, so they do not replace a valid value in a spread. */
const defined = (object: object) =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));

const hostileNumber = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1.5, -0),
);

/** For Int arguments: mostly in range, sometimes beyond 32 bits or not an integer at all. */
const intish = mostly(fc.integer({ min: -5, max: 400 }), hostileNumber);

const hostileMoney = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.integer({ min: -1_000_000, max: 10_000_000 }).map((cents) => (cents / 100).toFixed(2)),
  },
  { weight: 2, arbitrary: hostileText },
  fc.constantFrom('9999999999999.99', '-9999999999999.99', '0.001', '1e5', ' 12 ', '0x10', '١٢'),
  fc.constant(null),
  hostileNumber,
);

const hostileDate = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom('0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T00:00:00Z', '2026-11-01'),
  hostileText,
);

const jsonLeaf = fc.oneof(hostileText, hostileNumber, fc.boolean(), fc.constant(null));
const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(hostileText, jsonLeaf, { maxKeys: 6 }),
  fc.array(jsonLeaf, { maxLength: 6 }),
);

const facts = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.dictionary(
      fc.oneof(fc.constantFrom(...FACTS), hostileText),
      fc.oneof(jsonLeaf, hostileJson),
      {
        maxKeys: 8,
      },
    ),
  },
  fc.dictionary(hostileText, hostileJson, { maxKeys: 4 }),
);

const enumOf = (...values: string[]) => mostly(fc.constantFrom(...values), hostileText);

const condition = fc.letrec<{ condition: unknown }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      fact: fc.oneof(fc.constantFrom(...FACTS), hostileText),
      operator: enumOf('lessThan', 'greaterThan', 'equal', 'in', 'notIn'),
      value: fc.oneof(jsonLeaf, fc.array(jsonLeaf, { maxLength: 3 })),
    }),
    fc.record({ all: fc.array(tie('condition'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('condition'), { maxLength: 3 }) }),
    fc.record({ not: tie('condition') }),
  ),
})).condition;

const ADMISSION = defaultPolicies().ADMISSION as unknown as Record<string, unknown> & { rules: unknown[] };

const policyDocument = fc.oneof(
  fc.constant(ADMISSION),
  fc
    .record({
      name: hostileText,
      priority: hostileNumber,
      conditions: condition,
      event: fc.record({
        type: enumOf('decline', 'refer', 'cap'),
        params: fc.dictionary(hostileText, jsonLeaf),
      }),
    })
    .map((rule) => ({ ...ADMISSION, rules: [...ADMISSION.rules, rule] })),
  fc
    .dictionary(
      hostileText,
      fc.oneof(
        hostileText,
        fc.constantFrom('1/0', 'max()', 'if(', 'bureauScore * 1e308', 'dsr + dsr', 'x'.repeat(600)),
      ),
      { maxKeys: 3 },
    )
    .map((derived) => ({ ...ADMISSION, facts: { ...(ADMISSION.facts as object), ...derived } })),
  fc.dictionary(hostileText, hostileJson, { maxKeys: 5 }),
);

/** A few rows of the test mapping's columns, some cells hostile, some the right kind of value. */
const csvContent = fc
  .array(
    fc.tuple(
      mostly(
        fc.integer({ min: 1, max: 1_000_000 }).map((n) => `C-${n}`),
        hostileText,
      ),
      mostly(fc.integer({ min: -5000, max: 90_000 }).map(String), hostileText),
      mostly(fc.integer({ min: 0, max: 1000 }).map(String), hostileText),
      mostly(fc.integer({ min: -100, max: 200_000 }).map(String), hostileText),
      fc.constantFrom('0', '1', '?', '', 'x'),
      fc.constantFrom('', 'APPROVE', 'DECLINE', 'nope'),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((rows) =>
    [CASE_HEADER.join(','), ...rows.map((cells) => cells.map((cell) => JSON.stringify(cell)).join(','))].join(
      '\n',
    ),
  );

interface Call {
  query: string;
  variables: Record<string, unknown>;
  as: 'app' | 'admin' | 'anonymous';
}

describe.each(dialects)('a hostile caller on %s', (dialect) => {
  let api: TestApi;
  let headers: Record<Call['as'], Record<string, string>>;
  const ids = { policy: '', draft: '', borrower: '', decision: '' };
  let draftLockVersion = 1;

  async function send(call: Call) {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers[call.as] },
      body: JSON.stringify({ query: call.query, variables: call.variables }),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as { data?: any; errors?: any[] } };
  }

  beforeAll(async () => {
    // Limits high enough that the fuzzer reaches the resolvers rather than the rate limiter.
    api = await startTestApi(dialect, { rateLimitPerMinute: 1_000_000, loginAttemptsPerMinute: 1_000_000 });
    const admin = await api.asUser('admin@spillway.local');
    headers = { app: api.asApp, admin, anonymous: {} };
    const policies = (await api.request('query { policies { id kind } }', {}, admin)).data.policies;
    ids.policy = policies.find((policy: { kind: string }) => policy.kind === 'ADMISSION').id;
    const draft = (
      await api.request(
        'mutation ($input: CreateDraftInput!) { createDraft(input: $input) { id lockVersion } }',
        { input: { policyId: ids.policy } },
        await api.asUser('risk@spillway.local'),
      )
    ).data.createDraft;
    ids.draft = draft.id;
    draftLockVersion = draft.lockVersion;
    const decided = await api.request(
      'mutation ($input: DecideInput!) { decide(input: $input) { id borrower { id } } }',
      { input: applicant('fuzz-seed') },
      api.asApp,
    );
    ids.decision = decided.data.decide.id;
    ids.borrower = decided.data.decide.borrower.id;
  });
  afterAll(async () => {
    await api?.close();
  });

  /** Known ids half the time, so calls get past "not found" into the code behind it. */
  const hostileId = () =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(ids.policy, ids.draft, ids.borrower, ids.decision) },
      fc.uuid(),
      hostileText,
      fc.constantFrom(ids.borrower.toUpperCase(), `${ids.borrower}0`, '1'),
    );

  function calls(): fc.Arbitrary<Call> {
    const id = hostileId();
    const page = { first: rarely(maybe(intish)), after: rarely(maybe(hostileText)) };
    const mutation = (name: string, type: string, selection = 'id') =>
      `mutation ($input: ${type}!) { ${name}(input: $input) { ${selection} } }`;
    const query = (text: string, variables: Record<string, unknown>, as: Call['as'] = 'admin'): Call => ({
      query: text,
      variables,
      as,
    });
    let decides = 0;
    // A creditworthy applicant with a few hostile fields: most of a decide reaches the pipeline and the store.
    const decideInput = fc
      .record({
        top: fc.record({
          idempotencyKey: rarely(hostileText),
          productKey: rarely(maybe(fc.oneof(fc.constant('cash-line'), hostileText))),
          asOf: rarely(maybe(hostileDate)),
        }),
        borrower: fc.record({
          externalRef: rarely(hostileText),
          name: rarely(maybe(hostileText)),
          nationalId: rarely(maybe(hostileText)),
          phone: rarely(maybe(fc.oneof(fc.constant('+86 138 0013 8000'), hostileText))),
          monthlyIncome: rarely(maybe(hostileMoney)),
          monthlyDebtService: rarely(maybe(hostileMoney)),
          age: rarely(maybe(intish)),
          employmentMonths: rarely(maybe(intish)),
          region: rarely(maybe(hostileText)),
        }),
        application: fc.record({
          requestedAmount: rarely(hostileMoney),
          termMonths: rarely(intish),
          purpose: rarely(maybe(hostileText)),
          channel: rarely(maybe(hostileText)),
        }),
        facts: rarely(facts),
      })
      .map((hostile) => {
        const base = applicant(`fuzz-${dialect}-${decides++}`);
        return {
          ...base,
          ...defined(hostile.top),
          borrower: { ...base.borrower, ...defined(hostile.borrower) },
          application: { ...base.application, ...defined(hostile.application) },
          facts: { ...base.facts, ...hostile.facts },
        };
      });
    const tryInput = fc
      .tuple(
        fc.oneof(
          fc.record({ document: policyDocument, productKey: rarely(hostileText) }),
          fc.record({ versionId: mostly(fc.constant(ids.draft), id) }),
        ),
        fc.oneof(
          fc.record({
            facts,
            application: rarely(fc.record({ requestedAmount: hostileMoney, termMonths: intish })),
          }),
          fc.record({ decisionId: mostly(fc.constant(ids.decision), id) }),
          fc.record({
            borrowerId: mostly(fc.constant(ids.borrower), id),
            application: fc.record({ requestedAmount: hostileMoney, termMonths: intish }),
          }),
        ),
        fc.record({ asOf: rarely(hostileDate), caseId: rarely(id) }),
      )
      .map(([policy, source, extra]) => defined({ ...policy, ...source, ...extra }));

    return fc.oneof(
      {
        weight: 6,
        arbitrary: decideInput.map((input) =>
          query(mutation('decide', 'DecideInput', 'id outcome approvedLimit'), { input }, 'app'),
        ),
      },
      {
        weight: 2,
        arbitrary: fc
          .record({
            ...page,
            filter: maybe(
              fc.record({
                outcome: rarely(enumOf('APPROVE', 'DECLINE', 'REFER')),
                referralStatus: rarely(enumOf('PENDING', 'APPROVED')),
                borrowerId: rarely(id),
                productKey: rarely(hostileText),
                from: rarely(hostileDate),
                to: rarely(hostileDate),
                overflow: rarely(fc.boolean()),
              }),
            ),
          })
          .map((variables) =>
            query(
              `query ($first: Int, $after: String, $filter: DecisionFilter) {
                decisions(first: $first, after: $after, filter: $filter) { totalCount edges { node { id outcome } } } }`,
              variables,
            ),
          ),
      },
      {
        weight: 2,
        arbitrary: fc
          .record({
            ...page,
            search: maybe(hostileText),
            overflowOnly: rarely(fc.boolean()),
            id: rarely(id),
            ref: rarely(hostileText),
          })
          .map(({ first, after, search, overflowOnly, id: borrowerId, ref }) =>
            query(
              `query ($first: Int, $after: String, $filter: BorrowerFilter, $id: ID, $ref: String, $one: Boolean!) {
                borrowers(first: $first, after: $after, filter: $filter) { totalCount edges { node { id externalRef } } }
                borrower(id: $id, externalRef: $ref) @include(if: $one) { id } }`,
              {
                first,
                after,
                filter: { search, overflowOnly },
                id: borrowerId,
                ref,
                one: borrowerId !== undefined || ref !== undefined,
              },
            ),
          ),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({
            severity: rarely(enumOf('HIGH', 'LOW')),
            indicator: rarely(hostileText),
            status: rarely(enumOf('OPEN', 'DISMISSED')),
            cutStatus: rarely(enumOf('NONE', 'APPLIED')),
            productKey: rarely(hostileText),
            creditLineId: rarely(id),
            borrowerId: rarely(id),
          })
          .map((filter) =>
            query('query ($filter: AlertFilterInput) { alerts(first: 5, filter: $filter) { totalCount } }', {
              filter,
            }),
          ),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({
            action: rarely(hostileText),
            actor: rarely(hostileText),
            entityType: rarely(hostileText),
            entityId: rarely(fc.oneof(id, hostileText)),
          })
          .map((filter) =>
            query(
              'query ($filter: AuditEventFilter) { auditEvents(first: 5, filter: $filter) { totalCount } }',
              {
                filter,
              },
            ),
          ),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({
            ...page,
            caseSetId: rarely(id),
            kind: rarely(enumOf('BACKTEST', 'REPLAY')),
            status: rarely(enumOf('QUEUED', 'RUNNING')),
          })
          .map((variables) =>
            query(
              `query ($first: Int, $after: String, $caseSetId: ID, $kind: BacktestKind, $status: JobStatus) {
                backtests(first: $first, after: $after, caseSetId: $caseSetId, kind: $kind, status: $status) { totalCount } }`,
              variables,
            ),
          ),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({ email: mostly(fc.constant('admin@spillway.local'), hostileText), password: hostileText })
          .map((variables) =>
            query(
              'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
              variables,
              'anonymous',
            ),
          ),
      },
      {
        weight: 2,
        arbitrary: fc
          .record({ document: policyDocument, lockVersion: rarely(hostileNumber), versionId: rarely(id) })
          .map(({ document, lockVersion, versionId }) =>
            query(mutation('updateDraft', 'UpdateDraftInput', 'id lockVersion'), {
              input: {
                versionId: versionId ?? ids.draft,
                document,
                expectedLockVersion: lockVersion ?? draftLockVersion,
              },
            }),
          ),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({ policyId: mostly(fc.constant(ids.policy), id), fromVersionId: rarely(id) })
          .map((input) => query(mutation('createDraft', 'CreateDraftInput'), { input: defined(input) })),
      },
      {
        weight: 2,
        arbitrary: tryInput.map((input) =>
          query(mutation('tryPolicy', 'TryPolicyInput', 'result problems { code }'), { input }),
        ),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({
            name: mostly(fc.constant('fuzzed cases'), hostileText),
            content: csvContent,
            keepValidRows: fc.boolean(),
            mapping: mostly(fc.constant(CASE_MAPPING), hostileJson),
            refColumn: rarely(maybe(fc.oneof(fc.constant('ref'), hostileText))),
          })
          .map((input) =>
            query(mutation('importCaseSet', 'ImportCaseSetInput', 'importedRows failedRows'), {
              input: { format: 'CSV', ...defined(input) },
            }),
          ),
      },
    );
  }

  it('never answers INTERNAL or an HTTP 5xx', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(calls(), async (call) => {
        const { status, text, body } = await send(call);
        expect(status, text).toBeLessThan(500);
        const codes = (body.errors ?? []).map((error) => error.extensions?.code);
        expect(codes, text).not.toContain('INTERNAL');
        if (body.data?.updateDraft) draftLockVersion = body.data.updateDraft.lockVersion;
      }),
      { seed: SEEDS[dialect], numRuns: RUNS[dialect], endOnFailure: true },
    );
  });

  // The domain half of the property: every fact has a domain in the rules catalog, and decide holds request
  // facts and profile fields to it, so an out-of-domain applicant is refused or referred, never approved.
  it('never approves an applicant whose inputs are outside their domains', {
    timeout: 120_000,
  }, async () => {
    const outOfDomain = fc.oneof(
      fc
        .integer({ min: -10_000_000, max: -1 })
        .map((cents) => ({ borrower: { monthlyIncome: (cents / 100).toFixed(2) } })),
      fc
        .integer({ min: -10_000_000, max: -1 })
        .map((cents) => ({ borrower: { monthlyDebtService: (cents / 100).toFixed(2) } })),
      fc
        .integer({ min: -10_000_000, max: -1 })
        .map((cents) => ({ application: { requestedAmount: (cents / 100).toFixed(2) } })),
      fc.integer({ min: -1000, max: -1 }).map((monthlyDebtService) => ({ facts: { monthlyDebtService } })),
      fc.integer({ min: -50, max: -1 }).map((multiLenderCount) => ({ facts: { multiLenderCount } })),
      fc.integer({ min: -50, max: -1 }).map((inquiries3m) => ({ facts: { inquiries3m } })),
      fc.integer({ min: -400, max: -1 }).map((maxDpd12m) => ({ facts: { maxDpd12m } })),
      fc
        .oneof(fc.integer({ min: 851, max: 100_000 }), fc.integer({ min: -1000, max: 299 }))
        .map((bureauScore) => ({
          facts: { bureauScore },
        })),
      fc
        .oneof(
          // over-limit lines are real (utilization above 1): only past the catalog's maximum is nonsense
          fc.double({ min: UTILIZATION_MAX * 1.0001, max: UTILIZATION_MAX * 1000, noNaN: true }),
          fc.double({ min: -1000, max: -0.0001, noNaN: true }),
        )
        .map((utilization) => ({ facts: { utilization } })),
    );
    let case_ = 0;
    await fc.assert(
      fc.asyncProperty(outOfDomain, async (overrides) => {
        const input = applicant(`fuzz-domain-${dialect}-${case_++}`, overrides);
        const { text, body } = await send({
          query: 'mutation ($input: DecideInput!) { decide(input: $input) { outcome } }',
          variables: { input },
          as: 'app',
        });
        expect(body.data?.decide?.outcome, text).not.toBe('APPROVE');
      }),
      { seed: SEEDS[dialect], numRuns: 100, endOnFailure: true },
    );
  });
});
