import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../src/auth/auth.service.js';
import { Role } from '../src/core/role.js';
import { Decision } from '../src/decisions/decision.entity.js';
import { testDialects } from './support/databases.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const PASSWORD = 'a-production-password-for-tests';

describe.each(dialects)('production mode on %s', (dialect) => {
  let api: TestApi;
  let riskManager: Record<string, string>;
  const lines: string[] = [];
  beforeAll(async () => {
    api = await startTestApi(
      dialect,
      { production: true, nodeEnv: 'production', demo: false },
      { logDestination: { write: (line: string) => lines.push(line) } },
    );
    await AuthService.createUser(api.orm.em.fork(), {
      email: 'risk@bank.example',
      name: 'Risk',
      password: PASSWORD,
      roles: [Role.RISK_MANAGER],
    });
    const login = await api.request(
      'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
      { email: 'risk@bank.example', password: PASSWORD },
    );
    riskManager = { authorization: `Bearer ${login.data.login.token}` };
  });
  afterAll(async () => {
    await api?.close();
  });

  it('refuses introspection but still answers __typename', async () => {
    const introspection = await api.request('{ __schema { queryType { name } } }', {}, riskManager);
    expect(introspection.errors?.[0]).toMatchObject({
      message: expect.stringContaining('introspection'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(introspection.data).toBeUndefined();
    expect((await api.request('{ __typename }', {}, riskManager)).data).toEqual({ __typename: 'Query' });
  });

  it('answers an unexpected failure as INTERNAL with no detail, which goes to the log under the request id', async () => {
    await api.orm.em.getConnection().execute('alter table decision rename to decision_moved_away');
    try {
      const result = await api.request(
        '{ decisions(first: 1) { totalCount } }',
        {},
        {
          ...riskManager,
          'x-request-id': 'req-internal-1',
        },
      );
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0]).toEqual({
        message: 'Internal error',
        path: ['decisions'],
        extensions: { code: 'INTERNAL' },
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const logged = lines
        .map((line) => JSON.parse(line))
        .filter((line) => line.requestId === 'req-internal-1');
      expect(logged.map((line) => [line.level, line.msg])).toEqual([
        [50, 'unexpected error in a resolver'],
        [30, 'graphql request'],
      ]);
      expect(logged[0].err.message).toContain('decision');
    } finally {
      await api.orm.em.getConnection().execute('alter table decision_moved_away rename to decision');
    }
  });
});

describe.each(dialects)('CSRF prevention on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(dialect);
  });
  afterAll(async () => {
    await api?.close();
  });

  const DECIDE = `mutation { decide(input: { idempotencyKey: "csrf-1", borrower: { externalRef: "B-csrf" },
    application: { requestedAmount: "1000.00", termMonths: 12 } }) { id } }`;

  it('refuses a text/plain POST, which a browser sends cross-site without a preflight', async () => {
    const before = await api.orm.em.fork().count(Decision, {});
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...api.asApp },
      body: JSON.stringify({ query: DECIDE }),
    });
    expect(response.status).toBe(400);
    const body: any = await response.json();
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await api.orm.em.fork().count(Decision, {})).toBe(before);
  });

  it('refuses a GET without the apollo-require-preflight header, and a mutation over GET at all', async () => {
    const before = await api.orm.em.fork().count(Decision, {});
    const url = `${api.url}/graphql?query=${encodeURIComponent(DECIDE)}`;
    const simple = await fetch(url, { headers: api.asApp });
    expect(simple.status).toBe(400);
    expect(((await simple.json()) as any).errors[0]).toMatchObject({
      message: expect.stringContaining('Cross-Site Request Forgery'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const preflighted = await fetch(url, { headers: { ...api.asApp, 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(405);
    expect(await api.orm.em.fork().count(Decision, {})).toBe(before);
  });
});
