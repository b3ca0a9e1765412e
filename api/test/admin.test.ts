import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { ApiKey } from '../src/auth/api-key.entity.js';
import { User } from '../src/auth/user.entity.js';
import { testDialects } from './support/databases.js';
import { applicant, DECIDE } from './support/decide.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const LOGIN =
  'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }';

describe.each(dialects)('user and key administration on %s', (dialect) => {
  let api: TestApi;
  let admin: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApi(dialect);
    admin = await api.asUser('admin@spillway.local');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('creates a user who can sign in, and deactivates them', async () => {
    const created = await api.request(
      'mutation ($input: CreateUserInput!) { createUser(input: $input) { id email roles active } }',
      {
        input: {
          email: 'Zhao.Lei@Lender.example',
          name: 'Zhao Lei',
          password: 'correct horse battery',
          roles: ['APPROVER'],
        },
      },
      admin,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createUser).toMatchObject({
      email: 'zhao.lei@lender.example',
      roles: ['APPROVER'],
      active: true,
    });
    const stored = await api.orm.em.fork().findOneOrFail(User, { email: 'zhao.lei@lender.example' });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain('correct horse');

    const login = await api.request(LOGIN, {
      email: 'zhao.lei@lender.example',
      password: 'correct horse battery',
    });
    expect(login.data.login.token).toBeTruthy();
    const duplicate = await api.request(
      'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
      {
        input: {
          email: 'zhao.lei@lender.example',
          name: 'Again',
          password: 'another long pass',
          roles: ['APPROVER'],
        },
      },
      admin,
    );
    expect(duplicate.errors?.[0].extensions?.code).toBe('CONFLICT');

    await api.request(
      'mutation ($id: ID!) { deactivateUser(input: { id: $id }) { active } }',
      { id: stored.id },
      admin,
    );
    const refused = await api.request(LOGIN, {
      email: 'zhao.lei@lender.example',
      password: 'correct horse battery',
    });
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const session = await api.request(
      'query { me { email } }',
      {},
      { authorization: `Bearer ${login.data.login.token}` },
    );
    expect(session.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects weak passwords, bad emails and the APP role for users', async () => {
    const attempt = (input: object) =>
      api.request(
        'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
        { input },
        admin,
      );
    const weak = await attempt({ email: 'a@b.example', name: 'A', password: 'short', roles: ['APPROVER'] });
    expect(weak.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const email = await attempt({
      email: 'not-an-email',
      name: 'A',
      password: 'long enough password',
      roles: ['APPROVER'],
    });
    expect(email.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const app = await attempt({
      email: 'c@d.example',
      name: 'A',
      password: 'long enough password',
      roles: ['APP'],
    });
    expect(app.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('issues an API key once, stores only its hash, and revocation shuts it out', async () => {
    const created = await api.request(
      'mutation { createApiKey(input: { name: "servicing-app" }) { key apiKey { id name prefix roles revokedAt } } }',
      {},
      admin,
    );
    const { key, apiKey } = created.data.createApiKey;
    expect(apiKey).toMatchObject({ name: 'servicing-app', roles: ['APP'], revokedAt: null });
    const stored = await api.orm.em.fork().findOneOrFail(ApiKey, { id: apiKey.id });
    expect(stored.keyHash).not.toContain(key);

    const allowed = await api.request(DECIDE, { input: applicant('key-1') }, { 'x-api-key': key });
    expect(allowed.errors).toBeUndefined();
    await api.request(
      'mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { revokedAt } }',
      { id: apiKey.id },
      admin,
    );
    const refused = await api.request(DECIDE, { input: applicant('key-2') }, { 'x-api-key': key });
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const twice = await api.request(
      'mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { id } }',
      { id: apiKey.id },
      admin,
    );
    expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('audits every user and key change in an unbroken chain', async () => {
    const events = await api.orm.em.fork().find(AuditEvent, { entityType: { $in: ['User', 'ApiKey'] } });
    expect(events.map((event) => event.action)).toEqual(
      expect.arrayContaining(['user.create', 'user.deactivate', 'apiKey.create', 'apiKey.revoke']),
    );
    expect(events.every((event) => event.actor === 'admin@spillway.local')).toBe(true);
    expect(await api.spillway.services.audit.verify(api.orm.em.fork())).toMatchObject({
      valid: true,
      brokenAt: null,
    });
  });

  it('lets only ADMIN manage users and keys', async () => {
    const result = await api.request(
      'query { users { email } }',
      {},
      await api.asUser('risk@spillway.local'),
    );
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
