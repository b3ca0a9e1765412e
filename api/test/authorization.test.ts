import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiSchema } from '../src/app/schema.js';
import { Role } from '../src/core/role.js';
import { testDialects } from './support/databases.js';
import { applicant } from './support/decide.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const ALL_ROLES = Object.values(Role);
const CONSOLE_READERS = [Role.RISK_MANAGER, Role.APPROVER, Role.QA_ANALYST, Role.ADMIN];
const READERS = [...CONSOLE_READERS, Role.APP];

interface Operation {
  document: string;
  variables?: () => Record<string, unknown>;
  /** 'public' needs no credentials at all. */
  allowed: Role[] | 'public';
}

let counter = 0;
const unique = () => `authz-${Date.now()}-${counter++}`;

/**
 * Every root field with who may call it. A field missing here fails the test, so a new query or
 * mutation cannot ship without a decision about its roles.
 */
const MATRIX: Record<string, Operation> = {
  'Query.me': { document: 'query { me { id } }', allowed: ALL_ROLES },
  'Query.factCatalog': { document: 'query { factCatalog { name } }', allowed: ALL_ROLES },
  'Query.decision': { document: `query { decision(id: "${UNKNOWN_ID}") { id } }`, allowed: READERS },
  'Query.decisions': { document: 'query { decisions(first: 1) { totalCount } }', allowed: READERS },
  'Query.borrower': { document: 'query { borrower(externalRef: "nobody") { id } }', allowed: READERS },
  'Query.borrowers': { document: 'query { borrowers(first: 1) { totalCount } }', allowed: READERS },
  'Query.users': { document: 'query { users { id } }', allowed: [Role.ADMIN] },
  'Query.apiKeys': { document: 'query { apiKeys { id } }', allowed: [Role.ADMIN] },
  'Query.policies': { document: 'query { policies { id } }', allowed: CONSOLE_READERS },
  'Query.policy': { document: `query { policy(id: "${UNKNOWN_ID}") { id } }`, allowed: CONSOLE_READERS },
  'Query.policyVersion': {
    document: `query { policyVersion(id: "${UNKNOWN_ID}") { id } }`,
    allowed: CONSOLE_READERS,
  },
  'Query.policyDiff': {
    document: `query { policyDiff(fromVersionId: "${UNKNOWN_ID}", toVersionId: "${UNKNOWN_ID}") }`,
    allowed: CONSOLE_READERS,
  },
  'Query.auditEvents': {
    document: 'query { auditEvents(first: 1) { totalCount } }',
    allowed: CONSOLE_READERS,
  },
  'Query.verifyAuditLog': { document: 'query { verifyAuditLog { valid } }', allowed: CONSOLE_READERS },
  'Query.caseSets': { document: 'query { caseSets(first: 1) { totalCount } }', allowed: CONSOLE_READERS },
  'Query.caseSet': { document: `query { caseSet(id: "${UNKNOWN_ID}") { id } }`, allowed: CONSOLE_READERS },
  'Mutation.createDraft': {
    document: `mutation { createDraft(input: { policyId: "${UNKNOWN_ID}" }) { id } }`,
    allowed: [Role.RISK_MANAGER, Role.ADMIN],
  },
  'Mutation.updateDraft': {
    document: `mutation { updateDraft(input: { versionId: "${UNKNOWN_ID}", document: {}, expectedLockVersion: 1 }) { id } }`,
    allowed: [Role.RISK_MANAGER, Role.ADMIN],
  },
  'Mutation.submitVersion': {
    document: `mutation { submitVersion(input: { versionId: "${UNKNOWN_ID}" }) { id } }`,
    allowed: [Role.RISK_MANAGER, Role.ADMIN],
  },
  'Mutation.approveVersion': {
    document: `mutation { approveVersion(input: { versionId: "${UNKNOWN_ID}" }) { id } }`,
    allowed: [Role.APPROVER, Role.ADMIN],
  },
  'Mutation.rejectVersion': {
    document: `mutation { rejectVersion(input: { versionId: "${UNKNOWN_ID}", comment: "no" }) { id } }`,
    allowed: [Role.APPROVER, Role.ADMIN],
  },
  'Mutation.publishVersion': {
    document: `mutation { publishVersion(input: { versionId: "${UNKNOWN_ID}" }) { id } }`,
    allowed: [Role.RISK_MANAGER, Role.APPROVER, Role.ADMIN],
  },
  'Mutation.setChallenger': {
    document: `mutation { setChallenger(input: { policyId: "${UNKNOWN_ID}" }) { id } }`,
    allowed: [Role.RISK_MANAGER, Role.APPROVER, Role.ADMIN],
  },
  'Mutation.rollbackPolicy': {
    document: `mutation { rollbackPolicy(input: { policyId: "${UNKNOWN_ID}" }) { id } }`,
    allowed: [Role.RISK_MANAGER, Role.APPROVER, Role.ADMIN],
  },
  'Mutation.tryPolicy': {
    document: `mutation { tryPolicy(input: { versionId: "${UNKNOWN_ID}", facts: {} }) { result } }`,
    allowed: CONSOLE_READERS,
  },
  'Mutation.importCaseSet': {
    document: `mutation { importCaseSet(input: { name: "authz", format: CSV, mapping: {}, content: "" }) { importedRows } }`,
    allowed: [Role.RISK_MANAGER, Role.QA_ANALYST, Role.ADMIN],
  },
  'Query.backtests': { document: 'query { backtests(first: 1) { totalCount } }', allowed: CONSOLE_READERS },
  'Query.backtest': { document: `query { backtest(id: "${UNKNOWN_ID}") { id } }`, allowed: CONSOLE_READERS },
  'Mutation.startBacktest': {
    document: `mutation { startBacktest(input: { caseSetId: "${UNKNOWN_ID}", candidateVersionIds: [] }) { id } }`,
    allowed: [Role.RISK_MANAGER, Role.QA_ANALYST, Role.ADMIN],
  },
  'Mutation.replayDecisions': {
    document: `mutation { replayDecisions(input: { filter: { borrowerId: "${UNKNOWN_ID}" } }) { id } }`,
    allowed: [Role.RISK_MANAGER, Role.QA_ANALYST, Role.ADMIN],
  },
  'Mutation.cancelBacktest': {
    document: `mutation { cancelBacktest(id: "${UNKNOWN_ID}") { id } }`,
    allowed: [Role.RISK_MANAGER, Role.QA_ANALYST, Role.ADMIN],
  },
  'Query.scorecardFits': {
    document: 'query { scorecardFits(first: 1) { totalCount } }',
    allowed: CONSOLE_READERS,
  },
  'Query.scorecardFit': {
    document: `query { scorecardFit(id: "${UNKNOWN_ID}") { id } }`,
    allowed: CONSOLE_READERS,
  },
  'Mutation.startScorecardFit': {
    document: `mutation { startScorecardFit(input: { caseSetId: "${UNKNOWN_ID}", name: "fitted", characteristics: [] }) { id } }`,
    allowed: [Role.RISK_MANAGER, Role.QA_ANALYST, Role.ADMIN],
  },
  'Query.portfolioReviews': {
    document: 'query { portfolioReviews(first: 1) { totalCount } }',
    allowed: CONSOLE_READERS,
  },
  'Query.portfolioReview': {
    document: `query { portfolioReview(id: "${UNKNOWN_ID}") { id } }`,
    allowed: CONSOLE_READERS,
  },
  'Query.reviewSchedule': { document: 'query { reviewSchedule { cron } }', allowed: CONSOLE_READERS },
  'Query.alerts': { document: 'query { alerts(first: 1) { totalCount } }', allowed: CONSOLE_READERS },
  'Query.alert': { document: `query { alert(id: "${UNKNOWN_ID}") { id } }`, allowed: CONSOLE_READERS },
  'Query.exposureBudgets': {
    document: 'query { exposureBudgets { name } }',
    allowed: CONSOLE_READERS,
  },
  'Query.overflowCustomers': {
    document: 'query { overflowCustomers(first: 1) { totalCount } }',
    allowed: CONSOLE_READERS,
  },
  'Query.complianceRuns': {
    document: 'query { complianceRuns(first: 1) { totalCount } }',
    allowed: CONSOLE_READERS,
  },
  'Query.complianceRun': {
    document: `query { complianceRun(id: "${UNKNOWN_ID}") { id } }`,
    allowed: CONSOLE_READERS,
  },
  'Query.complianceFindings': {
    document: 'query { complianceFindings(first: 1, filter: { status: OPEN }) { totalCount } }',
    allowed: CONSOLE_READERS,
  },
  'Query.complianceFinding': {
    document: `query { complianceFinding(id: "${UNKNOWN_ID}") { id } }`,
    allowed: CONSOLE_READERS,
  },
  'Mutation.runComplianceCheck': {
    document: 'mutation { runComplianceCheck(productKey: "no-such-product") { id } }',
    allowed: [Role.RISK_MANAGER, Role.ADMIN],
  },
  'Mutation.annotateComplianceFinding': {
    document: `mutation { annotateComplianceFinding(input: { id: "${UNKNOWN_ID}", note: "seen" }) { id } }`,
    allowed: [Role.RISK_MANAGER, Role.APPROVER, Role.ADMIN],
  },
  'Mutation.runPortfolioReview': {
    document: 'mutation { runPortfolioReview(productKey: "no-such-product") { id } }',
    allowed: [Role.RISK_MANAGER, Role.ADMIN],
  },
  'Mutation.setReviewSchedule': {
    document: 'mutation { setReviewSchedule(productKey: "no-such-product", cron: null) { cron } }',
    allowed: [Role.RISK_MANAGER, Role.ADMIN],
  },
  'Mutation.acknowledgeAlert': {
    document: `mutation { acknowledgeAlert(input: { id: "${UNKNOWN_ID}" }) { id } }`,
    allowed: [Role.RISK_MANAGER, Role.APPROVER, Role.ADMIN],
  },
  'Mutation.approveAlert': {
    document: `mutation { approveAlert(input: { id: "${UNKNOWN_ID}" }) { id } }`,
    allowed: [Role.APPROVER, Role.ADMIN],
  },
  'Mutation.dismissAlert': {
    document: `mutation { dismissAlert(input: { id: "${UNKNOWN_ID}" }) { id } }`,
    allowed: [Role.RISK_MANAGER, Role.APPROVER, Role.ADMIN],
  },
  'Mutation.recordLineBehaviour': {
    document: `mutation { recordLineBehaviour(input: { creditLineId: "${UNKNOWN_ID}", drawnBalance: "0.00", facts: {}, asOf: "2026-11-28T00:00:00Z" }) { id } }`,
    allowed: [Role.APP, Role.ADMIN],
  },
  'Mutation.login': {
    document: 'mutation { login(email: "qa@spillway.local", password: "spillway-demo") { token } }',
    allowed: 'public',
  },
  'Mutation.decide': {
    document: 'mutation ($input: DecideInput!) { decide(input: $input) { id } }',
    variables: () => ({ input: applicant(unique()) }),
    allowed: [Role.APP, Role.ADMIN],
  },
  'Mutation.acknowledgeAlerts': {
    document: `mutation { acknowledgeAlerts(input: { ids: ["${UNKNOWN_ID}"] }) { failures { code } } }`,
    allowed: [Role.RISK_MANAGER, Role.APPROVER, Role.ADMIN],
  },
  'Mutation.approveAlerts': {
    document: `mutation { approveAlerts(input: { ids: ["${UNKNOWN_ID}"] }) { failures { code } } }`,
    allowed: [Role.APPROVER, Role.ADMIN],
  },
  'Mutation.dismissAlerts': {
    document: `mutation { dismissAlerts(input: { ids: ["${UNKNOWN_ID}"] }) { failures { code } } }`,
    allowed: [Role.RISK_MANAGER, Role.APPROVER, Role.ADMIN],
  },
  'Mutation.resolveReferrals': {
    document: `mutation { resolveReferrals(input: { decisionIds: ["${UNKNOWN_ID}"], action: DECLINE, note: "n" }) { failures { code } } }`,
    allowed: [Role.RISK_MANAGER],
  },
  'Query.policyVersions': {
    document: 'query { policyVersions(first: 1) { totalCount } }',
    allowed: CONSOLE_READERS,
  },
  'Query.demoMode': { document: 'query { demoMode }', allowed: CONSOLE_READERS },
  'Mutation.resolveReferral': {
    document: `mutation { resolveReferral(input: { decisionId: "${UNKNOWN_ID}", action: DECLINE, note: "n" }) { id } }`,
    allowed: [Role.RISK_MANAGER],
  },
  'Mutation.createUser': {
    document: 'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
    variables: () => ({
      input: {
        email: `${unique()}@spillway.local`,
        name: 'N',
        password: 'long enough password',
        roles: ['QA_ANALYST'],
      },
    }),
    allowed: [Role.ADMIN],
  },
  'Mutation.deactivateUser': {
    document: `mutation { deactivateUser(input: { id: "${UNKNOWN_ID}" }) { id } }`,
    allowed: [Role.ADMIN],
  },
  'Mutation.createApiKey': {
    document: 'mutation { createApiKey(input: { name: "authz" }) { key } }',
    allowed: [Role.ADMIN],
  },
  'Mutation.revokeApiKey': {
    document: `mutation { revokeApiKey(input: { id: "${UNKNOWN_ID}" }) { id } }`,
    allowed: [Role.ADMIN],
  },
};

describe('the authorisation matrix', () => {
  it('names every query and mutation of the schema', async () => {
    const schema = await buildApiSchema();
    const fields = [
      ...Object.keys(schema.getQueryType()?.getFields() ?? {}).map((name) => `Query.${name}`),
      ...Object.keys(schema.getMutationType()?.getFields() ?? {}).map((name) => `Mutation.${name}`),
    ];
    expect(fields.filter((field) => !(field in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((field) => !fields.includes(field))).toEqual([]);
  });
});

describe.each(dialects)('authorisation on %s', (dialect) => {
  let api: TestApi;
  const credentials = new Map<Role | 'ANONYMOUS', Record<string, string>>();
  beforeAll(async () => {
    api = await startTestApi(dialect);
    credentials.set('ANONYMOUS', {});
    credentials.set(Role.APP, api.asApp);
    credentials.set(Role.RISK_MANAGER, await api.asUser('risk@spillway.local'));
    credentials.set(Role.APPROVER, await api.asUser('approver@spillway.local'));
    credentials.set(Role.QA_ANALYST, await api.asUser('qa@spillway.local'));
    credentials.set(Role.ADMIN, await api.asUser('admin@spillway.local'));
  });
  afterAll(async () => {
    await api?.close();
  });

  it.each(Object.entries(MATRIX))('%s answers each caller as the matrix says', async (_field, operation) => {
    for (const [caller, headers] of credentials) {
      const result = await api.request(operation.document, operation.variables?.() ?? {}, headers);
      const code = result.errors?.[0]?.extensions?.code;
      const allowed =
        operation.allowed === 'public' || (caller !== 'ANONYMOUS' && operation.allowed.includes(caller));
      const expected = allowed ? 'not refused' : caller === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
      const actual = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? code : 'not refused';
      expect({ caller, outcome: actual }).toEqual({ caller, outcome: expected });
    }
  });
});
